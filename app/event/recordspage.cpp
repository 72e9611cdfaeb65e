#include "recordspage.h"

#include "eventparser.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

// A JSON number that is a whole, non-negative count; nullopt otherwise.
std::optional<qint64> count(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    // 2^53: the largest count a JSON number carries exactly.
    if (!std::isfinite(number) || number < 0 || number > 9007199254740992.0
        || std::floor(number) != number)
        return std::nullopt;
    return qint64(number);
}

} // namespace

std::optional<RecordsPage> RecordsPage::parse(const QJsonValue &data, const EventParser &parser,
                                              qint64 requestedOffset, QString *error)
{
    const auto fail = [error](const QString &why) -> std::optional<RecordsPage> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (!data.isObject())
        return fail(tr("the history answer's data is not an object"));
    const QJsonObject object = data.toObject();

    const auto total = count(object.value("total"_L1));
    if (!total)
        return fail(object.contains("total"_L1)
                        ? tr("the history answer's total is not a whole number of records")
                        : tr("the history answer has no total"));
    const QJsonValue items = object.value("items"_L1);
    // A device may leave an empty page's items out (or null); anything else must be a list.
    if (!items.isArray() && !items.isUndefined() && !items.isNull())
        return fail(tr("the history answer's items are not a list"));

    RecordsPage page;
    page.total = *total;
    const QJsonValue offsetValue = object.value("offset"_L1);
    if (const auto offset = count(offsetValue))
        page.offset = *offset;
    else if (offsetValue.isUndefined() || offsetValue.isNull())
        page.offset = requestedOffset;
    else
        return fail(tr("the history answer's offset is not a whole number"));

    const QJsonArray list = items.toArray();
    page.itemCount = list.size();
    page.events.reserve(list.size());
    for (qsizetype i = 0; i < list.size(); ++i) {
        const qint64 position = page.offset + i;
        const QJsonValue item = list.at(i);
        if (!item.isObject()) {
            page.rejected.append(tr("history record %1 is not an object").arg(position));
            continue;
        }
        ParseOutcome outcome = parser.parseData(item.toObject());
        if (!outcome.ok()) {
            page.rejected.append(tr("history record %1: %2").arg(position).arg(outcome.reason));
            continue;
        }
        for (const QString &warning : std::as_const(outcome.warnings))
            page.warnings.append(tr("history record %1: %2").arg(position).arg(warning));
        page.events.append(std::move(*outcome.event));
    }
    return page;
}
