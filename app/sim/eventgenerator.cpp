#include "eventgenerator.h"

#include <QBuffer>
#include <QDateTime>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPainter>
#include <QPainterPath>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Names a client must store, show and export intact: many scripts, characters that need CSV
// quoting, and text a spreadsheet would execute as a formula.
const QStringList &rosterNames()
{
    static const QStringList names = {
        u"Q"_s, // the name in the specification's example
        u"José Müller-Ørsted"_s,
        u"Анна Каренина"_s,
        u"Γιώργος Παπαδόπουλος"_s,
        u"王小明"_s,
        u"山田 花子"_s,
        u"김민준"_s,
        u"محمد عبد الله"_s,
        u"דוד כהן"_s,
        u"प्रिया शर्मा"_s,
        u"สมชาย ใจดี"_s,
        u"Zoë 😀 Ångström"_s,
        u"Smith, \"Bob\"\nJr."_s,
        u"=HYPERLINK(\"http://x\")"_s,
        u"+SUM(1,2)"_s,
        u"-2+3"_s,
        u"@cmd"_s,
        u"\tTabbed Name"_s,
        u"\rCarriage Return"_s,
        u"Alice Smith"_s,
        u"Bob Jones"_s,
        u"Chloé Dubois"_s,
        u"Łukasz Wójcik"_s,
        u"Nguyễn Văn An"_s,
    };
    return names;
}

QColor pick(QRandomGenerator &random, std::initializer_list<QColor> colours)
{
    const auto index = random.bounded(static_cast<int>(colours.size()));
    return *(colours.begin() + index);
}

// recognizeStatus → later firmware's recognitionType (1 employee, 2 visitor, 3 stranger,
// 4 non-live, 5 blacklist).
int recognitionTypeFor(int status, const SimulatedPerson *person)
{
    if (status == 1)
        return 4;
    if (!person || status == 3)
        return 3;
    if (person->type == 3)
        return 5;
    return person->type == 2 ? 2 : 1;
}

double rounded(double value, int decimals)
{
    double factor = 1;
    for (int i = 0; i < decimals; ++i)
        factor *= 10;
    return std::round(value * factor) / factor;
}

} // namespace

EventGenerator::EventGenerator(const QString &deviceSn, quint32 seed, bool millisecondTimestamps)
    : m_deviceSn(deviceSn)
    , m_millisecondTimestamps(millisecondTimestamps)
    , m_random(seed ^ static_cast<quint32>(qHash(deviceSn, 0)))
    , m_roster(makeRoster(seed))
{
    QRandomGenerator strangerRandom(seed + 7919);
    for (int i = 0; i < 6; ++i)
        m_strangers.append(makeLooks(strangerRandom));
}

QString EventGenerator::serialNumberFor(quint32 seed, int index)
{
    const int number
        = static_cast<int>((seed % 100) * 1000 + static_cast<quint32>(index) + 1) % 100000;
    return u"PS71HD01MC22C"_s + u"%1"_s.arg(number, 5, 10, QLatin1Char('0'));
}

SimulatedPerson EventGenerator::makeLooks(QRandomGenerator &random)
{
    SimulatedPerson p;
    p.skin = pick(random,
                  { QColor(255, 224, 196), QColor(241, 194, 125), QColor(224, 172, 105),
                    QColor(198, 134, 66), QColor(141, 85, 36), QColor(92, 58, 33) });
    p.hair = pick(random,
                  { QColor(20, 20, 20), QColor(70, 40, 20), QColor(160, 110, 50),
                    QColor(230, 200, 120), QColor(180, 60, 30), QColor(200, 200, 200) });
    p.eyes = pick(random, { QColor(60, 40, 20), QColor(40, 90, 160), QColor(40, 120, 60) });
    p.background
        = QColor::fromHsv(random.bounded(360), 40 + random.bounded(60), 170 + random.bounded(70));
    p.hairStyle = random.bounded(3);
    p.glasses = random.bounded(4) == 0;
    return p;
}

