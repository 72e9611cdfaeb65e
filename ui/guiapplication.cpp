#include "guiapplication.h"

#include "cli/commandline.h"
#include "cli/deviceoptions.h"
#include "cli/unixsignalwatcher.h"
#include "device/credentialstores.h"
#include "mainwindow.h"
#include "session/devicemanager.h"
#include "session/monitorsession.h"
#include "session/retentionsettings.h"
#include "session/settingsfile.h"
#include "store/databaseupgrade.h"
#include "store/schema.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QMessageBox>
#include <QProcess>
#include <QProgressDialog>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTextStream>
#include <QThread>

#include <csignal>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace {
// lupdate finds the strings by this context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(Gui)
};

struct GuiOptions
{
    QCommandLineOption db { u"db"_s,
                            Text::tr("The database to record into and show from (default: "
                                     "gatewatch.sqlite in the user's data folder; with --demo, "
                                     "demo.sqlite there)."),
                            u"PATH"_s };
    QCommandLineOption demo { u"demo"_s,
                              Text::tr("Also start simulated terminals in this process (TLS, "
                                       "their certificate pinned) so the dashboard comes alive "
                                       "with no set-up. Uses a separate demo database unless --db "
                                       "is given.") };
    QCommandLineOption demoDevices { u"demo-devices"_s,
                                     Text::tr("How many simulated terminals --demo starts (1-50, "
                                              "default 4)."),
                                     u"N"_s, u"4"_s };
    QCommandLineOption demoRate { u"demo-rate"_s,
                                  Text::tr("Recognitions per second per simulated terminal "
                                           "(default 0.5)."),
                                  u"RATE"_s, u"0.5"_s };
    QCommandLineOption operatorName { u"operator"_s,
                                      Text::tr("The name alert acknowledgements are given under "
                                               "(default: the login name)."),
                                      u"NAME"_s };
    DeviceOptions devices;

    void addTo(QCommandLineParser &parser) const
    {
        parser.addOptions({ db, demo, demoDevices, demoRate, operatorName });
        devices.addTo(parser);
    }
};

int usageError(const QString &message)
{
    QTextStream(stderr) << u"gatewatch: "_s << message << u" (see 'gatewatch --help')\n"_s;
    return Cli::ExitUsage;
}

// A database from an older GateWatch is brought up to date before the window opens; on a
// large history that takes minutes, so a window says what is happening meanwhile, and the
// update runs on a thread of its own so that this one keeps painting it.
bool upgradeDatabase(const QString &path, int fromVersion, QString *error)
{
    const QString text = QCoreApplication::translate(
                             "Gui",
                             "Updating the history database %1 for this version of GateWatch "
                             "(schema %2 to %3).\n\nThis happens once. On a large history it "
                             "takes a few minutes; nothing recorded is lost.")
                             .arg(QDir::toNativeSeparators(path))
                             .arg(fromVersion)
                             .arg(Schema::currentVersion());
    QTextStream(stderr) << Text::tr(
                               "gatewatch: updating the database %1 from schema %2 to %3 (once; "
                               "on a large history this takes a few minutes)")
                               .arg(path)
                               .arg(fromVersion)
                               .arg(Schema::currentVersion())
                        << u'\n';
    QProgressDialog progress(text, QString(), 0, 0);
    progress.setWindowTitle(Text::tr("GateWatch"));
    progress.setCancelButton(nullptr); // one transaction: stopping it half-way gains nothing
    progress.setMinimumDuration(0);
    progress.setMinimumWidth(480);
    progress.show();

    bool ok = false;
    QString reason;
    QEventLoop loop;
    std::unique_ptr<QThread> thread(
        QThread::create([&ok, &reason, path] { ok = DatabaseUpgrade::run(path, &reason); }));
    thread->setObjectName(u"gatewatch-upgrade"_s);
    QObject::connect(thread.get(), &QThread::finished, &loop, &QEventLoop::quit);
    thread->start();
    loop.exec();
    thread->wait();
    if (!ok && error)
        *error = reason;
    return ok;
}
} // namespace

QString Gui::optionsHelp()
{
    QCommandLineParser parser;
    const GuiOptions options;
    options.addTo(parser);
    QString text = parser.helpText();
    // Only the option list: the usage line is the caller's. The heading is QCommandLineParser's
    // own, in the interface's language.
    const QString heading = QCoreApplication::translate("QCommandLineParser", "Options:");
    const qsizetype optionsAt = text.indexOf(heading);
    return optionsAt < 0 ? text
                         : Text::tr("Dashboard options:") + text.mid(optionsAt + heading.size());
}

