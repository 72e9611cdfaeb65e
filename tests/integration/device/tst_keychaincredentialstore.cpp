// KeychainCredentialStore against a real Secret Service: GNOME Keyring on a private session bus
// started by the test (its login keyring in a temporary folder, unlocked with a password fed
// on standard input). Passwords go in and come out through QtKeychain, are found where other
// Secret Service clients look for them (secret-tool), and a missing entry is no error.

#include "../../common/privatesessionbus.h"
#include "device/credentialstores.h"
#include "device/keychaincredentialstore.h"

#include <QDBusInterface>
#include <QDBusReply>
#include <QSignalSpy>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;

namespace {
struct ReadResult
{
    std::optional<QString> password;
    QString error;
};

// Calls the store and waits for its answer. nullopt when none came.
std::optional<ReadResult> readNow(CredentialStore &store, const QString &id)
{
    QObject context;
    std::optional<ReadResult> result;
    store.readPassword(id, &context,
                       [&result](const std::optional<QString> &password, const QString &error) {
                           result = ReadResult { password, error };
                       });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 20000))
        return std::nullopt;
    return result;
}

std::optional<QString> writeNow(CredentialStore &store, const QString &id, const QString &password)
{
    QObject context;
    std::optional<QString> result;
    store.writePassword(id, password, &context,
                        [&result](const QString &error) { result = error; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 20000))
        return std::nullopt;
    return result;
}

std::optional<QString> removeNow(CredentialStore &store, const QString &id)
{
    QObject context;
    std::optional<QString> result;
    store.removePassword(id, &context, [&result](const QString &error) { result = error; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 20000))
        return std::nullopt;
    return result;
}
} // namespace

class TestKeychainCredentialStore final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void probeFindsTheService();
    void roundTrip();
    void missingEntryIsNoError();
    void storedWhereOtherClientsFindIt();
    void emptyPasswordRemoves();
    void callbacksComeLaterAndNotAfterTheContext();
    void selectionPicksTheKeychain();
    void lockedKeychainSaysSo();

private:
    // secret-tool's answer for a GateWatch entry, read on the same bus.
    QString lookupWithSecretTool(const QString &key);

    PrivateSessionBus m_bus;
};

void TestKeychainCredentialStore::initTestCase()
{
    const QString busError = m_bus.start();
    QVERIFY2(busError.isEmpty(), qPrintable(busError));
    // Before anything in this process touches a session bus.
    m_bus.useInThisProcess();
    const QString serviceError = m_bus.startSecretService(u"fixture password"_s);
    QVERIFY2(serviceError.isEmpty(), qPrintable(serviceError));
}

void TestKeychainCredentialStore::probeFindsTheService()
{
    QObject context;
    std::optional<std::pair<bool, QString>> answer;
    KeychainCredentialStore::probe(&context, [&answer](bool available, const QString &reason) {
        answer = std::pair(available, reason);
    });
    QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 20000);
    QVERIFY2(answer->first, qPrintable(answer->second));
    QCOMPARE(answer->second, QString());
}

void TestKeychainCredentialStore::roundTrip()
{
    KeychainCredentialStore store;
    QCOMPARE(store.kind(), CredentialStore::Kind::Keychain);
    const QString id = u"6f1c2a8e-1d0b-4f5e-9a77-0c3e5b2d4a10"_s;
    const QString password = u"s3cret ünïcødé 密码 \"quoted\" \\ back"_s;

    QCOMPARE(writeNow(store, id, password), QString());
    auto read = readNow(store, id);
    QVERIFY(read);
    QCOMPARE(read->error, QString());
    QCOMPARE(read->password, std::optional<QString>(password));

    // A second store (the next start of GateWatch) finds it; overwriting replaces it.
    KeychainCredentialStore again;
    QCOMPARE(writeNow(again, id, u"changed"_s), QString());
    read = readNow(store, id);
    QVERIFY(read);
    QCOMPARE(read->password, std::optional<QString>(u"changed"_s));

    QCOMPARE(removeNow(store, id), QString());
    read = readNow(again, id);
    QVERIFY(read);
    QCOMPARE(read->error, QString());
    QCOMPARE(read->password, std::nullopt);
}

void TestKeychainCredentialStore::missingEntryIsNoError()
{
    KeychainCredentialStore store;
    const auto read = readNow(store, u"never-written"_s);
    QVERIFY(read);
    QCOMPARE(read->error, QString());
    QCOMPARE(read->password, std::nullopt);
    // Removing what is not there is no error either.
    QCOMPARE(removeNow(store, u"never-written"_s), QString());
}

