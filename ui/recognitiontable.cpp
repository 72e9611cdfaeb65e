#include "recognitiontable.h"

#include <QHeaderView>
#include <QMenu>
#include <QStyledItemDelegate>

namespace {
// Draws a cell's image (the face in the Name column) at the view's icon size, not at the size
// the thumbnail was decoded for the gallery.
class CellDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (const auto *view = qobject_cast<const QAbstractItemView *>(parent()))
            option->decorationSize = view->iconSize();
    }
};
} // namespace

RecognitionTable::RecognitionTable(QWidget *parent)
    : QTableView(parent)
    , m_columnsMenu(new QMenu(tr("Columns"), this))
{
    setAccessibleName(tr("Recognition table"));
    setSortingEnabled(true);
    setSelectionBehavior(SelectRows);
    setSelectionMode(SingleSelection);
    setAlternatingRowColors(true);
    setWordWrap(false);
    setEditTriggers(NoEditTriggers);
    verticalHeader()->hide();
    // Fixed row heights: the view never measures rows, whatever the number of events.
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    const int rowHeight = fontMetrics().height() + 10;
    verticalHeader()->setDefaultSectionSize(rowHeight);
    setIconSize(QSize(rowHeight - 4, rowHeight - 4));
    setItemDelegate(new CellDelegate(this));
    horizontalHeader()->setSectionsMovable(true);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(horizontalHeader(), &QHeaderView::customContextMenuRequested, this,
            [this](const QPoint &pos) {
                columnsMenu()->popup(horizontalHeader()->viewport()->mapToGlobal(pos));
            });
}

void RecognitionTable::fitColumnsToContentWidths()
{
    if (!model())
        return;
    // Widths from typical contents, not measured over the rows: the table may hold thousands.
    QHeaderView *header = horizontalHeader();
    const QFontMetrics metrics = fontMetrics();
    for (int column = 0; column < model()->columnCount(); ++column) {
        const QString title = model()->headerData(column, Qt::Horizontal).toString();
        header->resizeSection(
            column,
            std::max(header->sectionSizeHint(column), metrics.horizontalAdvance(title) + 32));
    }
    header->resizeSection(0, metrics.horizontalAdvance(QStringLiteral("2026-12-31 23:59:59")) + 24);
}

QMenu *RecognitionTable::columnsMenu()
{
    m_columnsMenu->clear();
    if (!model())
        return m_columnsMenu;
    QHeaderView *header = horizontalHeader();
    for (int column = 0; column < model()->columnCount(); ++column) {
        const int logical = header->logicalIndex(column); // in the order shown
        QAction *action
            = m_columnsMenu->addAction(model()->headerData(logical, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(logical));
        connect(action, &QAction::toggled, this, [header, logical](bool shown) {
            // Keep at least one column: a table without columns cannot get them back.
            if (!shown && header->count() - header->hiddenSectionCount() <= 1)
                return;
            header->setSectionHidden(logical, !shown);
        });
    }
    m_columnsMenu->addSeparator();
    connect(m_columnsMenu->addAction(tr("Show all columns")), &QAction::triggered, this, [header] {
        for (int i = 0; i < header->count(); ++i)
            header->setSectionHidden(i, false);
    });
    return m_columnsMenu;
}

QByteArray RecognitionTable::saveColumnState() const
{
    return horizontalHeader()->saveState();
}

bool RecognitionTable::restoreColumnState(const QByteArray &state)
{
    return horizontalHeader()->restoreState(state);
}

#include "recognitiontable.moc"
