#pragma once

#include <QByteArray>
#include <QColor>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QRandomGenerator>
#include <QSet>
#include <QSize>
#include <QString>
#include <QStringList>

#include <memory>

// A person enrolled on the simulated terminals. The roster depends only on the seed, so every
// simulated device of one run knows the same people, as the doors of one site would.
struct SimulatedPerson final
{
    int userId = 0;
    QString name;
    int type = 1; // 1 employee, 2 visitor, 3 blacklist
    QString icNumber;
    QString jobNumber;
    QStringList groups;
    // Looks, varied per person; the painting uses no text, so it needs no fonts.
    QColor skin;
    QColor hair;
    QColor eyes;
    QColor background;
    int hairStyle = 0;
    bool glasses = false;
};

// Deterministic recognition events for one device: the same serial number and seed give the
// same sequence of people, codes, scores and pictures (only the time and the uuid differ).
//
// The sequence is built so that a short run already covers everything a client must handle:
// within 21 events every recognizeStatus (0–6) meets every firmware variant, within 10 every
// mode (0–9), within 3 every mask (0–2); strangers (status 3) come without a user, alternately
// with `user` absent and `user: null`; the roster cycles through names in many scripts and
// CSV-injection names. Firmware variants: the original one (livenessScore, integer user_id),
// v1.1.0 (bodyTemperature) and later firmware (recognitionType instead of recognizeStatus, uuid,
// string user_id, ic_number, job_number, groups).
//
// Two events of one device never share the client's fallback de-duplication key (deviceSN,
// timestamp, user_id, status): an event that would is given a uuid, as later firmware sends.
class EventGenerator final
{
public:
    EventGenerator(const QString &deviceSn, quint32 seed, bool millisecondTimestamps = false);

    const QString &deviceSn() const { return m_deviceSn; }

    // Cycle (the default) steps through every recognition status in turn, so that a short run
    // covers them all; Site draws them as a busy entrance sees them: mostly enrolled people
    // passing, now and then a stranger, a denial or a photo held up to the camera.
    enum class Mix { Cycle, Site };
    void setMix(Mix mix) { m_mix = mix; }

    // Camera snapshots: 480×640 with a sensor's noise, about 45 KB of JPEG each, as a real
    // terminal's camera sends them (the default is 240×320 and about 9 KB, drawn clean, which
    // keeps tests and demos light). Set before the first event.
    void setCameraSnapshots(bool camera) { m_camera = camera; }
    bool cameraSnapshots() const { return m_camera; }

    // Shares the painted pictures with `other`, a generator of the same seed and snapshot
    // size, so that a simulator's devices paint each face once between them rather than once
    // each. Both must be used from one thread.
    void sharePicturesWith(const EventGenerator &other) { m_pictures = other.m_pictures; }
    // Paints every face the events can show now (for camera snapshots about 1.5 s), so that the
    // first events cost no more to generate than later ones.
    void paintAllSnapshots();

    // The `data` object of the next event, stamped with `nowMs` (Unix milliseconds).
    QJsonObject nextEventData(qint64 nowMs);
    // The next event's complete frame, stamped with the current time.
    QByteArray nextFrame();
    // The envelope the terminal sends: {"type":0,"data":{…}}, compact UTF-8 JSON.
    static QByteArray frame(const QJsonObject &data);
    qint64 generatedCount() const { return m_sequence; }

    const QList<SimulatedPerson> &roster() const { return m_roster; }
    // The roster entry with that user id (integer or its decimal text); nullptr if none.
    const SimulatedPerson *person(const QString &userId) const;
    // What GET /v1/user/id/{id} answers: the user object with `avatar` (base64 JPEG).
    QJsonObject userRecord(const SimulatedPerson &person);

    // The live snapshot of a roster person (index into roster()), optionally wearing a mask,
    // and the enrolled photo: real JPEGs, painted, cached so that generation stays cheap.
    QByteArray snapshotJpeg(int personIndex, bool masked);
    QByteArray avatarJpeg(int personIndex);
    // A passer-by who is not enrolled (strangers); `strangerIndex` selects one of a few faces.
    QByteArray strangerJpeg(int strangerIndex, bool masked);

    static QSize snapshotSize() { return { 240, 320 }; }
    static QSize cameraSnapshotSize() { return { 480, 640 }; }

    // "PS71HD01MC22C" + five digits, distinct for indexes below 1000 of one seed.
    static QString serialNumberFor(quint32 seed, int index);

private:
    static QList<SimulatedPerson> makeRoster(quint32 seed);
    static SimulatedPerson makeLooks(QRandomGenerator &random);
    static QByteArray paintFace(const SimulatedPerson &looks, bool masked, bool enrolledPhoto,
                                bool camera = false);
    // The base64 text of a cached snapshot, encoded once per snapshot rather than per event.
    QString snapshotText(int key, const QByteArray &jpeg);

    QString m_deviceSn;
    bool m_millisecondTimestamps = false;
    QRandomGenerator m_random;
    QList<SimulatedPerson> m_roster;
    QList<SimulatedPerson> m_strangers;
    qint64 m_sequence = 0;
    Mix m_mix = Mix::Cycle;
    int m_nextPerson = 0;
    int m_strangerCount = 0;
    struct Pictures
    {
        QHash<int, QByteArray> snapshots; // key: index * 2 + masked; strangers negative
        QHash<int, QString> snapshotTexts; // base64, same keys
        QHash<int, QByteArray> avatars;
    };
    std::shared_ptr<Pictures> m_pictures = std::make_shared<Pictures>();
    bool m_camera = false;
    // Fallback de-duplication keys already used in the current second.
    qint64 m_keySecond = -1;
    QSet<QString> m_keysThisSecond;
};
