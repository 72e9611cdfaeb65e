#include "alertrules.h"

#include "recognitionevent.h"

AlertRules::Reasons AlertRules::reasons(const RecognitionEvent &event)
{
    Reasons result;
    const int status = event.recognizeStatus.value_or(-1);
    const int type = event.recognitionType.value_or(-1);
    if (status == StatusStranger || type == TypeStranger)
        result |= Reason::Stranger;
    if (event.pass == false || status == StatusAuthenticationFailed)
        result |= Reason::Denied;
    if (status == StatusNonLive || type == TypeNonLive)
        result |= Reason::NonLive;
    if (type == TypeBlacklist || (event.user && event.user->type == UserTypeBlacklist))
        result |= Reason::Blacklist;
    return result;
}

QStringList AlertRules::describe(Reasons reasons)
{
    QStringList words;
    if (reasons.testFlag(Reason::Stranger))
        words << tr("stranger");
    if (reasons.testFlag(Reason::Denied))
        words << tr("denied");
    if (reasons.testFlag(Reason::NonLive))
        words << tr("non-live");
    if (reasons.testFlag(Reason::Blacklist))
        words << tr("blacklist");
    return words;
}

bool isAlert(const RecognitionEvent &event, AlertRules::Reasons enabled)
{
    return (AlertRules::reasons(event) & enabled) != AlertRules::Reasons();
}
