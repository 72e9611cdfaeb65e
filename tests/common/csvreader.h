#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// An independent RFC 4180 reader for tests: it checks what the product writes without
// sharing its code. Returns nullopt on malformed input (a quote in an unquoted field, an
// unterminated quoted field, a bare CR or LF as a line end).
namespace TestCsv {
inline std::optional<QList<QStringList>> parse(const QByteArray &bytes)
{
    const QString text = QString::fromUtf8(bytes);
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < n && text.at(i + 1) == u'"') {
                    field += u'"';
                    i += 2;
                    continue;
                }
                quoted = false;
                ++i;
                if (i < n && text.at(i) != u',' && text.at(i) != u'\r')
                    return std::nullopt;
                continue;
            }
            field += c;
            ++i;
            continue;
        }
        if (c == u'"') {
            if (fieldStarted)
                return std::nullopt;
            quoted = true;
            fieldStarted = true;
            ++i;
        } else if (c == u',') {
            row.append(field);
            field.clear();
            fieldStarted = false;
            ++i;
        } else if (c == u'\r') {
            if (i + 1 >= n || text.at(i + 1) != u'\n')
                return std::nullopt;
            row.append(field);
            rows.append(row);
            row.clear();
            field.clear();
            fieldStarted = false;
            i += 2;
        } else if (c == u'\n') {
            return std::nullopt;
        } else {
            field += c;
            fieldStarted = true;
            ++i;
        }
    }
    if (quoted)
        return std::nullopt;
    if (fieldStarted || !row.isEmpty()) {
        row.append(field);
        rows.append(row);
    }
    return rows;
}
} // namespace TestCsv
