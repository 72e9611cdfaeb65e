#include "recognitionevent.h"

#include <QStringBuilder>

using namespace Qt::StringLiterals;

QString RecognitionEvent::deduplicationKey() const
{
    if (!uuid.isEmpty())
        return u"uuid:"_s + uuid;
    const auto number = [](const auto &value) {
        return value ? QString::number(*value) : QString();
    };
    const int status = recognizeStatus.value_or(recognitionType ? 100 + *recognitionType : -1);
    return u"sn:"_s % deviceSn % u'|' % number(timestampMs) % u'|'
        % (user ? user->userId : QString()) % u'|' % QString::number(status);
}
