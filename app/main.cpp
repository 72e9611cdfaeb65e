#include "cli/commands.h"
#include "guiapplication.h"
#include "session/language.h"

#include <QApplication>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSettings>
#include <QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {
QString usage()
{
    return QCoreApplication::translate(
               "main",
               "Usage: %1 [options]            open the dashboard\n"
               "       %1 <command> [options]  run a command without a window\n"
               "\n"
               "GateWatch monitors face-recognition access terminals.\n"
               "\n"
               "Commands:\n"
               "  record     connect to terminals and store every recognition (headless)\n"
               "  export     write stored recognitions to CSV, optionally with snapshots\n"
               "  simulate   run simulated terminals on this machine\n"
               "\n"
               "Run '%1 <command> --help' for the options of a command.\n"
               "\n")
               .arg(QCoreApplication::applicationName())
        + Gui::optionsHelp();
}

void setIdentity()
{
    QCoreApplication::setOrganizationName(u"GateWatch"_s);
    QCoreApplication::setApplicationName(u"gatewatch"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(GATEWATCH_VERSION));
    // Commands and the window report connection changes and errors themselves, in one line each;
    // the categories' own messages are for diagnosis (QT_LOGGING_RULES="gatewatch.*=true" turns
    // them on).
    QLoggingCategory::setFilterRules(
        u"gatewatch.*.debug=false\ngatewatch.*.info=false\ngatewatch.*.warning=false"_s);
}

// The interface's language, before anything is shown or printed: the one chosen in the window's
// settings, else the system's.
void installLanguage(QCoreApplication &app)
{
    const QSettings settings;
    QString problem;
    Language::install(app, Language::effectiveLocale(settings), Language::translationsDir(),
                      &problem);
    if (!problem.isEmpty())
        QTextStream(stderr) << u"gatewatch: "_s << problem << u'\n';
}

bool isCommand(const char *word)
{
    const QByteArrayView w(word);
    return w == "record" || w == "export" || w == "simulate" || w == "help" || w == "--help"
        || w == "-h" || w == "--version" || w == "-v" || (!w.isEmpty() && !w.startsWith('-'));
}
} // namespace

int main(int argc, char *argv[])
{
    // No command (only options, or nothing): the dashboard, which needs a GUI application.
    if (argc < 2 || !isCommand(argv[1])) {
        // Without a display Qt would abort with a message about platform plugins; say what
        // is missing instead.
        if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
            && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
            QTextStream(stderr) << QCoreApplication::translate(
                "main",
                "gatewatch: the dashboard needs a display (DISPLAY or WAYLAND_DISPLAY is not "
                "set); the commands record, export and simulate run without one (see "
                "'gatewatch --help')\n");
            return 1;
        }
        QApplication app(argc, argv);
        setIdentity();
        installLanguage(app);
        QApplication::setApplicationDisplayName(u"GateWatch"_s);
        QApplication::setDesktopFileName(u"org.gatewatch.GateWatch"_s);
        return Gui::run(QCoreApplication::arguments());
    }
    QCoreApplication app(argc, argv);
    setIdentity();
    installLanguage(app);

    const QStringList arguments = QCoreApplication::arguments();
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString command = arguments.value(1);
    if (command == u"record")
        return Cli::runRecord(arguments);
    if (command == u"export")
        return Cli::runExport(arguments);
    if (command == u"simulate")
        return Cli::runSimulate(arguments);
    if (command == u"--help" || command == u"-h" || command == u"help") {
        out << usage();
        return 0;
    }
    if (command == u"--version" || command == u"-v") {
        out << QCoreApplication::applicationName() << u' ' << QCoreApplication::applicationVersion()
            << u'\n'
            << QCoreApplication::translate("main", "Qt %1 (built against %2)")
                   .arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR))
            << u'\n';
        return 0;
    }
    err << QCoreApplication::translate("main", "%1: unknown command '%2'\n")
               .arg(QCoreApplication::applicationName(), command);
    err << usage();
    return 2;
}
