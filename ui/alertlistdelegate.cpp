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
    const QString key = (index.data(AlertModel::AcknowledgedRole).toBool() ? u'1' : u'0')
        + index.data(Qt::DisplayRole).toString();
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
