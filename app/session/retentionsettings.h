#pragma once

#include "store/retentionpolicy.h"

#include <QString>
#include <QStringList>

class QSettings;

// Where the station keeps its RetentionPolicy: QSettings group "history", keys
// keepRecordsDays, keepSnapshotsDays (whole days) and maxSnapshotGigabytes (a decimal number;
// 1 GB = 10^9 bytes). A key that is missing or 0 means no limit.
class RetentionSettings final
{
public:
    static constexpr int MaxDays = 100 * 365;
    static constexpr double MaxGigabytes = 1'000'000;

    // A value that is not a number in range is taken as no limit, and `problems` (when given)
    // says which and why, so that a hand-edited file cannot delete history by accident.
    static RetentionPolicy load(const QSettings &settings, QStringList *problems = nullptr);
    static void save(QSettings &settings, const RetentionPolicy &policy);

    static qint64 bytesFromGigabytes(double gigabytes);
    static double gigabytesFromBytes(qint64 bytes);
};
