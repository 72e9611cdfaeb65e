// FileCredentialStore, the file the operator chose when no keychain is available: passwords
// round-trip through a real file that is owner-only (0600) from its creation on, whatever the
// umask; a file other users can read or change, or one that is damaged or newer, is refused
// with the reason and left byte for byte as it was; two stores on one file see each other.

#include "device/filecredentialstore.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <optional>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
struct ReadResult
{
    std::optional<QString> password;
    QString error;
};

ReadResult readNow(CredentialStore &store, const QString &id)
{
    QObject context;
    std::optional<ReadResult> result;
    store.readPassword(id, &context,
                       [&result](const std::optional<QString> &password, const QString &error) {
                           result = ReadResult { password, error };
                       });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }))
        return { std::nullopt, u"<no answer>"_s };
    return *result;
}

QString writeNow(CredentialStore &store, const QString &id, const QString &password)
{
    QObject context;
    std::optional<QString> result;
    store.writePassword(id, password, &context,
                        [&result](const QString &error) { result = error; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }))
        return u"<no answer>"_s;
    return *result;
}

QString removeNow(CredentialStore &store, const QString &id)
{
    QObject context;
    std::optional<QString> result;
    store.removePassword(id, &context, [&result](const QString &error) { result = error; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }))
        return u"<no answer>"_s;
    return *result;
}

// The file's permission bits as the kernel has them.
int modeOf(const QString &path)
{
    struct stat st
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

bool writeFile(const QString &path, const QByteArray &bytes, int mode)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    file.write(bytes);
    file.close();
    return ::chmod(QFile::encodeName(path).constData(), mode_t(mode)) == 0;
}

QByteArray contentsOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray validFile()
{
    return QByteArrayLiteral(
        R"({"format": "gatewatch-credentials", "version": 1, "passwords": {"gate-1": "pw1"}})");
}

// Sets the umask for one scope.
class ScopedUmask final
{
public:
    explicit ScopedUmask(mode_t mask)
        : m_previous(::umask(mask))
    { }
    ~ScopedUmask() { ::umask(m_previous); }
    ScopedUmask(const ScopedUmask &) = delete;
    ScopedUmask &operator=(const ScopedUmask &) = delete;

private:
    mode_t m_previous;
};
} // namespace

class TestFileCredentialStore final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void roundTrip();
    void ownerOnlyFromTheStart();
    void contentIsTheDocumentedFormat();
    void secondStoreSeesTheFirst();
    void refusesFileOthersCanUse_data();
    void refusesFileOthersCanUse();
    void refusesDamagedOrNewerFile_data();
    void refusesDamagedOrNewerFile();
    void fixedFileWorksAtOnce();
    void missingFolderIsAnError();
    void removingNothingWritesNothing();
    void emptyFileIsEmpty();

private:
    QString path() const { return m_dir->filePath(u"passwords.json"_s); }

    std::optional<QTemporaryDir> m_dir;
};

void TestFileCredentialStore::init()
{
    m_dir.emplace();
    QVERIFY(m_dir->isValid());
}

void TestFileCredentialStore::roundTrip()
{
    FileCredentialStore store(path());
    QCOMPARE(store.kind(), CredentialStore::Kind::OwnerOnlyFile);
    QVERIFY(store.description().contains(path()));
    QVERIFY(store.description().contains(u"not encrypted"_s));
    QCOMPARE(store.problem(), QString());

    ReadResult read = readNow(store, u"gate-1"_s);
    QCOMPARE(read.error, QString());
    QCOMPARE(read.password, std::nullopt);
    QVERIFY(!QFile::exists(path())); // reading creates nothing

    const QString password = u"pässwörd \"with\" quotes\n密码"_s;
    QCOMPARE(writeNow(store, u"gate-1"_s, password), QString());
    QCOMPARE(writeNow(store, u"gate-2"_s, u"second"_s), QString());
    read = readNow(store, u"gate-1"_s);
    QCOMPARE(read.error, QString());
    QCOMPARE(read.password, std::optional<QString>(password));

    QCOMPARE(writeNow(store, u"gate-1"_s, u"changed"_s), QString());
    QCOMPARE(readNow(store, u"gate-1"_s).password, std::optional<QString>(u"changed"_s));

    QCOMPARE(removeNow(store, u"gate-1"_s), QString());
    read = readNow(store, u"gate-1"_s);
    QCOMPARE(read.error, QString());
    QCOMPARE(read.password, std::nullopt);
    QCOMPARE(readNow(store, u"gate-2"_s).password, std::optional<QString>(u"second"_s));

    // An empty password removes.
    QCOMPARE(writeNow(store, u"gate-2"_s, QString()), QString());
    QCOMPARE(readNow(store, u"gate-2"_s).password, std::nullopt);

    // Atomic rewrites leave no temporary files behind.
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files | QDir::Hidden),
             QStringList { u"passwords.json"_s });
}