QList<SimulatedPerson> EventGenerator::makeRoster(quint32 seed)
{
    QRandomGenerator random(seed);
    QList<SimulatedPerson> roster;
    const QStringList &names = rosterNames();
    static const QStringList groupNames
        = { u"Staff"_s, u"Building A"_s, u"Night shift"_s, u"Contractors"_s };
    for (int i = 0; i < names.size(); ++i) {
        SimulatedPerson p = makeLooks(random);
        p.userId = i + 1;
        p.name = names.at(i);
        // Mostly employees; a few visitors and two blacklisted people.
        p.type = (i % 7 == 5) ? 2 : (i % 11 == 9) ? 3 : 1;
        p.icNumber = u"IC%1"_s.arg(4400000 + random.bounded(99999), 7, 10, QLatin1Char('0'));
        p.jobNumber = u"J%1"_s.arg(1000 + i);
        p.groups.append(groupNames.at(i % 2));
        if (i % 3 == 0)
            p.groups.append(groupNames.at(2 + i % 2));
        roster.append(p);
    }
    return roster;
}

QByteArray EventGenerator::paintFace(const SimulatedPerson &looks, bool masked, bool enrolledPhoto,
                                     bool camera)
{
    // A camera snapshot is the same drawing at twice the size, then given a sensor's noise.
    const QSize size = snapshotSize();
    const int scale = camera ? 2 : 1;
    QImage image(size * scale, QImage::Format_RGB32);
    // The enrolled photo is a studio shot: plain light background, head centred. The live
    // snapshot is the terminal's camera: the person's own background, slightly off-centre.
    image.fill(enrolledPhoto ? QColor(235, 235, 240) : looks.background);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.scale(scale, scale);
    const qreal dx = enrolledPhoto ? 0 : 10;
    const qreal dy = enrolledPhoto ? 0 : 8;
    const QPointF centre(size.width() / 2.0 + dx, size.height() / 2.0 + dy);

    // Shoulders.
    painter.setPen(Qt::NoPen);
    painter.setBrush(enrolledPhoto ? QColor(40, 50, 80) : looks.background.darker(220));
    painter.drawEllipse(QRectF(centre.x() - 110, centre.y() + 95, 220, 160));
    // Neck.
    painter.setBrush(looks.skin.darker(110));
    painter.drawRect(QRectF(centre.x() - 25, centre.y() + 60, 50, 50));
    // Hair behind the head.
    painter.setBrush(looks.hair);
    if (looks.hairStyle == 1)
        painter.drawRoundedRect(QRectF(centre.x() - 85, centre.y() - 115, 170, 200), 60, 60);
    else
        painter.drawEllipse(QRectF(centre.x() - 80, centre.y() - 118, 160, 150));
    // Head.
    painter.setBrush(looks.skin);
    painter.drawEllipse(QRectF(centre.x() - 68, centre.y() - 95, 136, 175));
    // Fringe.
    painter.setBrush(looks.hair);
    if (looks.hairStyle != 2) {
        QPainterPath fringe;
        fringe.moveTo(centre.x() - 70, centre.y() - 40);
        fringe.cubicTo(centre.x() - 60, centre.y() - 120, centre.x() + 60, centre.y() - 120,
                       centre.x() + 70, centre.y() - 40);
        fringe.cubicTo(centre.x() + 20, centre.y() - 75, centre.x() - 30, centre.y() - 70,
                       centre.x() - 70, centre.y() - 40);
        painter.drawPath(fringe);
    }
    // Ears.
    painter.setBrush(looks.skin.darker(105));
    painter.drawEllipse(QRectF(centre.x() - 78, centre.y() - 20, 16, 32));
    painter.drawEllipse(QRectF(centre.x() + 62, centre.y() - 20, 16, 32));
    // Eyes and brows.
    for (int side : { -1, 1 }) {
        const qreal ex = centre.x() + side * 28;
        const qreal ey = centre.y() - 15;
        painter.setPen(Qt::NoPen);
        painter.setBrush(Qt::white);
        painter.drawEllipse(QPointF(ex, ey), 13, 8);
        painter.setBrush(looks.eyes);
        painter.drawEllipse(QPointF(ex + (enrolledPhoto ? 0 : 2), ey), 6, 6);
        painter.setBrush(Qt::black);
        painter.drawEllipse(QPointF(ex + (enrolledPhoto ? 0 : 2), ey), 2.5, 2.5);
        painter.setPen(QPen(looks.hair.darker(130), 4, Qt::SolidLine, Qt::RoundCap));
        painter.drawLine(QPointF(ex - 13, ey - 16), QPointF(ex + 12, ey - 18 + side * 2));
        if (looks.glasses) {
            painter.setPen(QPen(QColor(30, 30, 30), 3));
            painter.setBrush(Qt::NoBrush);
            painter.drawEllipse(QPointF(ex, ey), 19, 15);
        }
    }
    if (looks.glasses)
        painter.drawLine(QPointF(centre.x() - 9, centre.y() - 15),
                         QPointF(centre.x() + 9, centre.y() - 15));
    // Nose.
    painter.setPen(QPen(looks.skin.darker(135), 3, Qt::SolidLine, Qt::RoundCap));
    painter.drawLine(QPointF(centre.x(), centre.y() - 5), QPointF(centre.x() - 6, centre.y() + 22));
    painter.drawLine(QPointF(centre.x() - 6, centre.y() + 22),
                     QPointF(centre.x() + 4, centre.y() + 24));
    if (masked) {
        // A surgical mask over nose and mouth, with its ear loops.
        painter.setPen(QPen(QColor(180, 200, 215), 3));
        painter.drawLine(QPointF(centre.x() - 60, centre.y() + 15),
                         QPointF(centre.x() - 72, centre.y() - 5));
        painter.drawLine(QPointF(centre.x() + 60, centre.y() + 15),
                         QPointF(centre.x() + 72, centre.y() - 5));
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(150, 200, 230));
        painter.drawRoundedRect(QRectF(centre.x() - 60, centre.y() + 5, 120, 70), 25, 25);
        painter.setPen(QPen(QColor(120, 170, 200), 2));
        for (int fold = 0; fold < 3; ++fold)
            painter.drawLine(QPointF(centre.x() - 50, centre.y() + 25 + fold * 15),
                             QPointF(centre.x() + 50, centre.y() + 25 + fold * 15));
    } else {
        // Mouth: a smile in the enrolled photo, neutral at the door.
        painter.setPen(QPen(QColor(150, 50, 50), 4, Qt::SolidLine, Qt::RoundCap));
        painter.setBrush(Qt::NoBrush);
        if (enrolledPhoto)
            painter.drawArc(QRectF(centre.x() - 25, centre.y() + 20, 50, 30), 200 * 16, 140 * 16);
        else
            painter.drawLine(QPointF(centre.x() - 20, centre.y() + 45),
                             QPointF(centre.x() + 20, centre.y() + 44));
    }
    painter.end();

    if (camera) {
        // Grain of ±9 levels per channel, the same for every run of one person: enough detail
        // that the JPEG comes out at the size a terminal's camera gives (about 45 KB).
        QRandomGenerator grain(quint32(looks.skin.rgb() ^ looks.hair.rgb() ^ looks.background.rgb())
                               + (masked ? 1U : 0U));
        for (int y = 0; y < image.height(); ++y) {
            auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
            for (int x = 0; x < image.width(); ++x) {
                const int noise = int(grain.bounded(19)) - 9;
                const QRgb pixel = line[x];
                line[x] = qRgb(std::clamp(qRed(pixel) + noise, 0, 255),
                               std::clamp(qGreen(pixel) + noise, 0, 255),
                               std::clamp(qBlue(pixel) + noise, 0, 255));
            }
        }
    }

    QByteArray jpeg;
    QBuffer buffer(&jpeg);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPG", 80);
    return jpeg;
}

