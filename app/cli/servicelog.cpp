#include "servicelog.h"

#include <QByteArray>
#include <QString>

#include <cstdio>
#include <sys/stat.h>

namespace {
// A message handler has no context: the installed configuration lives here.
struct Settings
{
    const char *ownCategory; // a string literal, see ServiceLog::ServiceLog
    bool journal;
};
Settings g_settings = { "", false };
QLoggingCategory::CategoryFilter g_previousFilter = nullptr;

const char *priorityPrefix(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "<7>";
    case QtInfoMsg:
        return "<6>";
    case QtWarningMsg:
        return "<4>";
    case QtCriticalMsg:
    case QtFatalMsg:
        return "<3>";
    }
    return "<6>";
}

void writeLine(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    QByteArray line;
    if (g_settings.journal)
        line += priorityPrefix(type);
    const QByteArrayView category(context.category ? context.category : "");
    if (!category.isEmpty() && category != "default"
        && category != QByteArrayView(g_settings.ownCategory))
        line += category.toByteArray() + ": ";
    // One message, one line: the journal would file each further line as a message of its
    // own, without the priority.
    QByteArray text = message.toUtf8();
    text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    line += text;
    line += '\n';
    // Messages come from every thread: one fwrite() per line, which stdio does under the
    // stream's lock, keeps lines whole.
    std::fwrite(line.constData(), 1, std::size_t(line.size()), stderr);
    std::fflush(stderr);
}

void filterCategory(QLoggingCategory *category)
{
    if (g_previousFilter)
        g_previousFilter(category);
    if (qstrcmp(category->categoryName(), g_settings.ownCategory) == 0) {
        category->setEnabled(QtInfoMsg, true);
        category->setEnabled(QtWarningMsg, true);
        category->setEnabled(QtCriticalMsg, true);
    }
}

QtMessageHandler installHandler(const char *ownCategory)
{
    g_settings.ownCategory = ownCategory;
    g_settings.journal = ServiceLog::stderrIsJournal();
    return qInstallMessageHandler(writeLine);
}

QLoggingCategory::CategoryFilter installCategoryFilter()
{
    // installFilter() runs the new filter over every existing category before it says which
    // filter it replaces; in that first pass the others are left as the previous filter set
    // them, and the categories created from now on go through it first.
    g_previousFilter = nullptr;
    g_previousFilter = QLoggingCategory::installFilter(filterCategory);
    return g_previousFilter;
}
} // namespace

ServiceLog::ServiceLog(const char *ownCategory)
    : m_previous(installHandler(ownCategory))
    , m_previousFilter(installCategoryFilter())
{ }

ServiceLog::~ServiceLog()
{
    QLoggingCategory::installFilter(m_previousFilter);
    qInstallMessageHandler(m_previous);
}

bool ServiceLog::stderrIsJournal()
{
    const QByteArray value = qgetenv("JOURNAL_STREAM");
    const qsizetype colon = value.indexOf(':');
    if (colon <= 0)
        return false;
    bool deviceOk = false;
    bool inodeOk = false;
    const qulonglong device = value.left(colon).toULongLong(&deviceOk);
    const qulonglong inode = value.mid(colon + 1).toULongLong(&inodeOk);
    struct stat status = {};
    if (!deviceOk || !inodeOk || ::fstat(2, &status) != 0)
        return false;
    return qulonglong(status.st_dev) == device && qulonglong(status.st_ino) == inode;
}
