// SessionCredentialStore, the memory-only store: what is written is read back until it is
// removed, and every answer keeps the interface's promise: later, from the event loop, and
// never once the caller's context is gone.

#include "device/credentialstore.h"

#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;

class TestSessionCredentialStore final : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip();
    void answersLaterAndNotAfterTheContext();
};

void TestSessionCredentialStore::roundTrip()
{
    SessionCredentialStore store;
    QCOMPARE(store.kind(), CredentialStore::Kind::Session);
    QVERIFY(store.description().contains(u"this session only"_s));
    QObject context;

    std::optional<QString> writeError;
    store.writePassword(u"gate-1"_s, u"pw1"_s, &context,
                        [&writeError](const QString &error) { writeError = error; });
    QTRY_VERIFY(writeError.has_value());
    QCOMPARE(*writeError, QString());

    std::optional<std::optional<QString>> read;
    QString readError = u"unset"_s;
    const auto reader
        = [&read, &readError](const std::optional<QString> &password, const QString &error) {
              read = password;
              readError = error;
          };
    store.readPassword(u"gate-1"_s, &context, reader);
    QTRY_VERIFY(read.has_value());
    QCOMPARE(*read, std::optional<QString>(u"pw1"_s));
    QCOMPARE(readError, QString());

    read.reset();
    store.readPassword(u"gate-2"_s, &context, reader);
    QTRY_VERIFY(read.has_value());
    QCOMPARE(*read, std::nullopt); // nothing stored: not an error
    QCOMPARE(readError, QString());

    std::optional<QString> removeError;
    store.removePassword(u"gate-1"_s, &context,
                         [&removeError](const QString &error) { removeError = error; });
    QTRY_VERIFY(removeError.has_value());
    QCOMPARE(*removeError, QString());
    read.reset();
    store.readPassword(u"gate-1"_s, &context, reader);
    QTRY_VERIFY(read.has_value());
    QCOMPARE(*read, std::nullopt);

    // An empty password removes too.
    writeError.reset();
    store.writePassword(u"gate-3"_s, u"pw3"_s, &context, [](const QString &) {});
    store.writePassword(u"gate-3"_s, QString(), &context,
                        [&writeError](const QString &error) { writeError = error; });
    QTRY_VERIFY(writeError.has_value());
    read.reset();
    store.readPassword(u"gate-3"_s, &context, reader);
    QTRY_VERIFY(read.has_value());
    QCOMPARE(*read, std::nullopt);
}

void TestSessionCredentialStore::answersLaterAndNotAfterTheContext()
{
    SessionCredentialStore store;
    int calls = 0;
    auto *doomed = new QObject;
    store.writePassword(u"gate-1"_s, u"pw"_s, doomed, [&calls](const QString &) { ++calls; });
    store.readPassword(u"gate-1"_s, doomed,
                       [&calls](const std::optional<QString> &, const QString &) { ++calls; });
    store.removePassword(u"gate-2"_s, doomed, [&calls](const QString &) { ++calls; });
    QCOMPARE(calls, 0); // none from within the calls
    delete doomed;

    // Answers come in order: once this one has come, the ones above were dropped.
    QObject context;
    std::optional<QString> password;
    store.readPassword(u"gate-1"_s, &context,
                       [&password](const std::optional<QString> &value, const QString &) {
                           password = value.value_or(u"<none>"_s);
                       });
    QCOMPARE(password, std::nullopt);
    QTRY_VERIFY(password.has_value());
    QCOMPARE(*password, u"pw"_s); // the write itself happened
    QCOMPARE(calls, 0);
}

QTEST_GUILESS_MAIN(TestSessionCredentialStore)
#include "tst_sessioncredentialstore.moc"