void TestFileCredentialStore::ownerOnlyFromTheStart()
{
    // With no umask at all, anything created with default permissions would be 0666: the
    // file must still be 0600, right after its creation and after every rewrite.
    const ScopedUmask noMask(0);
    FileCredentialStore store(path());
    QCOMPARE(writeNow(store, u"gate-1"_s, u"pw1"_s), QString());
    QCOMPARE(modeOf(path()), 0600);
    QCOMPARE(writeNow(store, u"gate-2"_s, u"pw2"_s), QString());
    QCOMPARE(modeOf(path()), 0600);
    QCOMPARE(removeNow(store, u"gate-1"_s), QString());
    QCOMPARE(modeOf(path()), 0600);
    QCOMPARE(QFileInfo(path()).ownerId(), ::geteuid());
}

void TestFileCredentialStore::contentIsTheDocumentedFormat()
{
    FileCredentialStore store(path());
    QCOMPARE(writeNow(store, u"6f1c2a8e-1d0b-4f5e-9a77-0c3e5b2d4a10"_s, u"pw"_s), QString());
    const QJsonDocument document = QJsonDocument::fromJson(contentsOf(path()));
    QVERIFY(document.isObject());
    const QJsonObject expected {
        { u"format"_s, u"gatewatch-credentials"_s },
        { u"version"_s, 1 },
        { u"passwords"_s, QJsonObject { { u"6f1c2a8e-1d0b-4f5e-9a77-0c3e5b2d4a10"_s, u"pw"_s } } }
    };
    QCOMPARE(document.object(), expected);
}

void TestFileCredentialStore::secondStoreSeesTheFirst()
{
    FileCredentialStore first(path());
    FileCredentialStore second(path());
    QCOMPARE(writeNow(first, u"gate-1"_s, u"from first"_s), QString());
    QCOMPARE(readNow(second, u"gate-1"_s).password, std::optional<QString>(u"from first"_s));
    QCOMPARE(writeNow(second, u"gate-2"_s, u"from second"_s), QString());
    // The first store's next change keeps what the second one wrote.
    QCOMPARE(writeNow(first, u"gate-3"_s, u"third"_s), QString());
    QCOMPARE(readNow(first, u"gate-2"_s).password, std::optional<QString>(u"from second"_s));
    QCOMPARE(readNow(second, u"gate-1"_s).password, std::optional<QString>(u"from first"_s));
    QCOMPARE(readNow(second, u"gate-3"_s).password, std::optional<QString>(u"third"_s));
}

void TestFileCredentialStore::refusesFileOthersCanUse_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("words");

    QTest::newRow("0644") << 0644 << u"is readable by other users"_s;
    QTest::newRow("0640") << 0640 << u"is readable by other users"_s;
    QTest::newRow("0604") << 0604 << u"is readable by other users"_s;
    QTest::newRow("0620") << 0620 << u"can be changed by other users"_s;
    QTest::newRow("0602") << 0602 << u"can be changed by other users"_s;
}

void TestFileCredentialStore::refusesFileOthersCanUse()
{
    QFETCH(int, mode);
    QFETCH(QString, words);
    QVERIFY(writeFile(path(), validFile(), mode));
    const QString expected = path() + u' ' + words + u"; fix its permissions with chmod 600 "_s
        + path() + u", or choose another file"_s;

    FileCredentialStore store(path());
    QCOMPARE(store.problem(), expected);
    const ReadResult read = readNow(store, u"gate-1"_s);
    QCOMPARE(read.password, std::nullopt); // not even what is in it
    QCOMPARE(read.error, expected);
    QCOMPARE(writeNow(store, u"gate-2"_s, u"pw2"_s), expected);
    QCOMPARE(removeNow(store, u"gate-1"_s), expected);
    // Left as it was: neither rewritten nor "fixed" behind the operator's back.
    QCOMPARE(contentsOf(path()), validFile());
    QCOMPARE(modeOf(path()), mode);
}

