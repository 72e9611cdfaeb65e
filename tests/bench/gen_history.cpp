// Writes a GateWatch database with N realistic recognitions (default 1,000,000) for the history
// benchmarks: the simulator's events of a busy site (many scripts, every firmware variant,
// strangers, denials, the odd blacklisted person) over the last weeks, from several terminals,
// each with a small snapshot, and most alerts acknowledged. Rows are written with the store's
// own column mapping (EventColumns, AcknowledgementColumns) and schema (Schema::migrate), in
// transactions of many rows with prepared statements; the snapshots go to segment files beside
// the database (SnapshotFiles), as the store writes them.
//
//   build/ci/tests/bench/gen_history FILE [--events N] [--devices D] [--days DAYS] [--seed S]
//                                         [--people P] [--snapshot-side PX] [--version3]
//
// With --version3 the file is left as GateWatch 3 had it (no folded names, none of version 4's
// indexes), so that bench_history can measure the migration of a large database.

#include "event/alertrules.h"
#include "event/eventparser.h"
#include "event/snapshot.h"
#include "sim/eventgenerator.h"
#include "store/acknowledgementcolumns.h"
#include "store/eventcolumns.h"
#include "store/schema.h"
#include "store/snapshotfiles.h"
#include "store/sqldialect.h"

#include <QBuffer>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace {

QByteArray smallJpeg(const QByteArray &jpeg, int side)
{
    const QImage image = Snapshot::decodeScaled(jpeg, QSize(side, side));
    if (image.isNull())
        return {};
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPEG", 70);
    return bytes;
}

// A site's people: first and last names in several scripts and with accents, combined, so that
// a name search matches a realistic share of the rows (the simulator's roster is 24 people).
QString personName(int index)
{
    static const QStringList first = {
        u"José"_s,    u"Zoë"_s,    u"Øyvind"_s,   u"Anna"_s, u"Анна"_s,  u"Γιώργος"_s,  u"Chloé"_s,
        u"Łukasz"_s,  u"Nguyễn"_s, u"Mohammed"_s, u"محمد"_s, u"Priya"_s, u"Ångström"_s, u"Jürgen"_s,
        u"Siobhán"_s, u"Björk"_s,  u"Ömer"_s,     u"Ines"_s, u"Paul"_s,  u"Maria"_s,
    };
    static const QStringList last = {
        u"García"_s,         u"Müller"_s, u"Hansen"_s, u"Smith"_s,    u"Каренина"_s,
        u"Παπαδόπουλος"_s,   u"Dubois"_s, u"Wójcik"_s, u"Văn An"_s,   u"Khan"_s,
        u"عبد الله"_s,       u"Sharma"_s, u"Lind"_s,   u"Schröder"_s, u"O'Brien"_s,
        u"Guðmundsdóttir"_s, u"Yılmaz"_s, u"Costa"_s,  u"Weiß"_s,     u"Rossi"_s,
        u"Kowalski"_s,       u"Novák"_s,  u"Dvořák"_s, u"Ødegård"_s,  u"Fernández"_s,
    };
    return first.at(index % first.size()) + u' ' + last.at((index / first.size()) % last.size());
}

