#include "commandline.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

using namespace Qt::StringLiterals;

std::optional<int> Cli::parseArguments(QCommandLineParser &parser, const QStringList &arguments,
                                       const QString &command)
{
    const QCommandLineOption help({ u"h"_s, u"help"_s },
                                  QCoreApplication::translate("Cli", "Show this help and exit."));
    parser.addOption(help);
    // The command name takes the place of argv[0] for QCommandLineParser.
    const QStringList forParser = arguments.mid(1);
    if (!parser.parse(forParser.isEmpty() ? QStringList { command } : forParser))
        return usageError(command, parser.errorText());
    if (parser.isSet(help)) {
        // helpText() names the executable's path; show the command as it is typed instead.
        QString text = parser.helpText();
        const qsizetype firstLineEnd = text.indexOf(u'\n');
        const QString usageLine = text.left(firstLineEnd);
        const qsizetype optionsAt = usageLine.indexOf(u" [options]"_s);
        text.replace(0, optionsAt < 0 ? firstLineEnd : optionsAt,
                     QCoreApplication::translate("Cli", "Usage: gatewatch %1").arg(command));
        QTextStream(stdout) << text;
        return ExitOk;
    }
    // No command takes positional arguments: a stray word is most likely a mistyped option.
    if (!parser.positionalArguments().isEmpty())
        return usageError(command,
                          QCoreApplication::translate("Cli", "unexpected argument '%1'")
                              .arg(parser.positionalArguments().constFirst()));
    return std::nullopt;
}

void Cli::printError(const QString &command, const QString &message)
{
    QTextStream(stderr) << u"gatewatch "_s << command << u": "_s << message << u'\n';
}

int Cli::usageError(const QString &command, const QString &message)
{
    printError(
        command,
        QCoreApplication::translate("Cli", "%1 (see 'gatewatch %2 --help')").arg(message, command));
    return ExitUsage;
}

std::optional<QString> Cli::readSecretFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QCoreApplication::translate("Cli", "cannot read %1: %2")
                     .arg(path, file.errorString());
        return std::nullopt;
    }
    QString text = QString::fromUtf8(file.read(qint64 { 64 } * 1024));
    while (text.endsWith(u'\n') || text.endsWith(u'\r'))
        text.chop(1);
    return text;
}
