// Where a station keeps device passwords once it knows whether a keychain answers: the
// keychain; else the file the operator chose (even one that must first be fixed: the choice
// stands, and says what is wrong); else memory for this session. Each time said in words.
// (Probing a real keychain, or none, is in tst_keychaincredentialstore and tst_keychainprobe.)

#include "device/credentialstores.h"
#include "device/filecredentialstore.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
const QString NoService = u"no keychain service is available (no D-Bus session bus: Cannot "
                          "autolaunch D-Bus without X11 $DISPLAY)"_s;
}

class TestCredentialStores final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void keychainWhenItAnswers();
    void keychainEvenWithAChosenFile();
    void sessionWithoutKeychainOrFile();
    void chosenFileWithoutKeychain();
    void chosenFileThatMustBeFixed();
    void chosenFileInSettings();

private:
    QTemporaryDir m_dir;
};

void TestCredentialStores::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestCredentialStores::keychainWhenItAnswers()
{
    const CredentialStores::Selection selection = CredentialStores::select(true, {}, {});
    QVERIFY(selection.store);
    QCOMPARE(selection.store->kind(), CredentialStore::Kind::Keychain);
    QCOMPARE(selection.explanation, u"Passwords are kept in the system keychain."_s);
    QCOMPARE(selection.keychainProblem, QString());
}

void TestCredentialStores::keychainEvenWithAChosenFile()
{
    const QString file = m_dir.filePath(u"chosen.json"_s);
    const CredentialStores::Selection selection = CredentialStores::select(true, {}, file);
    QCOMPARE(selection.store->kind(), CredentialStore::Kind::Keychain);
    QCOMPARE(selection.explanation,
             u"Passwords are kept in the system keychain. The file "_s + file
                 + u" chosen for them is not used while the keychain is available."_s);
}

void TestCredentialStores::sessionWithoutKeychainOrFile()
{
    const CredentialStores::Selection selection = CredentialStores::select(false, NoService, {});
    QCOMPARE(selection.store->kind(), CredentialStore::Kind::Session);
    QCOMPARE(selection.keychainProblem, NoService);
    QCOMPARE(selection.explanation,
             u"No keychain service is available (no D-Bus session bus: Cannot autolaunch D-Bus "
             "without X11 $DISPLAY). Passwords are kept for this session only and forgotten when "
             "GateWatch exits. To keep them, choose a file for them: it will be readable by you "
             "only, but not encrypted."_s);
}

void TestCredentialStores::chosenFileWithoutKeychain()
{
    const QString file = m_dir.filePath(u"passwords.json"_s);
    const CredentialStores::Selection selection = CredentialStores::select(false, NoService, file);
    QCOMPARE(selection.store->kind(), CredentialStore::Kind::OwnerOnlyFile);
    QCOMPARE(static_cast<FileCredentialStore *>(selection.store.get())->path(), file);
    QCOMPARE(selection.fileProblem, QString());
    QVERIFY2(selection.explanation.endsWith(u"). Passwords are kept in the file "_s + file
                                            + u", readable by you only and not encrypted."_s),
             qPrintable(selection.explanation));
}

void TestCredentialStores::chosenFileThatMustBeFixed()
{
    const QString file = m_dir.filePath(u"shared.json"_s);
    {
        QFile shared(file);
        QVERIFY(shared.open(QIODevice::WriteOnly));
        shared.write(R"({"format": "gatewatch-credentials", "version": 1, "passwords": {}})");
    }
    QVERIFY(QFile::setPermissions(file,
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                      | QFileDevice::ReadGroup | QFileDevice::ReadOther));

    const CredentialStores::Selection selection = CredentialStores::select(false, NoService, file);
    // Not quietly memory instead: the operator chose this file, and learns what to do about it.
    QCOMPARE(selection.store->kind(), CredentialStore::Kind::OwnerOnlyFile);
    QVERIFY2(selection.fileProblem.startsWith(file + u" is readable by other users"_s),
             qPrintable(selection.fileProblem));
    QVERIFY2(selection.explanation.contains(u"The file chosen for passwords cannot be used: "_s
                                            + selection.fileProblem),
             qPrintable(selection.explanation));
}

void TestCredentialStores::chosenFileInSettings()
{
    QSettings settings(m_dir.filePath(u"gatewatch.conf"_s), QSettings::IniFormat);
    QCOMPARE(CredentialStores::configuredFile(settings), QString());
    CredentialStores::setConfiguredFile(settings, u"/home/guard/passwords.json"_s);
    QCOMPARE(settings.value(u"credentials/file"_s).toString(), u"/home/guard/passwords.json"_s);
    QCOMPARE(CredentialStores::configuredFile(settings), u"/home/guard/passwords.json"_s);
    CredentialStores::setConfiguredFile(settings, QString());
    QVERIFY(!settings.contains(CredentialStores::fileSettingsKey()));
}

QTEST_GUILESS_MAIN(TestCredentialStores)
#include "tst_credentialstores.moc"
