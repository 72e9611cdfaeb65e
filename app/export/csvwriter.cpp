#include "csvwriter.h"

#include <QIODevice>

using namespace Qt::StringLiterals;

CsvWriter::CsvWriter(QIODevice *device)
    : m_device(device)
{ }

bool CsvWriter::writeBom()
{
    return write(QByteArrayLiteral("\xEF\xBB\xBF"));
}

QString CsvWriter::encodeField(const QString &value, FieldKind kind)
{
    QString field = value;
    if (kind == FieldKind::Text && !field.isEmpty()) {
        const QChar first = field.front();
        if (first == u'=' || first == u'+' || first == u'-' || first == u'@' || first == u'\t'
            || first == u'\r')
            field.prepend(u'\'');
    }
    const bool needsQuotes = field.contains(u',') || field.contains(u'"') || field.contains(u'\r')
        || field.contains(u'\n');
    if (!needsQuotes)
        return field;
    field.replace(u"\""_s, u"\"\""_s);
    return u'"' + field + u'"';
}

void CsvWriter::addField(const QString &value, FieldKind kind)
{
    if (m_rowStarted)
        m_row.append(',');
    m_rowStarted = true;
    m_row.append(encodeField(value, kind).toUtf8());
}

bool CsvWriter::endRow()
{
    m_row.append("\r\n");
    const bool ok = write(m_row);
    m_row.clear();
    m_rowStarted = false;
    return ok;
}

bool CsvWriter::writeRow(const QStringList &fields, FieldKind kind)
{
    for (const QString &field : fields)
        addField(field, kind);
    return endRow();
}

bool CsvWriter::write(const QByteArray &bytes)
{
    const qint64 written = m_device->write(bytes);
    if (written > 0)
        m_bytesWritten += written;
    if (written != bytes.size()) {
        m_error = m_device->errorString();
        return false;
    }
    return true;
}
