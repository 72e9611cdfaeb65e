#pragma once

#include "store/eventfilter.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

struct ExportOptions final
{
    QString databasePath;
    QString outputFile;
    // When set, each snapshot is written to this directory (created when missing) and the
    // `image_file` column names it relative to the directory.
    QString imagesDir;
    EventFilter filter;
    // A UTF-8 byte order mark first, for spreadsheet programs that need it.
    bool excelBom = false;
};

struct ExportResult final
{
    bool ok = false;
    bool cancelled = false; // stopped by the progress callback (then `error` says so too)
    QString error; // why it failed or was cancelled
    qint64 rows = 0; // data rows written (the header not counted)
    qint64 images = 0; // snapshot files written
    qint64 bytes = 0; // size of the CSV file
};

// Exports stored events as CSV, streaming from the database so that memory stays flat however
// many rows there are. The file is written through QSaveFile: a failed or cancelled export
// leaves no partial file under the final name (and an existing file there untouched).
// Snapshot files already written to imagesDir before a failure or cancel stay there.
class CsvExporter final
{
    Q_DECLARE_TR_FUNCTIONS(CsvExporter)

public:
    // The header row, in order. A contract: scripts outside the project rely on it.
    static QStringList columns();

    // `progress` is called with (rows done, rows in total) before the first row, regularly
    // during the export and after the last row; returning false cancels the export.
    static ExportResult run(const ExportOptions &options,
                            const std::function<bool(qint64 done, qint64 total)> &progress = {});

    // The name of an event's snapshot file: `<device_sn>_<unix seconds>_<row id>.jpg`, with
    // anything but ASCII letters, digits, `-` and `_` in the serial number replaced by `_`.
    static QString imageFileName(const QString &deviceSn, std::optional<qint64> unixSeconds,
                                 qint64 rowId);
};
