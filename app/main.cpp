#include "cli/commands.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {
QString usage()
{
    return QCoreApplication::translate(
               "main",
               "Usage: %1 <command> [options]\n"
               "\n"
               "GateWatch monitors face-recognition access terminals.\n"
               "\n"
               "Commands:\n"
               "  record     connect to terminals and store every recognition (headless)\n"
               "  export     write stored recognitions to CSV, optionally with snapshots\n"
               "  simulate   run simulated terminals on this machine\n"
               "\n"
               "Run '%1 <command> --help' for the options of a command.\n")
        .arg(QCoreApplication::applicationName());
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"GateWatch"_s);
    QCoreApplication::setApplicationName(u"gatewatch"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(GATEWATCH_VERSION));

    // Commands report connection changes and errors themselves, in one line each; the
    // categories' own messages are for diagnosis (QT_LOGGING_RULES="gatewatch.*=true" turns
    // them on).
    QLoggingCategory::setFilterRules(u"gatewatch.*.info=false\ngatewatch.*.warning=false"_s);

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
            << u'\n';
        return 0;
    }
    if (command.isEmpty())
        err << QCoreApplication::translate("main", "%1: no command given\n")
                   .arg(QCoreApplication::applicationName());
    else
        err << QCoreApplication::translate("main", "%1: unknown command '%2'\n")
                   .arg(QCoreApplication::applicationName(), command);
    err << usage();
    return 2;
}