int Gui::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const GuiOptions options;
    options.addTo(parser);
    if (!parser.parse(arguments))
        return usageError(parser.errorText());
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            Text::tr("unknown command '%1'").arg(parser.positionalArguments().constFirst()));

    SessionOptions session;
    QString error;
    const auto devices = options.devices.devices(parser, &error);
    if (!devices)
        return usageError(error);
    session.devices = *devices;
    const bool demo = parser.isSet(options.demo);
    if (demo) {
        bool ok = false;
        session.demoDevices = parser.value(options.demoDevices).toInt(&ok);
        if (!ok || session.demoDevices < 1 || session.demoDevices > 50)
            return usageError(
                Text::tr("--demo-devices must be a whole number from 1 to 50, not '%1'")
                    .arg(parser.value(options.demoDevices)));
        session.demoRate = parser.value(options.demoRate).toDouble(&ok);
        if (!ok || session.demoRate <= 0 || session.demoRate > 100)
            return usageError(
                Text::tr("--demo-rate must be a number above 0 and at most 100, not '%1'")
                    .arg(parser.value(options.demoRate)));
    } else if (parser.isSet(options.demoDevices) || parser.isSet(options.demoRate)) {
        return usageError(Text::tr("--demo-devices and --demo-rate go with --demo"));
    }

    if (parser.isSet(options.db)) {
        session.databasePath = QFileInfo(parser.value(options.db)).absoluteFilePath();
    } else {
        const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        if (!QDir().mkpath(folder)) {
            QTextStream(stderr)
                << Text::tr("gatewatch: cannot create the data folder %1").arg(folder) << u'\n';
            return Cli::ExitFailure;
        }
        session.databasePath
            = QDir(folder).filePath(demo ? u"demo.sqlite"_s : u"gatewatch.sqlite"_s);
    }
    if (demo)
        QTextStream(stderr) << Text::tr(
                                   "gatewatch: demo: %1 simulated terminals, recording into %2")
                                   .arg(session.demoDevices)
                                   .arg(session.databasePath)
                            << u'\n';

    // The window's layout and the station's device list share the application's settings.
    QSettings settings;
    if (QString reason; !SettingsFile::makePrivate(settings, &reason))
        QTextStream(stderr) << u"gatewatch: "_s << reason << u'\n';
    session.deviceSettings = &settings;
    QStringList retentionProblems;
    session.retention = RetentionSettings::load(settings, &retentionProblems);
    for (const QString &problem : std::as_const(retentionProblems))
        QTextStream(stderr) << u"gatewatch: "_s << problem << u'\n';
    // Where device passwords are kept: the keychain when its service answers (asked once, for
    // a few seconds at most), else the file the operator chose, else this session only. It
    // outlives the session, whose device manager uses it.
    CredentialStores::Selection credentials;
    {
        QEventLoop loop;
        CredentialStores::create(settings, &loop,
                                 [&credentials, &loop](CredentialStores::Selection &&selection) {
                                     credentials = std::move(selection);
                                     loop.quit();
                                 });
        loop.exec(); // the answer always comes from the event loop
    }
    session.credentials = credentials.store.get();
    if (const std::optional<int> from = DatabaseUpgrade::pendingFrom(session.databasePath);
        from && !upgradeDatabase(session.databasePath, *from, &error)) {
        QTextStream(stderr) << u"gatewatch: "_s << error << u'\n';
        QMessageBox::critical(nullptr, Text::tr("GateWatch"),
                              Text::tr("GateWatch cannot start:\n%1").arg(error));
        return Cli::ExitFailure;
    }
    MonitorSession monitor(session);
    // --operator, else the name chosen in the window (Alerts menu), else the login name.
    monitor.setOperatorName(parser.isSet(options.operatorName)
                                ? parser.value(options.operatorName)
                                : settings.value(u"operator/name"_s).toString());
    if (!monitor.start(&error)) {
        QTextStream(stderr) << u"gatewatch: "_s << error << u'\n';
        QMessageBox::critical(nullptr, Text::tr("GateWatch"),
                              Text::tr("GateWatch cannot start:\n%1").arg(error));
        return Cli::ExitFailure;
    }
    MainWindow window(&monitor, &settings);
    window.setCredentialStoreExplanation(credentials.explanation);
    QObject::connect(&monitor, &MonitorSession::storeError, &window, [&window](const QString &m) {
        window.statusBar()->showMessage(Text::tr("Database error: %1").arg(m), 15'000);
    });
    // A session that ends (logout, shutdown, Ctrl-C in a terminal) closes the window the
    // normal way: the layout is saved and everything received is committed below.
    UnixSignalWatcher signalWatcher({ SIGINT, SIGTERM, SIGHUP });
    QObject::connect(&signalWatcher, &UnixSignalWatcher::signalReceived, &window, [&window](int) {
        window.close();
        QApplication::quit();
    });
    if (DeviceManager *manager = monitor.deviceManager()) {
        QObject::connect(manager, &DeviceManager::problem, &window, [&window](const QString &m) {
            window.statusBar()->showMessage(m, 15'000);
        });
    }
    if (!monitor.deviceListProblems().isEmpty())
        window.statusBar()->showMessage(monitor.deviceListProblems().join(u"; "_s), 15'000);
    // A restart (another language, the demo) starts the program again once this session has
    // committed everything and let go of the database.
    std::optional<QStringList> restartArguments;
    QObject::connect(&window, &MainWindow::restartRequested, &window,
                     [&window, &restartArguments, &arguments](const QStringList &extra) {
                         restartArguments
                             = extra.contains(u"--demo"_s) ? extra : arguments.mid(1) + extra;
                         window.close();
                         QApplication::quit();
                     });
    window.show();
    const int code = QApplication::exec();
    monitor.stop();
    if (restartArguments
        && !QProcess::startDetached(QCoreApplication::applicationFilePath(), *restartArguments)) {
        QTextStream(stderr) << Text::tr("gatewatch: cannot start again: %1")
                                   .arg(QCoreApplication::applicationFilePath())
                            << u'\n';
        return Cli::ExitFailure;
    }
    return code;
}
