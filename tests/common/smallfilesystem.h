#pragma once

// A small real file system of the test's own, to fill up and to turn read-only: a tmpfs mounted
// in a mount namespace that only the test process (and the children it starts) sees, so that
// the machine's own mounts are never touched and the mount goes away with the process.
//
// The namespace is entered in main() (GW_TEST_MAIN_WITH_PRIVATE_MOUNTS), before any thread
// exists: a thread started earlier would stay in the namespace it was born in. It needs
// CAP_SYS_ADMIN (root, or a container allowed to mount); without it the tests fail, naming what
// is missing (SmallFileSystem::mount reports it).

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>
#include <QTest>

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace PrivateMounts {

inline QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

// Why the process has no mount namespace of its own; empty when it has one.
inline QString &namespaceProblem()
{
    static QString problem = QStringLiteral("the test's main() did not enter a mount namespace");
    return problem;
}

// Enters a mount namespace of the process's own, whose mounts do not propagate back to the
// machine's. Call it first thing in main().
inline void enterNamespace()
{
    if (::unshare(CLONE_NEWNS) != 0) {
        namespaceProblem()
            = QStringLiteral("cannot create a mount namespace (unshare(CLONE_NEWNS): %1). These "
                             "tests mount a small tmpfs to fill it up and make it read-only: "
                             "they need CAP_SYS_ADMIN; run them as root, or in a container "
                             "that is allowed to mount file systems")
                  .arg(errnoText());
        return;
    }
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
        namespaceProblem()
            = QStringLiteral("cannot make the test's mounts private (mount --make-rprivate /: "
                             "%1)")
                  .arg(errnoText());
        return;
    }
    namespaceProblem().clear();
}

// A tmpfs of a few MiB on an empty folder. Unmounted when destroyed.
class SmallFileSystem final
{
public:
    SmallFileSystem() = default;
    ~SmallFileSystem() { unmount(); }
    SmallFileSystem(const SmallFileSystem &) = delete;
    SmallFileSystem &operator=(const SmallFileSystem &) = delete;

    // Mounts a tmpfs of `bytes` on `path` (created if missing); false with *error.
    bool mount(const QString &path, qint64 bytes, QString *error)
    {
        if (!namespaceProblem().isEmpty()) {
            *error = namespaceProblem();
            return false;
        }
        if (!QDir().mkpath(path)) {
            *error = QStringLiteral("cannot create %1").arg(path);
            return false;
        }
        const QByteArray options = "size=" + QByteArray::number(bytes) + ",mode=0755";
        if (::mount("gatewatch-test", QFile::encodeName(path).constData(), "tmpfs", 0,
                    options.constData())
            != 0) {
            *error = QStringLiteral("cannot mount a tmpfs on %1: %2").arg(path, errnoText());
            return false;
        }
        m_path = path;
        m_bytes = bytes;
        return true;
    }

    QString path() const { return m_path; }
    QString filePath(const QString &name) const { return QDir(m_path).filePath(name); }

    // Writes a filler file until no space is left (the write fails with ENOSPC); false with
    // *error on any other failure.
    bool fill(QString *error)
    {
        const QByteArray name = QFile::encodeName(filePath(QStringLiteral("filler")));
        const int fd = ::open(name.constData(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd < 0) {
            *error = QStringLiteral("cannot create the filler: %1").arg(errnoText());
            return false;
        }
        std::array<char, 4096> block {};
        block.fill('x');
        bool full = false;
        while (!full) {
            const ssize_t written = ::write(fd, block.data(), block.size());
            if (written < 0) {
                if (errno != ENOSPC) {
                    *error = QStringLiteral("cannot write the filler: %1").arg(errnoText());
                    ::close(fd);
                    return false;
                }
                full = true;
            }
        }
        ::close(fd);
        return true;
    }
    // Deletes the filler: the space comes back.
    bool removeFiller() { return QFile::remove(filePath(QStringLiteral("filler"))); }

    qint64 freeBytes() const
    {
        struct statvfs info
        {
        };
        if (::statvfs(QFile::encodeName(m_path).constData(), &info) != 0)
            return -1;
        return qint64(info.f_bavail) * qint64(info.f_frsize);
    }

    // Remounts it read-only or writable, with `bytes` as its new size (>= what it holds; 0
    // keeps the size). A read-only remount is refused (EBUSY) while a file on it is open for
    // writing: the caller retries until whoever holds one closes it.
    bool remount(bool readOnly, qint64 bytes, QString *error)
    {
        if (bytes > 0)
            m_bytes = bytes;
        const QByteArray options = "size=" + QByteArray::number(m_bytes);
        unsigned long flags = MS_REMOUNT;
        if (readOnly)
            flags |= MS_RDONLY;
        if (::mount(nullptr, QFile::encodeName(m_path).constData(), nullptr, flags,
                    options.constData())
            != 0) {
            *error = QStringLiteral("cannot remount %1 %2: %3")
                         .arg(m_path,
                              readOnly ? QStringLiteral("read-only") : QStringLiteral("writable"),
                              errnoText());
            return false;
        }
        return true;
    }

    void unmount()
    {
        if (m_path.isEmpty())
            return;
        // Lazily: a child that still has a file open there does not keep the mount.
        ::umount2(QFile::encodeName(m_path).constData(), MNT_DETACH);
        m_path.clear();
    }

private:
    QString m_path;
    qint64 m_bytes = 0;
};

} // namespace PrivateMounts

// main() for a test that uses SmallFileSystem: the mount namespace first, then the usual
// QTest main for `AppClass` (QApplication or QCoreApplication).
#define GW_TEST_MAIN_WITH_PRIVATE_MOUNTS(TestObject, AppClass)                                     \
    int main(int argc, char *argv[])                                                               \
    {                                                                                              \
        PrivateMounts::enterNamespace();                                                           \
        AppClass app(argc, argv);                                                                  \
        app.setAttribute(Qt::AA_Use96Dpi, true);                                                   \
        TestObject tc;                                                                             \
        QTEST_SET_MAIN_SOURCE_PATH                                                                 \
        return QTest::qExec(&tc, argc, argv);                                                      \
    }
