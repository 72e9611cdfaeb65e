#pragma once

#include <QFont>
#include <QHash>
#include <QIcon>
#include <QStyledItemDelegate>

// The alert list's rows: a warning sign and bold text while an alert waits for an
// acknowledgement, a check mark and plain text once it has one.
class AlertListDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit AlertListDelegate(QObject *parent = nullptr);

    // The monochrome check follows the palette's text colour.
    void setPalette(const QPalette &palette);
    // Forgets the kept sizes of the alerts `model` changes, or of all when it is reset or laid
    // out anew. Call it with the list's model.
    void watch(const QAbstractItemModel *model);

    // Rows are as tall as their text wrapped to the list's width. The list lays out every row
    // again at each insertion, so the sizes are kept by alert (AlertModel::DedupKeyRole) and
    // acknowledgement until the width or font changes, or the model says the alert changed
    // (watch()): laying out the text of thousands of alerts at every burst would freeze the
    // window.
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

    static constexpr qsizetype MaxKeptSizes = 20'000;

private:
    QIcon m_waiting;
    QIcon m_acknowledged;
    mutable QHash<QString, QSize> m_sizes; // by acknowledged flag and deduplication key
    mutable int m_sizesWidth = -1;
    mutable QFont m_sizesFont;
};
