#include "alertlistdelegate.h"

#include "icons.h"
#include "model/alertmodel.h"

#include <QListView>

using namespace Qt::StringLiterals;

AlertListDelegate::AlertListDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
    , m_waiting(Icons::icon(u"alert"_s))
{
    setPalette(QPalette());
}

void AlertListDelegate::setPalette(const QPalette &palette)
{
    m_acknowledged = Icons::icon(u"acknowledge"_s, palette);
}

void AlertListDelegate::watch(const QAbstractItemModel *model)
{
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
                    const QString key
                        = topLeft.siblingAtRow(row).data(AlertModel::DedupKeyRole).toString();
                    m_sizes.remove(u'0' + key);
                    m_sizes.remove(u'1' + key);
                }
            });
    const auto forgetAll = [this] {
        m_sizes.clear();
    };
    connect(model, &QAbstractItemModel::modelReset, this, forgetAll);
    connect(model, &QAbstractItemModel::layoutChanged, this, forgetAll);
}

void AlertListDelegate::initStyleOption(QStyleOptionViewItem *option,
                                        const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const bool acknowledged = index.data(AlertModel::AcknowledgedRole).toBool();
    option->features |= QStyleOptionViewItem::HasDecoration;
    option->icon = acknowledged ? m_acknowledged : m_waiting;
    option->decorationSize = QSize(24, 24);
    option->decorationAlignment = Qt::AlignTop | Qt::AlignHCenter;
    option->font.setBold(!acknowledged);
}

QSize AlertListDelegate::sizeHint(const QStyleOptionViewItem &option,
                                  const QModelIndex &index) const
{
    QStyleOptionViewItem wrapped = option;
    const auto *view = qobject_cast<const QListView *>(parent());
    if (view)
        wrapped.rect.setWidth(view->viewport()->width() - 2 * view->spacing() - 2);
    if (wrapped.rect.width() != m_sizesWidth || option.font != m_sizesFont
        || m_sizes.size() >= MaxKeptSizes) {
        m_sizes.clear();
        m_sizesWidth = wrapped.rect.width();
        m_sizesFont = option.font;
    }
    QString alert = index.data(AlertModel::DedupKeyRole).toString();
    if (alert.isEmpty()) // not expected: every alert is a stored event's; its text stands in
        alert = u'\n' + index.data(Qt::DisplayRole).toString();
    const QString key = (index.data(AlertModel::AcknowledgedRole).toBool() ? u'1' : u'0') + alert;
    if (const auto kept = m_sizes.constFind(key); kept != m_sizes.cend())
        return *kept;
    QSize size = QStyledItemDelegate::sizeHint(wrapped, index);
    if (view)
        size.setWidth(std::min(size.width(), wrapped.rect.width()));
    // A line of slack: wrapping while painting may break a line earlier than measuring did.
    size.rheight() += option.fontMetrics.lineSpacing();
    m_sizes.insert(key, size);
    return size;
}