void TestFileCredentialStore::refusesDamagedOrNewerFile_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("words");

    const QString notOurs = u"is not a GateWatch credentials file ("_s;
    QTest::newRow("not json") << QByteArray(R"({"format": "gatewatch-cred)") << notOurs;
    QTest::newRow("binary") << QByteArray("\x00\x01\x02\xff", 4) << notOurs;
    QTest::newRow("array") << QByteArray("[1, 2]") << notOurs;
    QTest::newRow("other format") << QByteArray(
        R"({"format": "gatewatch-devices", "version": 1, "devices": []})")
                                  << notOurs;
    QTest::newRow("no version") << QByteArray(
        R"({"format": "gatewatch-credentials", "passwords": {}})")
                                << notOurs;
    QTest::newRow("passwords not object")
        << QByteArray(R"({"format": "gatewatch-credentials", "version": 1, "passwords": []})")
        << notOurs;
    QTest::newRow("password not text")
        << QByteArray(R"({"format": "gatewatch-credentials", "version": 1, "passwords": {"a": 5}})")
        << notOurs;
    QTest::newRow("newer")
        << QByteArray(R"({"format": "gatewatch-credentials", "version": 2, "passwords": {}})")
        << u"was written by a newer GateWatch (version 2; this one reads version 1)"_s;
}

void TestFileCredentialStore::refusesDamagedOrNewerFile()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, words);
    QVERIFY(writeFile(path(), content, 0600));

    FileCredentialStore store(path());
    const QString problem = store.problem();
    QVERIFY2(problem.startsWith(path() + u' ' + words), qPrintable(problem));
    QVERIFY2(problem.contains(u"it is kept as it is"_s), qPrintable(problem));

    const ReadResult read = readNow(store, u"a"_s);
    QCOMPARE(read.password, std::nullopt);
    QCOMPARE(read.error, problem);
    QCOMPARE(writeNow(store, u"gate-1"_s, u"pw"_s), problem);
    QCOMPARE(removeNow(store, u"a"_s), problem);
    QCOMPARE(contentsOf(path()), content);
}

void TestFileCredentialStore::fixedFileWorksAtOnce()
{
    QVERIFY(writeFile(path(), validFile(), 0644));
    FileCredentialStore store(path());
    QVERIFY(!store.problem().isEmpty());
    // The operator runs chmod 600 while GateWatch runs.
    QVERIFY(QFile::setPermissions(path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    QCOMPARE(store.problem(), QString());
    const ReadResult read = readNow(store, u"gate-1"_s);
    QCOMPARE(read.error, QString());
    QCOMPARE(read.password, std::optional<QString>(u"pw1"_s));
}

void TestFileCredentialStore::missingFolderIsAnError()
{
    const QString inMissing = m_dir->filePath(u"no-such-folder/passwords.json"_s);
    FileCredentialStore store(inMissing);
    const QString expected = u"cannot use "_s + inMissing + u": the folder "_s
        + m_dir->filePath(u"no-such-folder"_s) + u" does not exist"_s;
    QCOMPARE(store.problem(), expected);
    QCOMPARE(writeNow(store, u"gate-1"_s, u"pw"_s), expected);
    QCOMPARE(readNow(store, u"gate-1"_s).error, expected);
}

void TestFileCredentialStore::removingNothingWritesNothing()
{
    FileCredentialStore store(path());
    QCOMPARE(removeNow(store, u"gate-1"_s), QString());
    QVERIFY(!QFile::exists(path()));
}

void TestFileCredentialStore::emptyFileIsEmpty()
{
    // What a first write leaves if it is interrupted between creating the file and filling it.
    QVERIFY(writeFile(path(), QByteArray(), 0600));
    FileCredentialStore store(path());
    QCOMPARE(store.problem(), QString());
    QCOMPARE(readNow(store, u"gate-1"_s).password, std::nullopt);
    QCOMPARE(writeNow(store, u"gate-1"_s, u"pw"_s), QString());
    QCOMPARE(readNow(store, u"gate-1"_s).password, std::optional<QString>(u"pw"_s));
    QCOMPARE(modeOf(path()), 0600);
}

QTEST_GUILESS_MAIN(TestFileCredentialStore)
#include "tst_filecredentialstore.moc"