QByteArray EventGenerator::snapshotJpeg(int personIndex, bool masked)
{
    const int key = personIndex * 2 + (masked ? 1 : 0);
    auto it = m_pictures->snapshots.constFind(key);
    if (it != m_pictures->snapshots.constEnd())
        return *it;
    QByteArray jpeg = paintFace(m_roster.at(personIndex), masked, false, m_camera);
    m_pictures->snapshots.insert(key, jpeg);
    return jpeg;
}

QByteArray EventGenerator::strangerJpeg(int strangerIndex, bool masked)
{
    const int index = strangerIndex % static_cast<int>(m_strangers.size());
    const int key = -1 - (index * 2 + (masked ? 1 : 0));
    auto it = m_pictures->snapshots.constFind(key);
    if (it != m_pictures->snapshots.constEnd())
        return *it;
    QByteArray jpeg = paintFace(m_strangers.at(index), masked, false, m_camera);
    m_pictures->snapshots.insert(key, jpeg);
    return jpeg;
}

void EventGenerator::paintAllSnapshots()
{
    for (int person = 0; person < m_roster.size(); ++person) {
        for (const bool masked : { false, true })
            snapshotText(person * 2 + (masked ? 1 : 0), snapshotJpeg(person, masked));
    }
    for (int stranger = 0; stranger < m_strangers.size(); ++stranger) {
        for (const bool masked : { false, true })
            snapshotText(-1 - (stranger * 2 + (masked ? 1 : 0)), strangerJpeg(stranger, masked));
    }
}

