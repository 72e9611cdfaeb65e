#pragma once

#include "dooropening.h"
#include "eventfilter.h"
#include "eventpage.h"
#include "eventpagerequest.h"
#include "storedeventrow.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

// Reads stored events through a read-only connection of its own. Use one instance per thread
// (the connection belongs to the thread that opened it); it may run while a recorder writes
// (WAL). Rows are streamed, never collected, so memory stays flat for any number of rows.
class EventReader final
{
public:
    EventReader();
    ~EventReader();
    EventReader(const EventReader &) = delete;
    EventReader &operator=(const EventReader &) = delete;

    // Opens an existing database read-only. Fails for a missing file, a file that is not a
    // GateWatch database, or one at a schema version this build does not read. A database of
    // an older version (a recorder of an older GateWatch may still be writing it) is read as
    // it is: events there have no acknowledgements.
    bool open(const QString &path, QString *error = nullptr);
    void close();
    bool isOpen() const;
    // The schema version of the open database (0 when none is open): what a view can offer
    // depends on it (before version 4, a name search ignores the case of ASCII letters only).
    int schemaVersion() const { return m_version; }

    // The number of events the filter matches; -1 on error.
    qint64 count(const EventFilter &filter, QString *error = nullptr);

    // How much of each event forEach() reads.
    enum class Detail {
        Full, // everything, the acknowledgement included
        // What a listing shows: no raw frame, no fields this version does not know, no user
        // groups, no receive time, no event type, no acknowledgement (see
        // EventColumns::selectList). For exports of millions of rows.
        Listing,
    };

    // Calls `callback` for each matching event in time order (then row id), one at a time;
    // events without a recognition time come first. The callback returns false to stop early
    // (which is not an error). With `withSnapshots` the snapshot bytes and size are filled in.
    // With the full detail each row carries its acknowledgement, read in the same query.
    bool forEach(const EventFilter &filter, bool withSnapshots,
                 const std::function<bool(const StoredEventRow &)> &callback,
                 QString *error = nullptr, Detail detail = Detail::Full);

    // The `limit` most recent matching events (by recognition time, then row id), newest
    // first: what a live view starts with. nullopt on error.
    std::optional<QList<StoredEventRow>> latest(const EventFilter &filter, int limit,
                                                bool withSnapshots, QString *error = nullptr);

    // One page of the filtered history in the request's order, without snapshot bytes: what a
    // view over millions of events reads as it scrolls. Read on with the last row's position
    // (EventPageRequest::after). nullopt (and *error says why) on error, for a position made
    // for another sort, or a limit below 1.
    //
    // How the page is found depends on how many events the filter matches (the reader counts
    // them once, or takes what count() found in the last minute): many, and it walks the sort
    // order testing each row, few, and it collects the matches through the filter's indexes
    // and sorts them. Either way it reads only row ids until it knows the page, then the page.
    std::optional<EventPage> page(const EventPageRequest &request, QString *error = nullptr);

    // The stored snapshots (JPEG bytes) of these rows, by row id: how a view loads the
    // pictures of the rows it shows. Rows without a snapshot, and ids that are not stored,
    // are absent. nullopt (and *error says why) on error.
    std::optional<QHash<qint64, QByteArray>> snapshotsFor(const QList<qint64> &ids,
                                                          QString *error = nullptr);

    // The acknowledgement of the event with this deduplication key. nullopt when there is
    // none, or on error: then *error is set (it is cleared on success).
    std::optional<Acknowledgement> acknowledgementFor(const QString &dedupKey,
                                                      QString *error = nullptr);

    // The door log of the event with this deduplication key, oldest request first: each
    // request to open a door in answer to it, with its outcome when one was recorded. Empty
    // when there is none, or for a database older than the door log; nullopt (and *error says
    // why) on error.
    std::optional<QList<DoorOpening>> doorOpeningsFor(const QString &dedupKey,
                                                      QString *error = nullptr);

    // The stored snapshot (JPEG bytes) of the event with that deduplication key: how a view
    // that keeps only thumbnails loads the full picture on demand. An empty array when the
    // event is stored without one; nullopt (and *error says why) on error or when no stored
    // event has the key.
    std::optional<QByteArray> snapshotFor(const QString &dedupKey, QString *error = nullptr);

    // Every device that has stored events: its serial number and the name it had in its most
    // recent event, by serial number. nullopt (and *error says why) on error.
    struct KnownDevice
    {
        QString serialNumber;
        QString name;
        bool operator==(const KnownDevice &) const = default;
    };
    std::optional<QList<KnownDevice>> knownDevices(QString *error = nullptr);

private:
    bool select(const EventFilter &filter, bool withSnapshots, bool newestFirst, qint64 limit,
                const std::function<bool(const StoredEventRow &)> &callback, QString *error,
                Detail detail = Detail::Full);
    bool readPage(const EventPageRequest &request, bool walkSortOrder, const QString &condition,
                  const QVariantList &values, qint64 limit, qint64 offset, EventPage *page,
                  QString *error);
    // count(), answered from the counts of the last minute when it can be.
    qint64 recentCount(const EventFilter &filter, QString *error);

    QString m_connectionName;
    int m_version = 0; // the schema version of the open database
    QString m_snapshotFolder; // where its snapshots' segment files are (SnapshotFiles)
    struct RecentCount
    {
        EventFilter filter;
        qint64 count = 0;
        qint64 countedAtMs = 0; // QDateTime::currentMSecsSinceEpoch()
    };
    QList<RecentCount> m_recentCounts; // newest first
};
