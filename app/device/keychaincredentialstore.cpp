#include "keychaincredentialstore.h"

#include <QTimer>
#include <qt6keychain/keychain.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
// Never written: reading it tells whether the service answers without touching an entry
// (and without an unlock prompt, which only existing entries cause).
const QString ProbeKey = u"probe/availability"_s;

bool mentionsAny(const QString &text, std::initializer_list<QStringView> needles)
{
    for (const QStringView needle : needles) {
        if (text.contains(needle, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

// QtKeychain's error and its detail (QtKeychain's, libsecret's or D-Bus's English message)
// turned into the words the settings dialog and the device list show. The detail is kept in
// parentheses where it helps an administrator find the cause.
QString describeError(QKeychain::Error error, const QString &detail)
{
    const auto withDetail = [&detail](const QString &words) {
        return detail.isEmpty() ? words : u"%1 (%2)"_s.arg(words, detail);
    };

    // libsecret reports a locked collection as AccessDenied, with "locked" in its message;
    // check the message first so that it reads as what it is.
    if (mentionsAny(detail, { u"locked" }))
        return withDetail(KeychainCredentialStore::tr("the keychain is locked"));

    switch (error) {
    case QKeychain::NoError:
        return QString();
    case QKeychain::EntryNotFound:
        return withDetail(KeychainCredentialStore::tr("the keychain has no such entry"));
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return withDetail(KeychainCredentialStore::tr("access to the keychain was denied"));
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return withDetail(KeychainCredentialStore::tr("no keychain service is available"));
    case QKeychain::CouldNotDeleteEntry:
        return withDetail(
            KeychainCredentialStore::tr("the keychain could not delete the password"));
    case QKeychain::OtherError:
        break;
    }

    // OtherError: libsecret passes GLib's and D-Bus's messages through.
    if (mentionsAny(detail,
                    { u"DBUS_SESSION_BUS_ADDRESS", u"autolaunch", u"Could not connect",
                      u"D-Bus is not running", u"message bus" })) {
        return u"%1 (%2)"_s.arg(
            KeychainCredentialStore::tr("no keychain service is available"),
            KeychainCredentialStore::tr("no D-Bus session bus: %1").arg(detail));
    }
    if (mentionsAny(
            detail,
            { u"org.freedesktop.secrets", u"ServiceUnknown", u"was not provided by any" })) {
        return withDetail(KeychainCredentialStore::tr("no keychain service is available"));
    }
    // D-Bus's own timeout (25 s): something took the request and never answered.
    if (mentionsAny(detail, { u"Timeout was reached", u"did not receive a reply" }))
        return withDetail(KeychainCredentialStore::tr("the keychain service did not answer"));
    if (mentionsAny(detail, { u"denied", u"dismissed", u"cancel" }))
        return withDetail(KeychainCredentialStore::tr("access to the keychain was denied"));
    if (detail.isEmpty())
        return KeychainCredentialStore::tr("the keychain reported an unknown error");
    return KeychainCredentialStore::tr("the keychain reported an error: %1").arg(detail);
}

// A job without a parent, deleted by QtKeychain once it has finished. It must never be
// deleted earlier: libsecret calls back into it when its D-Bus request completes.
template<typename Job> Job *newJob(const QString &key)
{
    auto *job = new Job(KeychainCredentialStore::service());
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    return job;
}
} // namespace

QString KeychainCredentialStore::description() const
{
    return tr("the system keychain");
}

QString KeychainCredentialStore::service()
{
    return u"GateWatch"_s;
}

QString KeychainCredentialStore::keyFor(const QString &deviceId)
{
    return u"device/"_s + deviceId;
}

void KeychainCredentialStore::readPassword(const QString &deviceId, QObject *context,
                                           const ReadCallback &callback)
{
    Q_ASSERT(context && context->thread() == thread());
    auto *job = newJob<QKeychain::ReadPasswordJob>(keyFor(deviceId));
    // The job's finished signal comes from the event loop (QtKeychain starts every job queued),
    // and the connection to `context` ends when it is destroyed.
    connect(job, &QKeychain::Job::finished, context, [callback](QKeychain::Job *finished) {
        switch (finished->error()) {
        case QKeychain::NoError:
            callback(static_cast<QKeychain::ReadPasswordJob *>(finished)->textData(), QString());
            break;
        case QKeychain::EntryNotFound:
            callback(std::nullopt, QString());
            break;
        default:
            callback(std::nullopt, describeError(finished->error(), finished->errorString()));
            break;
        }
    });
    job->start();
}

void KeychainCredentialStore::writePassword(const QString &deviceId, const QString &password,
                                            QObject *context, const WriteCallback &callback)
{
    if (password.isEmpty()) {
        removePassword(deviceId, context, callback);
        return;
    }
    Q_ASSERT(context && context->thread() == thread());
    auto *job = newJob<QKeychain::WritePasswordJob>(keyFor(deviceId));
    job->setTextData(password);
    connect(job, &QKeychain::Job::finished, context, [callback](QKeychain::Job *finished) {
        callback(describeError(finished->error(), finished->errorString()));
    });
    job->start();
}

void KeychainCredentialStore::removePassword(const QString &deviceId, QObject *context,
                                             const WriteCallback &callback)
{
    Q_ASSERT(context && context->thread() == thread());
    auto *job = newJob<QKeychain::DeletePasswordJob>(keyFor(deviceId));
    connect(job, &QKeychain::Job::finished, context, [callback](QKeychain::Job *finished) {
        // Removing what is not there leaves the keychain as asked.
        const QKeychain::Error error = finished->error();
        callback(error == QKeychain::EntryNotFound ? QString()
                                                   : describeError(error, finished->errorString()));
    });
    job->start();
}

void KeychainCredentialStore::probe(QObject *context, const ProbeCallback &callback,
                                    std::chrono::milliseconds timeout)
{
    Q_ASSERT(context);
    // Whichever comes first, the job's answer or the timeout, answers; the other is ignored.
    auto answered = std::make_shared<bool>(false);

    auto *job = newJob<QKeychain::ReadPasswordJob>(ProbeKey);
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [callback, answered](QKeychain::Job *finished) {
                         if (*answered)
                             return;
                         *answered = true;
                         const QKeychain::Error error = finished->error();
                         if (error == QKeychain::NoError || error == QKeychain::EntryNotFound)
                             callback(true, QString());
                         else
                             callback(false, describeError(error, finished->errorString()));
                     });
    QTimer::singleShot(timeout, context, [callback, answered, timeout] {
        if (*answered)
            return;
        *answered = true;
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout).count();
        callback(false,
                 tr("no keychain service is available (it did not answer within %n s)", nullptr,
                    int(std::max<decltype(seconds)>(seconds, 1))));
    });
    job->start();
}
