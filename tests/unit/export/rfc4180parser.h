#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// A strict RFC 4180 reader for the tests, written independently of CsvWriter: records end with
// CRLF, fields are separated by commas, a quoted field may hold commas, CR, LF and doubled
// quotes. Anything else (a bare LF or CR outside quotes, a quote inside an unquoted field,
// text after a closing quote, a missing final CRLF) makes it return nullopt.
inline std::optional<QList<QStringList>> parseRfc4180(const QByteArray &bytes)
{
    const QString text = QString::fromUtf8(bytes);
    QList<QStringList> records;
    QStringList record;
    QString field;
    qsizetype i = 0;
    const qsizetype n = text.size();
    if (n == 0)
        return records;
    while (i < n) {
        if (text.at(i) == u'"') {
            ++i;
            while (true) {
                if (i >= n)
                    return std::nullopt; // unterminated quote
                if (text.at(i) == u'"') {
                    if (i + 1 < n && text.at(i + 1) == u'"') {
                        field.append(u'"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field.append(text.at(i++));
            }
            if (i < n && text.at(i) != u',' && text.at(i) != u'\r')
                return std::nullopt; // text after the closing quote
        } else {
            while (i < n && text.at(i) != u',' && text.at(i) != u'\r') {
                if (text.at(i) == u'"' || text.at(i) == u'\n')
                    return std::nullopt;
                field.append(text.at(i++));
            }
        }
        if (i >= n)
            return std::nullopt; // the last record must end with CRLF
        if (text.at(i) == u',') {
            record.append(field);
            field.clear();
            ++i;
            continue;
        }
        // CR: must be CRLF.
        if (i + 1 >= n || text.at(i + 1) != u'\n')
            return std::nullopt;
        record.append(field);
        field.clear();
        records.append(record);
        record.clear();
        i += 2;
    }
    return records;
}
