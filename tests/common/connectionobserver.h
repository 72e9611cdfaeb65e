#pragma once

// What the tests of one DeviceConnection share: an observer of everything it reports, and the
// check that what it received is exactly what the terminal sent.

#include "device/deviceconnection.h"
#include "event/eventparser.h"
#include "event/recognitionevent.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTest>

// Records what a connection reports, and when (ms since the observer was made). It is the
// context of its connections, so that nothing reaches it once it is gone, whichever thread the
// connection lives on.
class ConnectionObserver final : public QObject
{
    Q_OBJECT

public:
    explicit ConnectionObserver(DeviceConnection *connection)
    {
        clock.start();
        connect(connection, &DeviceConnection::eventReceived, this,
                [this](const RecognitionEvent &event) {
                    events.append(event);
                    eventTimes.append(clock.elapsed());
                });
        connect(connection, &DeviceConnection::frameRejected, this,
                [this](const QString &reason) { rejections.append(reason); });
        connect(connection, &DeviceConnection::stateChanged, this,
                [this](ConnectionState state, const QString &detail) {
                    states.append(state);
                    details.append(detail);
                    if (state == ConnectionState::Connecting)
                        attemptStarts.append(clock.elapsed());
                });
    }

    int count(ConnectionState state) const { return int(states.count(state)); }

    QElapsedTimer clock;
    QList<RecognitionEvent> events;
    QList<qint64> eventTimes;
    QStringList rejections;
    QList<ConnectionState> states;
    QStringList details;
    // When each attempt began (the state went to Connecting).
    QList<qint64> attemptStarts;
};

// Every frame the terminal sent arrived exactly once, in order, every field equal to what the
// frame says, named `deviceName` and stamped with a UTC receive time.
inline void compareExactlyOnce(const QList<RecognitionEvent> &received,
                               const QList<QByteArray> &sentFrames, const QString &deviceName)
{
    const EventParser parser;
    QCOMPARE(received.size(), sentFrames.size());
    QSet<QString> keys;
    for (qsizetype i = 0; i < received.size(); ++i) {
        ParseOutcome outcome = parser.parse(sentFrames.at(i));
        QVERIFY2(outcome.ok(), qPrintable(QStringLiteral("frame %1 does not parse").arg(i)));
        RecognitionEvent want = *outcome.event;
        QCOMPARE(received.at(i).deviceName, deviceName);
        QVERIFY(received.at(i).receivedAt.isValid());
        QCOMPARE(received.at(i).receivedAt.timeSpec(), Qt::UTC);
        want.deviceName = received.at(i).deviceName;
        want.receivedAt = received.at(i).receivedAt;
        QVERIFY2(received.at(i) == want, qPrintable(QStringLiteral("event %1 differs").arg(i)));
        keys.insert(received.at(i).deduplicationKey());
    }
    QCOMPARE(keys.size(), received.size());
}
