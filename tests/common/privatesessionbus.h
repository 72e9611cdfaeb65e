#pragma once

// A D-Bus session bus of the test's own (dbus-daemon on a socket in a temporary folder, with
// no service activation: only what the test starts is on it), and optionally a real Secret
// Service on it: GNOME Keyring, its login keyring created and unlocked with a password fed on
// standard input, kept in the temporary folder. Nothing of the machine's own session bus or
// keyrings is used. Everything is stopped when the object is destroyed.

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusServiceWatcher>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QString>
#include <QTemporaryDir>

class PrivateSessionBus final
{
public:
    static constexpr int StartTimeoutMs = 20000;

    PrivateSessionBus() = default;
    PrivateSessionBus(const PrivateSessionBus &) = delete;
    PrivateSessionBus &operator=(const PrivateSessionBus &) = delete;
    ~PrivateSessionBus()
    {
        stop(m_keyring);
        if (!m_connectionName.isEmpty())
            QDBusConnection::disconnectFromBus(m_connectionName);
        stop(m_bus);
    }

    // Starts dbus-daemon; empty on success, else what went wrong.
    QString start()
    {
        using namespace Qt::StringLiterals;
        if (!m_dir.isValid())
            return u"cannot create a temporary folder: "_s + m_dir.errorString();
        const QString daemon = QStandardPaths::findExecutable(u"dbus-daemon"_s);
        if (daemon.isEmpty())
            return u"dbus-daemon is not installed (Debian package dbus-daemon; "
                   u"scripts/install-deps "
                   "installs it)"_s;
        for (const QString &sub : { u"home"_s, u"data"_s, u"config"_s, u"cache"_s, u"run"_s }) {
            if (!QDir(m_dir.path()).mkpath(sub))
                return u"cannot create "_s + m_dir.filePath(sub);
        }
        QFile::setPermissions(m_dir.filePath(u"run"_s),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                  | QFileDevice::ExeOwner);

        const QString config = m_dir.filePath(u"bus.conf"_s);
        QFile configFile(config);
        if (!configFile.open(QIODevice::WriteOnly))
            return u"cannot write "_s + config;
        configFile.write(
            QStringLiteral(
                R"(<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=%1</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
)")
                .arg(m_dir.filePath(u"bus"_s))
                .toUtf8());
        configFile.close();

        m_bus.setProgram(daemon);
        m_bus.setArguments({ u"--config-file="_s + config, u"--nofork"_s, u"--nopidfile"_s,
                             u"--print-address=1"_s });
        m_bus.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_bus.start();
        if (!m_bus.waitForStarted(StartTimeoutMs))
            return u"cannot start dbus-daemon: "_s + m_bus.errorString();
        // It prints its address once it listens.
        const QDeadlineTimer deadline(StartTimeoutMs);
        while (!m_bus.canReadLine()) {
            if (deadline.hasExpired() || m_bus.state() != QProcess::Running
                || !m_bus.waitForReadyRead(int(deadline.remainingTime())))
                return u"dbus-daemon did not start: "_s + m_bus.errorString();
        }
        m_address = QString::fromUtf8(m_bus.readLine().trimmed());
        if (m_address.isEmpty())
            return u"dbus-daemon printed no address"_s;
        return QString();
    }

    QString address() const { return m_address; }
    QString path() const { return m_dir.path(); }

    // The environment of a process on this bus, with its home and XDG folders in the temporary
    // folder, and no desktop named (QtKeychain would look for KWallet first on KDE).
    QProcessEnvironment environment() const
    {
        using namespace Qt::StringLiterals;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, m_address);
        env.insert(u"HOME"_s, m_dir.filePath(u"home"_s));
        env.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"data"_s));
        env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"config"_s));
        env.insert(u"XDG_CACHE_HOME"_s, m_dir.filePath(u"cache"_s));
        env.insert(u"XDG_RUNTIME_DIR"_s, m_dir.filePath(u"run"_s));
        for (const QString &name : desktopVariables())
            env.remove(name);
        return env;
    }

    // Puts this process on the bus: to be called before anything in it uses the session bus.
    void useInThisProcess() const
    {
        qputenv("DBUS_SESSION_BUS_ADDRESS", m_address.toUtf8());
        for (const QString &name : desktopVariables())
            qunsetenv(name.toLocal8Bit().constData());
    }

    // Starts gnome-keyring-daemon's Secret Service on the bus with a login keyring unlocked by
    // `password`, and waits until it owns org.freedesktop.secrets. Empty on success.
    QString startSecretService(const QString &password)
    {
        using namespace Qt::StringLiterals;
        const QString daemon = QStandardPaths::findExecutable(u"gnome-keyring-daemon"_s);
        if (daemon.isEmpty())
            return u"gnome-keyring-daemon is not installed (Debian package gnome-keyring; "
                   "scripts/install-deps installs it)"_s;

        m_connectionName = u"gatewatch-test-fixture"_s;
        QDBusConnection connection = QDBusConnection::connectToBus(m_address, m_connectionName);
        if (!connection.isConnected())
            return u"cannot connect to the private bus: "_s + connection.lastError().message();
        const QString name = u"org.freedesktop.secrets"_s;
        QDBusServiceWatcher watcher(name, connection, QDBusServiceWatcher::WatchForRegistration);
        QSignalSpy registered(&watcher, &QDBusServiceWatcher::serviceRegistered);

        m_keyring.setProgram(daemon);
        m_keyring.setArguments({ u"--foreground"_s, u"--unlock"_s, u"--components=secrets"_s });
        m_keyring.setProcessEnvironment(environment());
        m_keyring.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_keyring.start();
        if (!m_keyring.waitForStarted(StartTimeoutMs))
            return u"cannot start gnome-keyring-daemon: "_s + m_keyring.errorString();
        // --unlock reads the login keyring's password from standard input, to its end.
        m_keyring.write(password.toUtf8());
        m_keyring.closeWriteChannel();

        if (!connection.interface()->isServiceRegistered(name)
            && !registered.wait(StartTimeoutMs)) {
            return u"gnome-keyring-daemon did not register %1 (it %2)"_s.arg(
                name, m_keyring.state() == QProcess::Running ? u"runs"_s : u"exited"_s);
        }
        return QString();
    }

private:
    static QStringList desktopVariables()
    {
        using namespace Qt::StringLiterals;
        return { u"XDG_CURRENT_DESKTOP"_s, u"DESKTOP_SESSION"_s, u"GNOME_DESKTOP_SESSION_ID"_s,
                 u"KDE_FULL_SESSION"_s, u"KDE_SESSION_VERSION"_s };
    }

    static void stop(QProcess &process)
    {
        if (process.state() == QProcess::NotRunning)
            return;
        process.terminate();
        if (!process.waitForFinished(StartTimeoutMs)) {
            process.kill();
            process.waitForFinished(StartTimeoutMs);
        }
    }

    QTemporaryDir m_dir;
    QProcess m_bus;
    QProcess m_keyring;
    QString m_address;
    QString m_connectionName;
};
