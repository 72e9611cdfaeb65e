// Whether a keychain service answers, found out without hanging, in each way a station can be
// without one: no session bus at all, a bus address that leads nowhere, a bus that accepts the
// connection and never answers, and a bus on which no Secret Service runs. Each case runs the
// probe in a process of its own (keychainprobehelper) with that environment. Then what the
// station chooses instead: memory for this session, or the file the operator chose.

#include "../../common/privatesessionbus.h"

#include <QLocalServer>
#include <QLocalSocket>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
// Generous: a probe that hangs never finishes; one that works answers in well under a second.
constexpr int FinishTimeoutMs = 30000;

// The environment of a station without a session bus: no address, no X11 display through
// which GLib could start one, a runtime folder without a bus socket.
QProcessEnvironment withoutBus(const QString &runtimeDir)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name : { u"DBUS_SESSION_BUS_ADDRESS"_s, u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s,
                                 u"XDG_CURRENT_DESKTOP"_s, u"DESKTOP_SESSION"_s,
                                 u"KDE_FULL_SESSION"_s, u"GNOME_DESKTOP_SESSION_ID"_s })
        env.remove(name);
    env.insert(u"XDG_RUNTIME_DIR"_s, runtimeDir);
    return env;
}

struct HelperResult
{
    bool finished = false;
    QHash<QString, QString> values;
    QString stderrText;
};

HelperResult runHelper(const QProcessEnvironment &env, const QStringList &arguments)
{
    HelperResult result;
    QProcess helper;
    helper.setProcessEnvironment(env);
    QSignalSpy finished(&helper, &QProcess::finished);
    helper.start(QStringLiteral(KEYCHAIN_PROBE_HELPER), arguments);
    // The event loop runs meanwhile: the silent bus below accepts connections from it.
    result.finished = finished.wait(FinishTimeoutMs);
    if (!result.finished) {
        helper.kill();
        helper.waitForFinished();
    }
    const QString output = QString::fromUtf8(helper.readAllStandardOutput());
    for (const QString &line : output.split(u'\n', Qt::SkipEmptyParts)) {
        const qsizetype eq = line.indexOf(u'=');
        if (eq > 0)
            result.values.insert(line.left(eq), line.mid(eq + 1));
    }
    result.stderrText = QString::fromUtf8(helper.readAllStandardError());
    return result;
}
} // namespace

class TestKeychainProbe final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void noSessionBus();
    void busAddressLeadsNowhere();
    void busThatNeverAnswers();
    void busWithoutSecretService();
    void sessionOnlyWithoutKeychainOrFile();
    void chosenFileWithoutKeychain();

private:
    QTemporaryDir m_dir;
};

void TestKeychainProbe::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(QDir(m_dir.path()).mkpath(u"run"_s));
}

void TestKeychainProbe::noSessionBus()
{
    const HelperResult result
        = runHelper(withoutBus(m_dir.filePath(u"run"_s)), { u"probe"_s, u"10000"_s });
    QVERIFY2(result.finished, "the probe hung without a session bus");
    QCOMPARE(result.values.value(u"available"_s), u"0"_s);
    const QString reason = result.values.value(u"reason"_s);
    QVERIFY2(reason.startsWith(u"no keychain service is available (no D-Bus session bus"_s),
             qPrintable(reason + u" | "_s + result.stderrText));
}

void TestKeychainProbe::busAddressLeadsNowhere()
{
    QProcessEnvironment env = withoutBus(m_dir.filePath(u"run"_s));
    env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path="_s + m_dir.filePath(u"no-bus"_s));
    const HelperResult result = runHelper(env, { u"probe"_s, u"10000"_s });
    QVERIFY2(result.finished, "the probe hung with a bus address that leads nowhere");
    QCOMPARE(result.values.value(u"available"_s), u"0"_s);
    const QString reason = result.values.value(u"reason"_s);
    QVERIFY2(reason.startsWith(u"no keychain service is available (no D-Bus session bus"_s),
             qPrintable(reason + u" | "_s + result.stderrText));
}

void TestKeychainProbe::busThatNeverAnswers()
{
    // Accepts every connection and never says a word: the D-Bus handshake waits forever.
    QLocalServer silent;
    const QString socket = m_dir.filePath(u"silent-bus"_s);
    QVERIFY2(silent.listen(socket), qPrintable(silent.errorString()));
    QList<QLocalSocket *> accepted;
    connect(&silent, &QLocalServer::newConnection, this, [&silent, &accepted] {
        while (QLocalSocket *connection = silent.nextPendingConnection())
            accepted << connection;
    });

    QProcessEnvironment env = withoutBus(m_dir.filePath(u"run"_s));
    env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path="_s + socket);
    const HelperResult result = runHelper(env, { u"probe"_s, u"1000"_s });
    QVERIFY2(result.finished, "the probe hung on a bus that never answers");
    QVERIFY(!accepted.isEmpty()); // it did connect, and got no answer
    QCOMPARE(result.values.value(u"available"_s), u"0"_s);
    const QString reason = result.values.value(u"reason"_s);
    QVERIFY2(reason == u"no keychain service is available (it did not answer within 1 s)"_s,
             qPrintable(reason + u" | "_s + result.stderrText));
}

void TestKeychainProbe::busWithoutSecretService()
{
    PrivateSessionBus bus;
    const QString error = bus.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const HelperResult result = runHelper(bus.environment(), { u"probe"_s, u"10000"_s });
    QVERIFY2(result.finished, "the probe hung on a bus without a Secret Service");
    QCOMPARE(result.values.value(u"available"_s), u"0"_s);
    const QString reason = result.values.value(u"reason"_s);
    QVERIFY2(reason.startsWith(u"no keychain service is available ("_s)
                 && reason.contains(u"org.freedesktop.secrets"_s)
                 && !reason.contains(u"session bus"_s),
             qPrintable(reason + u" | "_s + result.stderrText));
}

void TestKeychainProbe::sessionOnlyWithoutKeychainOrFile()
{
    const HelperResult result
        = runHelper(withoutBus(m_dir.filePath(u"run"_s)), { u"select"_s, u"10000"_s });
    QVERIFY(result.finished);
    QCOMPARE(result.values.value(u"kind"_s), u"Session"_s);
    const QString explanation = result.values.value(u"explanation"_s);
    QVERIFY2(explanation.startsWith(u"No keychain service is available (no D-Bus session bus"_s)
                 && explanation.contains(u"for this session only"_s)
                 && explanation.contains(u"choose a file"_s),
             qPrintable(explanation));
}

void TestKeychainProbe::chosenFileWithoutKeychain()
{
    const QString file = m_dir.filePath(u"passwords.json"_s);
    const HelperResult result
        = runHelper(withoutBus(m_dir.filePath(u"run"_s)), { u"select"_s, u"10000"_s, file });
    QVERIFY(result.finished);
    QCOMPARE(result.values.value(u"kind"_s), u"OwnerOnlyFile"_s);
    const QString explanation = result.values.value(u"explanation"_s);
    QVERIFY2(explanation.startsWith(u"No keychain service is available"_s)
                 && explanation.contains(u"kept in the file "_s + file)
                 && explanation.contains(u"not encrypted"_s),
             qPrintable(explanation));
    // Choosing is not writing: the file appears with the first password.
    QVERIFY(!QFile::exists(file));
}

QTEST_GUILESS_MAIN(TestKeychainProbe)
#include "tst_keychainprobe.moc"