QString EventGenerator::snapshotText(int key, const QByteArray &jpeg)
{
    const auto it = m_pictures->snapshotTexts.constFind(key);
    if (it != m_pictures->snapshotTexts.constEnd())
        return *it;
    QString text = QString::fromLatin1(jpeg.toBase64());
    m_pictures->snapshotTexts.insert(key, text);
    return text;
}

QByteArray EventGenerator::avatarJpeg(int personIndex)
{
    auto it = m_pictures->avatars.constFind(personIndex);
    if (it != m_pictures->avatars.constEnd())
        return *it;
    QByteArray jpeg = paintFace(m_roster.at(personIndex), false, true);
    m_pictures->avatars.insert(personIndex, jpeg);
    return jpeg;
}

const SimulatedPerson *EventGenerator::person(const QString &userId) const
{
    bool ok = false;
    const int id = userId.trimmed().toInt(&ok);
    if (!ok)
        return nullptr;
    for (const SimulatedPerson &p : m_roster) {
        if (p.userId == id)
            return &p;
    }
    return nullptr;
}

QJsonObject EventGenerator::userRecord(const SimulatedPerson &p)
{
    QJsonObject user { { u"user_id"_s, p.userId },
                       { u"name"_s, p.name },
                       { u"type"_s, p.type },
                       { u"ic_number"_s, p.icNumber },
                       { u"job_number"_s, p.jobNumber },
                       { u"groups"_s, QJsonArray::fromStringList(p.groups) } };
    const int index = static_cast<int>(&p - m_roster.constData());
    if (index >= 0 && index < m_roster.size())
        user.insert(u"avatar"_s, QString::fromLatin1(avatarJpeg(index).toBase64()));
    return user;
}

QJsonObject EventGenerator::nextEventData(qint64 nowMs)
{
    const qint64 i = m_sequence++;
    int status = static_cast<int>(i % 7);
    if (m_mix == Mix::Site) {
        // Per 100 recognitions: 86 enrolled people passing (2), 4 visitors (4, 5), 4 strangers
        // (3), 3 unknown faces (0), 2 failed authentications (6), 1 non-live attempt (1).
        const int draw = m_random.bounded(100);
        status = draw < 86 ? 2
            : draw < 88    ? 4
            : draw < 90    ? 5
            : draw < 94    ? 3
            : draw < 97    ? 0
            : draw < 99    ? 6
                           : 1;
    }
    const int variant = static_cast<int>(i % 3); // 0 original, 1 v1.1.0, 2 later firmware
    const int mode = static_cast<int>((i * 3) % 10);
    const int mask = static_cast<int>((i * 2) % 3);

    // Who stands at the door. Strangers never carry a user; unknown (0) and non-live (1)
    // faces sometimes match someone enrolled.
    int personIndex = -1;
    const bool withUser = status >= 2 ? status != 3 : m_random.bounded(2) == 0;
    if (withUser) {
        personIndex = m_nextPerson;
        m_nextPerson = (m_nextPerson + 1) % static_cast<int>(m_roster.size());
        // At a real site a blacklisted person turns up rarely, not once per round of the
        // roster.
        if (m_mix == Mix::Site && m_roster.at(personIndex).type == 3 && m_random.bounded(10) != 0) {
            personIndex = m_nextPerson;
            m_nextPerson = (m_nextPerson + 1) % static_cast<int>(m_roster.size());
        }
    }
    const SimulatedPerson *p = personIndex >= 0 ? &m_roster.at(personIndex) : nullptr;

    bool pass = false;
    switch (status) {
    case 2:
    case 4:
    case 5:
        pass = true;
        break;
    default:
        pass = false;
    }
    if (p && p->type == 3)
        pass = false;
    // Real terminals are not always consistent (a door opened by card after a failed face
    // match, a passing code for a list match): now and then the flag disagrees with the status.
    if (m_random.bounded(m_mix == Mix::Site ? 100 : 20) == 0)
        pass = !pass;

    QJsonObject data;
    data.insert(u"deviceSN"_s, m_deviceSn);
    if (variant == 2)
        data.insert(u"recognitionType"_s, recognitionTypeFor(status, p));
    else
        data.insert(u"recognizeStatus"_s, status);
    const double score
        = (p ? 0.80 + m_random.generateDouble() * 0.199 : 0.20 + m_random.generateDouble() * 0.5);
    data.insert(u"recognizeScore"_s, score);
    if (variant == 0) {
        data.insert(u"livenessScore"_s,
                    status == 1 ? 0.1 + m_random.generateDouble() * 0.3
                                : 0.85 + m_random.generateDouble() * 0.149);
    } else {
        // One person in twenty has a fever.
        const double temperature = m_random.bounded(20) == 0
            ? 38.0 + m_random.generateDouble() * 1.5
            : 36.1 + m_random.generateDouble() * 1.2;
        data.insert(u"bodyTemperature"_s, rounded(temperature, 1));
    }
    data.insert(u"mask"_s, mask);
    data.insert(u"mode"_s, mode);
    data.insert(u"pass"_s, pass);
    data.insert(u"timestamp"_s, m_millisecondTimestamps ? nowMs : nowMs / 1000);

    const bool masked = mask == 2;
    if (p) {
        data.insert(
            u"rgb_image"_s,
            snapshotText(personIndex * 2 + (masked ? 1 : 0), snapshotJpeg(personIndex, masked)));
    } else {
        const int stranger = static_cast<int>(m_random.bounded(64)) % int(m_strangers.size());
        data.insert(
            u"rgb_image"_s,
            snapshotText(-1 - (stranger * 2 + (masked ? 1 : 0)), strangerJpeg(stranger, masked)));
    }

    QString userIdText;
    if (p) {
        QJsonObject user { { u"name"_s, p->name }, { u"type"_s, p->type } };
        userIdText = QString::number(p->userId);
        if (variant == 2) {
            user.insert(u"user_id"_s, userIdText);
            user.insert(u"ic_number"_s, p->icNumber);
            user.insert(u"job_number"_s, p->jobNumber);
            user.insert(u"groups"_s, QJsonArray::fromStringList(p->groups));
        } else {
            user.insert(u"user_id"_s, p->userId);
        }
        data.insert(u"user"_s, user);
    } else if (status == 3 && (m_strangerCount++ % 2) == 1) {
        data.insert(u"user"_s, QJsonValue(QJsonValue::Null));
    }

    if (variant == 2) {
        data.insert(u"uuid"_s, QUuid::createUuid().toString(QUuid::WithoutBraces));
    } else {
        // Keep the client's fallback key unique: a second event in the same second for the
        // same person and status gets a uuid, as later firmware would send.
        const qint64 second = nowMs / 1000;
        if (second != m_keySecond) {
            m_keySecond = second;
            m_keysThisSecond.clear();
        }
        const QString key = userIdText + u'/' + QString::number(status);
        if (m_keysThisSecond.contains(key))
            data.insert(u"uuid"_s, QUuid::createUuid().toString(QUuid::WithoutBraces));
        else
            m_keysThisSecond.insert(key);
    }
    return data;
}

