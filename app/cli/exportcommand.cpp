#include "commandline.h"
#include "commands.h"
#include "export/csvexporter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QTextStream>
#include <QTimeZone>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
const QString Command = u"export"_s;

QString tr(const char *text)
{
    return QCoreApplication::translate("ExportCommand", text);
}

// Accepts ISO 8601 date-times with or without seconds, milliseconds and zone, and bare dates
// (midnight). A time without a zone is local time, as a person typing it would mean it.
std::optional<QDateTime> parseIsoTime(const QString &text)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid()) {
        const QDate date = QDate::fromString(text, Qt::ISODate);
        if (date.isValid())
            time = date.startOfDay();
    }
    if (!time.isValid())
        return std::nullopt;
    return time;
}

QString humanSize(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}
} // namespace

int Cli::runExport(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Writes stored recognitions to an RFC 4180 CSV file (UTF-8), optionally with every "
           "snapshot as a JPEG file."));
    const QCommandLineOption dbOption(u"db"_s, tr("The GateWatch database to read."), u"PATH"_s);
    const QCommandLineOption outputOption(
        u"output"_s, tr("The CSV file to write (replaced only when the export succeeds)."),
        u"FILE.csv"_s);
    const QCommandLineOption imagesOption(
        u"images"_s, tr("Also write each snapshot, bit-exact, into DIR (created if missing)."),
        u"DIR"_s);
    const QCommandLineOption fromOption(
        u"from"_s,
        tr("Only recognitions at or after this time (ISO 8601; local time unless a "
           "zone is given)."),
        u"ISO8601"_s);
    const QCommandLineOption toOption(u"to"_s, tr("Only recognitions before this time (ISO 8601)."),
                                      u"ISO8601"_s);
    const QCommandLineOption deviceOption(
        u"device"_s, tr("Only recognitions of the device with this serial number (repeatable)."),
        u"SN"_s);
    const QCommandLineOption passOption(u"pass"_s, tr("Only passes (yes) or only denials (no)."),
                                        u"yes|no"_s);
    const QCommandLineOption excelOption(
        u"excel"_s, tr("Start the file with a UTF-8 byte order mark, for spreadsheet programs."));
    parser.addOptions({ dbOption, outputOption, imagesOption, fromOption, toOption, deviceOption,
                        passOption, excelOption });
    if (const auto exit = parseArguments(parser, arguments, Command))
        return *exit;
    if (!parser.isSet(dbOption))
        return usageError(Command, tr("--db PATH is required"));
    if (!parser.isSet(outputOption))
        return usageError(Command, tr("--output FILE.csv is required"));

    ExportOptions options;
    options.databasePath = parser.value(dbOption);
    options.outputFile = parser.value(outputOption);
    options.imagesDir = parser.value(imagesOption);
    options.excelBom = parser.isSet(excelOption);
    if (parser.isSet(fromOption)) {
        const auto from = parseIsoTime(parser.value(fromOption));
        if (!from)
            return usageError(
                Command,
                tr("--from: '%1' is not an ISO 8601 date or time").arg(parser.value(fromOption)));
        options.filter.from = *from;
    }
    if (parser.isSet(toOption)) {
        const auto to = parseIsoTime(parser.value(toOption));
        if (!to)
            return usageError(
                Command,
                tr("--to: '%1' is not an ISO 8601 date or time").arg(parser.value(toOption)));
        options.filter.to = *to;
    }
    if (options.filter.from && options.filter.to && *options.filter.to < *options.filter.from)
        return usageError(Command, tr("--to is before --from"));
    options.filter.deviceSns = parser.values(deviceOption);
    if (parser.isSet(passOption)) {
        const QString pass = parser.value(passOption).toLower();
        if (pass == u"yes" || pass == u"true")
            options.filter.pass = true;
        else if (pass == u"no" || pass == u"false")
            options.filter.pass = false;
        else
            return usageError(
                Command,
                tr("--pass must be 'yes' or 'no', not '%1'").arg(parser.value(passOption)));
    }

    // Checked last, so that every mistake in the arguments is reported first.
    if (!QFileInfo::exists(options.databasePath))
        return usageError(Command, tr("no database at %1").arg(options.databasePath));

    // A progress line only for a person watching a terminal, never into a log or a pipe.
    const bool showProgress = ::isatty(STDERR_FILENO) == 1;
    QTextStream err(stderr);
    const auto progress = [&](qint64 done, qint64 total) {
        if (showProgress) {
            err << u'\r' << tr("exported %1 of %2 rows").arg(done).arg(total);
            err.flush();
        }
        return true;
    };
    const ExportResult result = CsvExporter::run(options, progress);
    if (showProgress)
        err << u'\r' << QString(60, u' ') << u'\r';
    if (!result.ok) {
        printError(Command, result.error);
        return ExitFailure;
    }
    err << tr("exported %1 rows to %2 (%3)")
               .arg(result.rows)
               .arg(QDir::toNativeSeparators(options.outputFile), humanSize(result.bytes));
    if (!options.imagesDir.isEmpty())
        err << tr(", %1 snapshots to %2")
                   .arg(result.images)
                   .arg(QDir::toNativeSeparators(options.imagesDir));
    err << u'\n';
    return ExitOk;
}