bool exec(QSqlQuery &query, const QString &statement, QTextStream &err)
{
    if (query.exec(statement))
        return true;
    err << statement << ": " << query.lastError().text() << '\n';
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    // QImage's JPEG plug-in needs a Gui application; no window is opened.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Writes a GateWatch database of generated recognitions."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"file"_s, u"The database to create (must not exist)."_s);
    const QCommandLineOption eventsOption(u"events"_s, u"Recognitions to write."_s, u"N"_s,
                                          u"1000000"_s);
    const QCommandLineOption devicesOption(u"devices"_s, u"Terminals."_s, u"D"_s, u"20"_s);
    const QCommandLineOption daysOption(u"days"_s, u"Days of history, ending now."_s, u"DAYS"_s,
                                        u"28"_s);
    const QCommandLineOption seedOption(u"seed"_s, u"Random seed."_s, u"S"_s, u"7"_s);
    const QCommandLineOption peopleOption(u"people"_s, u"Enrolled people."_s, u"P"_s, u"2000"_s);
    const QCommandLineOption sideOption(u"snapshot-side"_s,
                                        u"Longest side of the stored snapshots, in pixels."_s,
                                        u"PX"_s, u"64"_s);
    const QCommandLineOption version3Option(u"version3"_s,
                                            u"Leave the database at schema version 3."_s);
    parser.addOptions({ eventsOption, devicesOption, daysOption, seedOption, peopleOption,
                        sideOption, version3Option });
    parser.process(app);
    if (parser.positionalArguments().size() != 1) {
        err << "gen_history: give the database file to create\n";
        return 2;
    }
    const QString path = parser.positionalArguments().constFirst();
    const qint64 events = parser.value(eventsOption).toLongLong();
    const int devices = parser.value(devicesOption).toInt();
    const int days = parser.value(daysOption).toInt();
    const quint32 seed = parser.value(seedOption).toUInt();
    const int side = parser.value(sideOption).toInt();
    const int people = parser.value(peopleOption).toInt();
    if (events <= 0 || devices <= 0 || devices > 999 || days <= 0 || side <= 0 || people <= 0) {
        err << "gen_history: --events, --devices (up to 999), --days, --people and "
               "--snapshot-side must be positive\n";
        return 2;
    }
    if (QFileInfo::exists(path) || QFileInfo::exists(SnapshotFiles::folderFor(path))) {
        err << "gen_history: " << path << " or its snapshot folder exists; give a new file\n";
        return 2;
    }

    QElapsedTimer timer;
    timer.start();
    // A pool of parsed events per terminal: the simulator's frames through the real parser,
    // with their snapshots made small. Rows cycle through the pool with their own time and id.
    constexpr int poolPerDevice = 500;
    const EventParser eventParser;
    QList<QList<RecognitionEvent>> pools(devices);
    QHash<QByteArray, QByteArray> smallFor; // the generator reuses a few pictures per person
    for (int d = 0; d < devices; ++d) {
        EventGenerator generator(EventGenerator::serialNumberFor(seed, d), seed + quint32(d),
                                 d % 4 == 3);
        generator.setMix(EventGenerator::Mix::Site);
        for (int i = 0; i < poolPerDevice; ++i) {
            ParseOutcome outcome = eventParser.parse(generator.nextFrame());
            if (!outcome.ok()) {
                err << "gen_history: the parser refused a generated frame\n";
                return 1;
            }
            RecognitionEvent event = *outcome.event;
            if (!event.snapshotJpeg.isEmpty()) {
                auto small = smallFor.find(event.snapshotJpeg);
                if (small == smallFor.end())
                    small
                        = smallFor.insert(event.snapshotJpeg, smallJpeg(event.snapshotJpeg, side));
                event.snapshotJpeg = *small;
                event.snapshotSize = QImage::fromData(*small).size();
            }
            event.deviceName = u"Door %1"_s.arg(d + 1);
            pools[d].append(event);
        }
    }
    qint64 snapshotBytes = 0;
    for (auto it = smallFor.cbegin(); it != smallFor.cend(); ++it)
        snapshotBytes += it.value().size();
    out << "pool: " << devices << " terminals x " << poolPerDevice << " events, " << smallFor.size()
        << " distinct snapshots of " << snapshotBytes / qMax(1, smallFor.size())
        << " bytes on average, in " << timer.elapsed() << " ms\n";

    const SqlDialect dialect(SqlDialect::Kind::Sqlite);
    const QString connection = u"gen_history"_s;
    int status = 0;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(dialect.driverName(), connection);
        db.setDatabaseName(path);
        if (!db.open()) {
            err << "gen_history: " << db.lastError().text() << '\n';
            return 1;
        }
        QSqlQuery control(db);
        QString error;
        // A large page cache keeps the indexes in memory while they grow; the journal of a new
        // file holds almost nothing. WAL at the end, as the recorder leaves it.
        if (!exec(control, u"PRAGMA cache_size=-524288"_s, err)
            || !exec(control, u"PRAGMA synchronous=OFF"_s, err)
            || !Schema::migrate(db, dialect, &error)) {
            err << "gen_history: " << error << '\n';
            return 1;
        }

        timer.restart();
        QSqlQuery insertEvent(db);
        QSqlQuery insertSnapshot(db);
        QSqlQuery insertAck(db);
        const QString eventSql = dialect.insertIgnoringDuplicatesReturningId(
            u"events"_s, EventColumns::eventColumns(), u"dedup_key"_s);
        // GateWatch 3 kept snapshots in their rows.
        const bool inFiles = !parser.isSet(version3Option);
        SnapshotFiles files(SnapshotFiles::folderFor(path));
        files.beginBatch();
        if (!insertEvent.prepare(eventSql)
            || !insertSnapshot.prepare(
                u"INSERT INTO snapshots (event_id, jpeg, width, height, segment, "_s
                u"segment_offset, byte_length) VALUES (?, ?, ?, ?, ?, ?, ?)"_s)
            || !insertAck.prepare(dialect.insertIgnoringDuplicates(
                AcknowledgementColumns::table(), AcknowledgementColumns::columns(),
                AcknowledgementColumns::keyColumn()))) {
            err << "gen_history: cannot prepare: " << insertEvent.lastError().text()
                << insertSnapshot.lastError().text() << insertAck.lastError().text() << '\n';
            return 1;
        }
        // Transactions of many rows: one transaction for everything would hold more changed
        // pages than the cache and write them out again and again.
        constexpr qint64 rowsPerTransaction = 50'000;
        if (!exec(control, dialect.beginWriteTransaction(), err))
            return 1;

        QRandomGenerator random(seed);
        const qint64 endMs = QDateTime::currentMSecsSinceEpoch();
        const qint64 spanMs = qint64(days) * 24 * 3600 * 1000;
        const qint64 startMs = endMs - spanMs;
        const qint64 ackBeforeMs
            = endMs - qint64 { 24 } * 3600 * 1000; // the last day's alerts are open
        QList<qint64> poolNext(devices, 0);
        qint64 acks = 0;
        qint64 alerts = 0;
        for (qint64 i = 0; i < events; ++i) {
            const int d = int(random.bounded(devices));
            RecognitionEvent event = pools.at(d).at(int(poolNext[d]++ % poolPerDevice));
            // Evenly spread, in order, a little jitter: several terminals see people at once.
            const qint64 at = startMs + spanMs * i / events + random.bounded(1000);
            event.timestampMs = event.timestampInMillis ? at : at / 1000 * 1000;
            event.receivedAt
                = QDateTime::fromMSecsSinceEpoch(at + 40 + random.bounded(200), Qt::UTC);
            event.uuid = u"gen-%1-%2"_s.arg(seed).arg(i);
            event.backfilled = random.bounded(50) == 0;
            // Most rows name one of the site's people; some keep the simulator's roster, with
            // its names that a spreadsheet would evaluate.
            if (event.user && random.bounded(10) != 0) {
                const int person = int(random.bounded(people));
                event.user->name = personName(person);
                event.user->userId = QString::number(10000 + person);
            }

            EventColumns::bindEvent(insertEvent, event);
            if (!insertEvent.exec() || !insertEvent.next()) {
                err << "gen_history: event " << i << ": " << insertEvent.lastError().text() << '\n';
                return 1;
            }
            const qint64 id = insertEvent.value(0).toLongLong();
            insertEvent.finish();
            if (!event.snapshotJpeg.isEmpty()) {
                const QVariant none(QMetaType::fromType<qint64>());
                SnapshotLocation location;
                if (inFiles) {
                    QSqlError fileError;
                    const std::optional<SnapshotLocation> appended
                        = files.append(event.snapshotJpeg, &fileError);
                    if (!appended) {
                        err << "gen_history: snapshot " << i << ": " << fileError.text() << '\n';
                        return 1;
                    }
                    location = *appended;
                }
                insertSnapshot.bindValue(0, id);
                insertSnapshot.bindValue(1,
                                         inFiles ? QVariant(QMetaType::fromType<QByteArray>())
                                                 : QVariant(event.snapshotJpeg));
                insertSnapshot.bindValue(4, inFiles ? QVariant(location.segment) : none);
                insertSnapshot.bindValue(5, inFiles ? QVariant(location.offset) : none);
                insertSnapshot.bindValue(6, inFiles ? QVariant(location.length) : none);
                insertSnapshot.bindValue(2, event.snapshotSize.width());
                insertSnapshot.bindValue(3, event.snapshotSize.height());
                if (!insertSnapshot.exec()) {
                    err << "gen_history: snapshot " << i << ": "
                        << insertSnapshot.lastError().text() << '\n';
                    return 1;
                }
            }
            if (isAlert(event)) {
                ++alerts;
                // Guards answer most alerts, not the most recent ones yet.
                if (at < ackBeforeMs && random.bounded(10) < 8) {
                    Acknowledgement ack;
                    ack.dedupKey = event.deduplicationKey();
                    ack.at = QDateTime::fromMSecsSinceEpoch(at + 5000 + random.bounded(600000),
                                                            Qt::UTC);
                    ack.by = u"Guard %1"_s.arg(1 + random.bounded(6));
                    ack.note = random.bounded(4) == 0 ? u"checked on camera"_s : QString();
                    AcknowledgementColumns::bind(insertAck, ack);
                    if (!insertAck.exec()) {
                        err << "gen_history: acknowledgement " << i << ": "
                            << insertAck.lastError().text() << '\n';
                        return 1;
                    }
                    ++acks;
                }
            }
            QSqlError syncError;
            if ((i + 1) % rowsPerTransaction == 0 && !files.sync(&syncError)) {
                err << "gen_history: " << syncError.text() << '\n';
                return 1;
            }
            if ((i + 1) % rowsPerTransaction == 0
                && (!exec(control, u"COMMIT"_s, err)
                    || !exec(control, dialect.beginWriteTransaction(), err)))
                return 1;
            if ((i + 1) % 100000 == 0) {
                out << "  " << i + 1 << " events, " << timer.elapsed() / 1000 << " s\n";
                out.flush();
            }
        }
        if (QSqlError syncError; !files.sync(&syncError)) {
            err << "gen_history: " << syncError.text() << '\n';
            return 1;
        }
        if (!exec(control, u"COMMIT"_s, err))
            return 1;
        if (parser.isSet(version3Option)) {
            // What versions 4 to 6 added, taken away again; the indexes version 4 replaced
            // put back.
            for (const QString &statement :
                 { u"DROP INDEX snapshots_segment"_s,
                   u"ALTER TABLE snapshots DROP COLUMN segment"_s,
                   u"ALTER TABLE snapshots DROP COLUMN segment_offset"_s,
                   u"ALTER TABLE snapshots DROP COLUMN byte_length"_s,
                   u"DROP TABLE backfill_progress"_s, u"DROP INDEX events_search_time"_s,
                   u"DROP INDEX events_user_id_time"_s, u"DROP INDEX events_device_name_time"_s,
                   u"DROP INDEX events_status_time"_s, u"DROP INDEX events_score_time"_s,
                   u"DROP INDEX events_liveness_time"_s, u"DROP INDEX events_temperature_time"_s,
                   u"DROP INDEX events_mask_time"_s, u"DROP INDEX events_mode_time"_s,
                   u"DROP INDEX events_alerts"_s, u"ALTER TABLE events DROP COLUMN search_text"_s,
                   u"CREATE INDEX events_user_id ON events (user_id)"_s,
                   u"CREATE INDEX events_user_name ON events (user_name)"_s,
                   u"UPDATE schema_version SET version = 3"_s }) {
                if (!exec(control, statement, err))
                    return 1;
            }
        }
        if (!exec(control, u"PRAGMA journal_mode=WAL"_s, err))
            return 1;
        const double seconds = double(qMax<qint64>(timer.elapsed(), 1)) / 1000.0;
        out << "wrote " << events << " events (" << alerts << " alerts, " << acks
            << " acknowledged) in " << QString::number(seconds, 'f', 1)
            << " s = " << QString::number(double(events) / seconds, 'f', 0) << " /s\n";
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    out << path << ": " << QFileInfo(path).size() / (qint64 { 1024 } * 1024) << " MiB\n";
    return status;
}
