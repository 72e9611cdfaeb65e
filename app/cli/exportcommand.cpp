#include "commandline.h"
#include "commands.h"
#include "export/csvexporter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLocale>
#include <QTextStream>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
const QString Command = u"export"_s;

// lupdate finds the strings by this context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ExportCommand)
};

// Accepts ISO 8601 date-times with or without seconds, milliseconds and zone, and bare dates.
// A time without a zone is local time, as a person typing it would mean it. A bare date is
// the whole day: its first millisecond for a lower bound, its last for an upper one, so that
// `--from 2026-11-28 --to 2026-11-28` is that day (23 or 25 hours on a daylight saving change).
std::optional<QDateTime> parseIsoTime(const QString &text, bool endOfDay)
{
    // A date alone first: QDateTime would read it as its midnight. (QDate would read the date
    // part of a date-time too, hence the length.)
    if (const QDate date = QDate::fromString(text, Qt::ISODate);
        date.isValid() && text.size() == 10)
        return endOfDay ? date.addDays(1).startOfDay().addMSecs(-1) : date.startOfDay();
    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        return std::nullopt;
    return time;
}

// Whole numbers from a repeatable option whose values may also be comma-separated lists
// ("--status 1,6 --status 3"). nullopt, with the offending word in *bad, when one is not a
// number in [0, max].
std::optional<QSet<int>> parseCodes(const QStringList &values, int max, QString *bad)
{
    QSet<int> codes;
    for (const QString &value : values) {
        const QStringList words = value.split(u',');
        for (const QString &word : words) {
            bool ok = false;
            const int code = word.trimmed().toInt(&ok);
            if (!ok || code < 0 || code > max) {
                *bad = word.trimmed();
                return std::nullopt;
            }
            codes.insert(code);
        }
    }
    return codes;
}

// The words --alert-reasons takes, in AlertRules' order.
const QList<QPair<QString, AlertRules::Reason>> &alertReasonWords()
{
    static const QList<QPair<QString, AlertRules::Reason>> words = {
        { u"stranger"_s, AlertRules::Reason::Stranger },
        { u"denied"_s, AlertRules::Reason::Denied },
        { u"non-live"_s, AlertRules::Reason::NonLive },
        { u"blacklist"_s, AlertRules::Reason::Blacklist },
    };
    return words;
}

std::optional<AlertRules::Reasons> parseAlertReasons(const QStringList &values, QString *bad)
{
    AlertRules::Reasons reasons;
    for (const QString &value : values) {
        const QStringList words = value.split(u',');
        for (const QString &word : words) {
            const QString key = word.trimmed().toLower();
            const auto found
                = std::find_if(alertReasonWords().cbegin(), alertReasonWords().cend(),
                               [&key](const auto &entry) { return entry.first == key; });
            if (found == alertReasonWords().cend()) {
                *bad = word.trimmed();
                return std::nullopt;
            }
            reasons |= found->second;
        }
    }
    return reasons;
}

// "1,234,567" in the C locale's grouping: the progress line is for reading at a glance.
QString grouped(qint64 number)
{
    QLocale locale = QLocale::c();
    locale.setNumberOptions(QLocale::DefaultNumberOptions);
    return locale.toString(number);
}

QString humanSize(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}
} // namespace

