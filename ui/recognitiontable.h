#pragma once

#include <QTableView>

class QMenu;

// The recognition table: sortable, columns movable and hideable (header context menu, or
// columnsMenu() from the keyboard). The header's state is what the window stores.
class RecognitionTable final : public QTableView
{
    Q_OBJECT

public:
    explicit RecognitionTable(QWidget *parent = nullptr);

    // A menu of checkable column names that hide/show columns, and "Show all columns".
    // Rebuilt for the current model each time.
    QMenu *columnsMenu();

    // Gives each column a width that fits its title and, for the time, a full date and time.
    void fitColumnsToContentWidths();

    QByteArray saveColumnState() const;
    bool restoreColumnState(const QByteArray &state);

private:
    QMenu *m_columnsMenu = nullptr;
};
