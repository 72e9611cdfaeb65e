#include "thumbnailer.h"

#include <QMetaObject>
#include <QThread>

#include <algorithm>

Thumbnailer::Thumbnailer(QObject *parent)
    : Thumbnailer(SnapshotLimits {}, parent)
{ }

Thumbnailer::Thumbnailer(const SnapshotLimits &limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
{
    // Half the cores: decoding thumbnails must not starve the network and store threads.
    m_pool.setMaxThreadCount(std::max(1, QThread::idealThreadCount() / 2));
    m_pool.setObjectName(QStringLiteral("gatewatch-thumbnailer"));
}

Thumbnailer::~Thumbnailer()
{
    // Workers post their results to `this`. Waiting here, while `this` is still a complete
    // QObject, guarantees none runs afterwards; results already posted are discarded by
    // ~QObject together with the object's other pending events.
    m_pool.clear();
    m_pool.waitForDone();
}

void Thumbnailer::request(quint64 key, QByteArray jpeg, QSize bound)
{
    request(
        key, [jpeg = std::move(jpeg)](QString *) -> std::optional<QByteArray> { return jpeg; },
        bound);
}

void Thumbnailer::request(quint64 key, Loader load, QSize bound)
{
    const SnapshotLimits limits = m_limits;
    m_pool.start([this, key, load = std::move(load), bound, limits] {
        QString error;
        const std::optional<QByteArray> jpeg = load(&error);
        QImage image;
        if (jpeg)
            image = Snapshot::decodeScaled(*jpeg, bound, limits, &error);
        if (image.isNull()) {
            QMetaObject::invokeMethod(
                this, [this, key, error] { emit thumbnailFailed(key, error); },
                Qt::QueuedConnection);
            return;
        }
        QMetaObject::invokeMethod(
            this, [this, key, image = std::move(image)] { emit thumbnailReady(key, image); },
            Qt::QueuedConnection);
    });
}

void Thumbnailer::cancelPending()
{
    m_pool.clear();
}

bool Thumbnailer::waitForDone(int msecs)
{
    return m_pool.waitForDone(msecs);
}

int Thumbnailer::maxThreadCount() const
{
    return m_pool.maxThreadCount();
}

void Thumbnailer::setMaxThreadCount(int count)
{
    m_pool.setMaxThreadCount(std::max(1, count));
}
