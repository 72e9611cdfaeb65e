#pragma once

#include <QLoggingCategory>
#include <QtGlobal>

// Where a headless command's messages go while it runs, possibly as a systemd service: every
// qDebug/qInfo/qWarning/qCritical becomes one line on stderr, without a timestamp (the journal
// and whoever reads a terminal have their own), prefixed with the category unless it is the
// command's own ("gatewatch.record"). When stderr is connected to the journal (JOURNAL_STREAM
// names the very file stderr is, see systemd.exec(5)), each line starts with its sd-daemon(3)
// priority, "<3>" for errors to "<7>" for debug, so that the journal files it at the right
// level; elsewhere lines are plain.
//
// The command's own category is its output, not a diagnosis: its info, warning and critical
// messages are on whatever the filter rules say about gatewatch.* (the others' are off unless
// QT_LOGGING_RULES turns them on, see main.cpp).
//
// Installed for the lifetime of the object; the previous handler and filter come back after
// it.
class ServiceLog final
{
public:
    // ownCategory: a string literal, such as the name given to Q_LOGGING_CATEGORY.
    explicit ServiceLog(const char *ownCategory);
    ~ServiceLog();
    ServiceLog(const ServiceLog &) = delete;
    ServiceLog &operator=(const ServiceLog &) = delete;

    // Whether the JOURNAL_STREAM environment variable ("DEVICE:INODE") names the file that
    // file descriptor 2 refers to.
    static bool stderrIsJournal();

private:
    QtMessageHandler m_previous = nullptr;
    QLoggingCategory::CategoryFilter m_previousFilter = nullptr;
};
