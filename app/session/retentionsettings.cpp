#include "retentionsettings.h"

#include <QCoreApplication>
#include <QSettings>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

const QString RecordsKey = u"history/keepRecordsDays"_s;
const QString SnapshotsKey = u"history/keepSnapshotsDays"_s;
const QString SizeKey = u"history/maxSnapshotGigabytes"_s;

QString translate(const char *text)
{
    return QCoreApplication::translate("RetentionSettings", text);
}

int readDays(const QSettings &settings, const QString &key, QStringList *problems)
{
    const QVariant value = settings.value(key);
    if (!value.isValid())
        return 0;
    bool ok = false;
    const int days = value.toString().trimmed().toInt(&ok);
    if (!ok || days < 0 || days > RetentionSettings::MaxDays) {
        if (problems) {
            problems->append(translate("%1 is '%2', not a number of days from 0 to %3: "
                                       "nothing is deleted by it")
                                 .arg(key, value.toString())
                                 .arg(RetentionSettings::MaxDays));
        }
        return 0;
    }
    return days;
}

} // namespace

RetentionPolicy RetentionSettings::load(const QSettings &settings, QStringList *problems)
{
    RetentionPolicy policy;
    policy.keepEventsDays = readDays(settings, RecordsKey, problems);
    policy.keepSnapshotsDays = readDays(settings, SnapshotsKey, problems);
    const QVariant size = settings.value(SizeKey);
    if (size.isValid()) {
        bool ok = false;
        const double gigabytes = size.toString().trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(gigabytes) || gigabytes < 0 || gigabytes > MaxGigabytes) {
            if (problems) {
                problems->append(translate("%1 is '%2', not a size in gigabytes from 0 to %3: "
                                           "nothing is deleted by it")
                                     .arg(SizeKey, size.toString())
                                     .arg(MaxGigabytes, 0, 'f', 0));
            }
        } else {
            policy.maxSnapshotBytes = bytesFromGigabytes(gigabytes);
        }
    }
    return policy;
}

void RetentionSettings::save(QSettings &settings, const RetentionPolicy &policy)
{
    settings.setValue(RecordsKey, policy.keepEventsDays);
    settings.setValue(SnapshotsKey, policy.keepSnapshotsDays);
    settings.setValue(SizeKey, gigabytesFromBytes(policy.maxSnapshotBytes));
}

qint64 RetentionSettings::bytesFromGigabytes(double gigabytes)
{
    return qint64(std::llround(gigabytes * 1e9));
}

double RetentionSettings::gigabytesFromBytes(qint64 bytes)
{
    return double(bytes) / 1e9;
}