QString TestKeychainCredentialStore::lookupWithSecretTool(const QString &key)
{
    QProcess tool;
    tool.setProcessEnvironment(m_bus.environment());
    // QtKeychain's Secret Service schema: user = key, server = service, type = plaintext.
    tool.start(u"secret-tool"_s,
               { u"lookup"_s, u"server"_s, KeychainCredentialStore::service(), u"user"_s, key });
    if (!tool.waitForFinished(20000))
        return u"<secret-tool: %1>"_s.arg(tool.errorString());
    return QString::fromUtf8(tool.readAllStandardOutput());
}

void TestKeychainCredentialStore::storedWhereOtherClientsFindIt()
{
    KeychainCredentialStore store;
    const QString id = u"front-door"_s;
    QCOMPARE(writeNow(store, id, u"in the keyring"_s), QString());
    QCOMPARE(KeychainCredentialStore::keyFor(id), u"device/front-door"_s);
    QCOMPARE(lookupWithSecretTool(u"device/front-door"_s), u"in the keyring"_s);

    QCOMPARE(removeNow(store, id), QString());
    QCOMPARE(lookupWithSecretTool(u"device/front-door"_s), QString());
}

void TestKeychainCredentialStore::emptyPasswordRemoves()
{
    KeychainCredentialStore store;
    QCOMPARE(writeNow(store, u"gate-2"_s, u"pw"_s), QString());
    QCOMPARE(writeNow(store, u"gate-2"_s, QString()), QString());
    const auto read = readNow(store, u"gate-2"_s);
    QVERIFY(read);
    QCOMPARE(read->password, std::nullopt);
    QCOMPARE(lookupWithSecretTool(u"device/gate-2"_s), QString());
}

void TestKeychainCredentialStore::callbacksComeLaterAndNotAfterTheContext()
{
    KeychainCredentialStore store;
    QCOMPARE(writeNow(store, u"gate-3"_s, u"pw3"_s), QString());

    bool early = false;
    auto *doomed = new QObject;
    store.readPassword(u"gate-3"_s, doomed,
                       [&early](const std::optional<QString> &, const QString &) { early = true; });
    QVERIFY(!early); // not from within the call
    delete doomed;

    // QtKeychain runs jobs one after another: once this later read has answered, the first
    // one has finished too, and its callback was dropped with its context.
    const auto read = readNow(store, u"gate-3"_s);
    QVERIFY(read);
    QCOMPARE(read->password, std::optional<QString>(u"pw3"_s));
    QVERIFY(!early);

    bool called = false;
    QObject context;
    store.writePassword(u"gate-3"_s, u"pw4"_s, &context,
                        [&called](const QString &) { called = true; });
    QVERIFY(!called);
    QTRY_VERIFY_WITH_TIMEOUT(called, 20000);
    QCOMPARE(removeNow(store, u"gate-3"_s), QString());
}

void TestKeychainCredentialStore::selectionPicksTheKeychain()
{
    QObject context;
    std::optional<CredentialStores::Selection> selection;
    CredentialStores::create(
        u"/nonexistent/passwords.json"_s, &context,
        [&selection](CredentialStores::Selection &&chosen) { selection = std::move(chosen); });
    QTRY_VERIFY_WITH_TIMEOUT(selection.has_value(), 20000);
    QVERIFY(selection->store);
    QCOMPARE(selection->store->kind(), CredentialStore::Kind::Keychain);
    QCOMPARE(selection->keychainProblem, QString());
    QVERIFY2(selection->explanation.contains(u"system keychain"_s),
             qPrintable(selection->explanation));
}

void TestKeychainCredentialStore::lockedKeychainSaysSo()
{
    // Lock the login keyring behind QtKeychain's back, as the desktop does when the screen
    // locks. There is no prompter on the private bus, so nothing can unlock it again.
    QDBusConnection connection
        = QDBusConnection::connectToBus(m_bus.address(), u"gatewatch-test-lock"_s);
    QDBusInterface service(u"org.freedesktop.secrets"_s, u"/org/freedesktop/secrets"_s,
                           u"org.freedesktop.Secret.Service"_s, connection);
    const QDBusReply<QDBusObjectPath> alias = service.call(u"ReadAlias"_s, u"default"_s);
    QVERIFY2(alias.isValid(), qPrintable(alias.error().message()));
    const QDBusMessage locked
        = service.call(u"Lock"_s, QVariant::fromValue(QList<QDBusObjectPath> { alias.value() }));
    QVERIFY2(locked.type() == QDBusMessage::ReplyMessage, qPrintable(locked.errorMessage()));

    KeychainCredentialStore store;
    const auto error = writeNow(store, u"gate-locked"_s, u"pw"_s);
    QVERIFY(error);
    QVERIFY2(error->startsWith(u"the keychain is locked"_s), qPrintable(*error));
    QDBusConnection::disconnectFromBus(u"gatewatch-test-lock"_s);
}

QTEST_GUILESS_MAIN(TestKeychainCredentialStore)
#include "tst_keychaincredentialstore.moc"