QByteArray EventGenerator::frame(const QJsonObject &data)
{
    // The snapshot is most of the frame and needs no escaping, so it is appended as it is
    // rather than scanned by the JSON writer: the same JSON, with "rgb_image" as the last key
    // of `data`, in a fraction of the time (a simulator feeding thousands of events per second
    // must not be the bottleneck it measures).
    const QJsonValue image = data.value(u"rgb_image"_s);
    const QString text = image.toString();
    // Printable ASCII without '"' and '\\': nothing the JSON writer would escape. One pass
    // without branches, which the compiler vectorises: 64 KB cost about 10 µs.
    bool plain = text.size() >= 1024;
    if (plain) {
        char16_t escaped = 0;
        for (const QChar c : text) {
            const char16_t u = c.unicode();
            escaped |= char16_t(u < 0x20) | char16_t(u > 0x7e) | char16_t(u == u'"')
                | char16_t(u == u'\\');
        }
        plain = escaped == 0;
    }
    if (!plain) {
        const QJsonObject envelope { { u"type"_s, 0 }, { u"data"_s, data } };
        return QJsonDocument(envelope).toJson(QJsonDocument::Compact);
    }
    QJsonObject rest = data;
    rest.remove(u"rgb_image"_s);
    const QByteArray fields = QJsonDocument(rest).toJson(QJsonDocument::Compact);
    QByteArray json;
    json.reserve(fields.size() + text.size() + 48);
    json += R"({"data":)";
    json += QByteArrayView(fields).chopped(1); // without its closing brace
    json += rest.isEmpty() ? R"("rgb_image":")" : R"(,"rgb_image":")";
    json += text.toLatin1();
    json += R"("},"type":0})";
    return json;
}

QByteArray EventGenerator::nextFrame()
{
    return frame(nextEventData(QDateTime::currentMSecsSinceEpoch()));
}
