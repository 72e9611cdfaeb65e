#pragma once

#include "snapshot.h"

#include <QByteArray>
#include <QImage>
#include <QObject>
#include <QSize>
#include <QString>
#include <QThreadPool>

#include <functional>
#include <optional>

// Makes thumbnails of JPEG snapshots on worker threads, never on the caller's thread. Results
// come back as signals in the Thumbnailer's own thread. Destroying it drops requests that have
// not started and waits for the (bounded) ones that have, so no worker outlives it.
class Thumbnailer final : public QObject
{
    Q_OBJECT

public:
    explicit Thumbnailer(QObject *parent = nullptr);
    explicit Thumbnailer(const SnapshotLimits &limits, QObject *parent = nullptr);
    ~Thumbnailer() override;

    // Decodes `jpeg` scaled to fit `bound`. Exactly one of thumbnailReady / thumbnailFailed
    // follows for `key`, unless cancelPending() or destruction comes first.
    void request(quint64 key, QByteArray jpeg, QSize bound);
    // Like request(), with the JPEG bytes fetched by `load` on the worker first (from the
    // store, for instance). `load` returns nullopt with a reason when it cannot.
    using Loader = std::function<std::optional<QByteArray>(QString *error)>;
    void request(quint64 key, Loader load, QSize bound);
    // Drops the requests that no worker has started yet.
    void cancelPending();

    // Blocks until no worker is busy, or `msecs` passed; true when idle. Results that finished
    // are still delivered through the event loop afterwards. For orderly shutdowns and tests.
    bool waitForDone(int msecs = -1);

    int maxThreadCount() const;
    void setMaxThreadCount(int count);

signals:
    void thumbnailReady(quint64 key, QImage image);
    void thumbnailFailed(quint64 key, QString reason);

private:
    SnapshotLimits m_limits;
    QThreadPool m_pool;
};
