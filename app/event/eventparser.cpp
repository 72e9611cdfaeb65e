#include "eventparser.h"

EventParser::EventParser(SnapshotLimits limits)
    : m_limits(limits)
{ }

qsizetype EventParser::maxFrameBytes() const
{
    return m_limits.maxBytes / 3 * 4 + 8 + 1024 * 1024;
}

ParseOutcome EventParser::parse(QByteArrayView frame) const
{
    Q_UNUSED(frame);
    ParseOutcome outcome;
    outcome.error = ParseError::NotJson;
    outcome.reason = tr("not implemented yet");
    return outcome;
}

ParseOutcome EventParser::parseData(const QJsonObject &data) const
{
    Q_UNUSED(data);
    ParseOutcome outcome;
    outcome.error = ParseError::InvalidData;
    outcome.reason = tr("not implemented yet");
    return outcome;
}
