#include "sensetimeservice.h"

bool SensetimeService::isTerminalName(const QString &instanceName)
{
    return instanceName.startsWith(QLatin1StringView(Name), Qt::CaseInsensitive);
}