int Cli::runExport(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Text::tr(
        "Writes stored recognitions to an RFC 4180 CSV file (UTF-8), optionally with every "
        "snapshot as a JPEG file."));
    const QCommandLineOption dbOption(u"db"_s, Text::tr("The GateWatch database to read."),
                                      u"PATH"_s);
    const QCommandLineOption outputOption(
        u"output"_s, Text::tr("The CSV file to write (replaced only when the export succeeds)."),
        u"FILE.csv"_s);
    const QCommandLineOption imagesOption(
        u"images"_s,
        Text::tr("Also write each snapshot, bit-exact, into DIR (created if missing)."), u"DIR"_s);
    const QCommandLineOption fromOption(
        u"from"_s,
        Text::tr("Only recognitions at or after this time (ISO 8601; local time unless a "
                 "zone is given)."),
        u"ISO8601"_s);
    const QCommandLineOption toOption(
        u"to"_s,
        Text::tr("Only recognitions at or before this time (ISO 8601; a bare date means the end of "
                 "that day)."),
        u"ISO8601"_s);
    const QCommandLineOption deviceOption(
        u"device"_s,
        Text::tr("Only recognitions of the device with this serial number (repeatable)."), u"SN"_s);
    const QCommandLineOption passOption(
        u"pass"_s, Text::tr("Only passes (yes) or only denials (no)."), u"yes|no"_s);
    const QCommandLineOption nameOption(
        u"name"_s,
        Text::tr(
            "Only recognitions of people whose name or user id contains TEXT, ignoring case and "
            "accents."),
        u"TEXT"_s);
    const QCommandLineOption statusOption(
        u"status"_s,
        Text::tr("Only recognitions with these recognizeStatus codes, comma-separated or repeated "
                 "(0 unknown, 1 non-live, 2 person in library, 3 stranger, 4 recognized, "
                 "5 authentication passed, 6 authentication failed)."),
        u"CODES"_s);
    const QCommandLineOption maskOption(
        u"mask"_s,
        Text::tr(
            "Only recognitions with these mask codes, comma-separated or repeated (0 not checked, "
            "1 no mask, 2 mask worn)."),
        u"CODES"_s);
    const QCommandLineOption minScoreOption(
        u"min-score"_s,
        Text::tr("Only recognitions with a recognition score of at least X (0 to 1)."), u"X"_s);
    const QCommandLineOption alertsOnlyOption(
        u"alerts-only"_s,
        Text::tr("Only alerts: strangers, denials, non-live attempts and blacklisted people."));
    const QCommandLineOption alertReasonsOption(
        u"alert-reasons"_s,
        Text::tr("Only alerts for these reasons, comma-separated or repeated: stranger, denied, "
                 "non-live, blacklist (implies --alerts-only)."),
        u"LIST"_s);
    const QCommandLineOption unacknowledgedOption(
        u"unacknowledged"_s, Text::tr("Only recognitions no guard has acknowledged."));
    const QCommandLineOption excelOption(
        u"excel"_s,
        Text::tr("Start the file with a UTF-8 byte order mark, for spreadsheet programs."));
    parser.addOptions({ dbOption, outputOption, imagesOption, fromOption, toOption, deviceOption,
                        passOption, nameOption, statusOption, maskOption, minScoreOption,
                        alertsOnlyOption, alertReasonsOption, unacknowledgedOption, excelOption });
    if (const auto exit = parseArguments(parser, arguments, Command))
        return *exit;
    if (!parser.isSet(dbOption))
        return usageError(Command, Text::tr("--db PATH is required"));
    if (!parser.isSet(outputOption))
        return usageError(Command, Text::tr("--output FILE.csv is required"));

    ExportOptions options;
    options.databasePath = parser.value(dbOption);
    options.outputFile = parser.value(outputOption);
    options.imagesDir = parser.value(imagesOption);
    options.excelBom = parser.isSet(excelOption);
    if (parser.isSet(fromOption)) {
        const auto from = parseIsoTime(parser.value(fromOption), false);
        if (!from)
            return usageError(Command,
                              Text::tr("--from: '%1' is not an ISO 8601 date or time")
                                  .arg(parser.value(fromOption)));
        options.filter.from = *from;
    }
    if (parser.isSet(toOption)) {
        const auto to = parseIsoTime(parser.value(toOption), true);
        if (!to)
            return usageError(
                Command,
                Text::tr("--to: '%1' is not an ISO 8601 date or time").arg(parser.value(toOption)));
        options.filter.to = *to;
    }
    if (options.filter.from && options.filter.to && *options.filter.to < *options.filter.from)
        return usageError(Command, Text::tr("--to is before --from"));
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
                Text::tr("--pass must be 'yes' or 'no', not '%1'").arg(parser.value(passOption)));
    }
    if (parser.isSet(nameOption)) {
        options.filter.person = parser.value(nameOption);
        // A name of spaces, or of marks alone, would silently match everyone.
        if (options.filter.person.trimmed().isEmpty())
            return usageError(Command, Text::tr("--name needs some text to look for"));
    }
    QString bad;
    if (parser.isSet(statusOption)) {
        const auto codes = parseCodes(parser.values(statusOption), 99, &bad);
        if (!codes)
            return usageError(
                Command,
                Text::tr("--status: '%1' is not a status code (a whole number such as 3; "
                         "several separated by commas)")
                    .arg(bad));
        options.filter.statuses = *codes;
    }
    if (parser.isSet(maskOption)) {
        const auto codes = parseCodes(parser.values(maskOption), 99, &bad);
        if (!codes)
            return usageError(
                Command,
                Text::tr("--mask: '%1' is not a mask code (0, 1 or 2; several separated "
                         "by commas)")
                    .arg(bad));
        options.filter.masks = *codes;
    }
    if (parser.isSet(minScoreOption)) {
        bool ok = false;
        const double score = parser.value(minScoreOption).toDouble(&ok);
        if (!ok || !std::isfinite(score) || score < 0 || score > 1)
            return usageError(
                Command,
                Text::tr("--min-score must be a number from 0 to 1 (such as 0.8), not '%1'")
                    .arg(parser.value(minScoreOption)));
        options.filter.minScore = score;
    }
    if (parser.isSet(alertReasonsOption)) {
        const auto reasons = parseAlertReasons(parser.values(alertReasonsOption), &bad);
        if (!reasons)
            return usageError(Command,
                              Text::tr("--alert-reasons: '%1' is not a reason (stranger, denied, "
                                       "non-live or blacklist)")
                                  .arg(bad));
        options.filter.alerts = *reasons;
    } else if (parser.isSet(alertsOnlyOption)) {
        options.filter.alerts = AlertRules::all();
    }
    options.filter.unacknowledgedOnly = parser.isSet(unacknowledgedOption);

    // Checked last, so that every mistake in the arguments is reported first.
    if (!QFileInfo::exists(options.databasePath))
        return usageError(Command, Text::tr("no database at %1").arg(options.databasePath));

    // A progress line only for a person watching a terminal, never into a log or a pipe:
    // rewritten in place with a carriage return, a few times a second.
    const bool showProgress = ::isatty(STDERR_FILENO) == 1;
    QTextStream err(stderr);
    QElapsedTimer clock;
    clock.start();
    qint64 lastShownMs = -1;
    qsizetype shownWidth = 0;
    const auto progress = [&](qint64 done, qint64 total) {
        const qint64 now = clock.elapsed();
        if (!showProgress || (lastShownMs >= 0 && now - lastShownMs < 100 && done < total))
            return true;
        lastShownMs = now;
        const int percent = total > 0 ? int(done * 100 / total) : 100;
        QString line = Text::tr("exported %1 of %2 rows (%3 %)")
                           .arg(grouped(done), grouped(total))
                           .arg(percent);
        if (now >= 500)
            line += Text::tr(", %1 rows/s").arg(grouped(done * 1000 / now));
        // Spaces over whatever a longer line before left behind.
        err << u'\r' << line << QString(qMax<qsizetype>(0, shownWidth - line.size()), u' ');
        err.flush();
        shownWidth = line.size();
        return true;
    };
    const ExportResult result = CsvExporter::run(options, progress);
    if (showProgress && shownWidth > 0)
        err << u'\r' << QString(shownWidth, u' ') << u'\r';
    if (!result.ok) {
        printError(Command, result.error);
        return ExitFailure;
    }
    err << Text::tr("exported %1 rows to %2 (%3)")
               .arg(result.rows)
               .arg(QDir::toNativeSeparators(options.outputFile), humanSize(result.bytes));
    if (!options.imagesDir.isEmpty())
        err << Text::tr(", %1 snapshots to %2")
                   .arg(result.images)
                   .arg(QDir::toNativeSeparators(options.imagesDir));
    err << u'\n';
    return ExitOk;
}
