#include "filecredentialstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
const QString Format = u"gatewatch-credentials"_s;
const QString FormatKey = u"format"_s;
const QString VersionKey = u"version"_s;
const QString PasswordsKey = u"passwords"_s;

constexpr QFileDevice::Permissions OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions OthersRead = QFileDevice::ReadGroup | QFileDevice::ReadOther;
constexpr QFileDevice::Permissions OthersWrite = QFileDevice::WriteGroup | QFileDevice::WriteOther;

// The path as a shell would need it in the chmod command the error suggests.
QString shellQuoted(const QString &path)
{
    static const QRegularExpression plain(u"^[A-Za-z0-9_./+-]+$"_s);
    if (plain.match(path).hasMatch())
        return path;
    QString quoted = path;
    quoted.replace(u"'"_s, u"'\\''"_s);
    return u"'"_s + quoted + u"'"_s;
}
} // namespace

FileCredentialStore::FileCredentialStore(const QString &path, QObject *parent)
    : CredentialStore(parent)
    , m_path(QDir::cleanPath(QFileInfo(path).absoluteFilePath()))
{ }

QString FileCredentialStore::description() const
{
    return tr("the file %1 (readable by you only; not encrypted)")
        .arg(QDir::toNativeSeparators(m_path));
}

QString FileCredentialStore::problem() const
{
    QString error;
    load(&error);
    return error;
}

std::optional<QHash<QString, QString>> FileCredentialStore::load(QString *error) const
{
    const QString shown = QDir::toNativeSeparators(m_path);
    const QFileInfo info(m_path);
    if (!info.exists()) {
        if (!info.dir().exists()) {
            *error = tr("cannot use %1: the folder %2 does not exist")
                         .arg(shown, QDir::toNativeSeparators(info.absolutePath()));
            return std::nullopt;
        }
        return QHash<QString, QString>(); // created at the first write
    }
    if (!info.isFile()) {
        *error = tr("cannot use %1: it is not a file; choose a file").arg(shown);
        return std::nullopt;
    }
    // Whoever owns the file can change its permissions: it must be the operator's own.
    if (info.ownerId() != ::geteuid()) {
        *error = tr("%1 belongs to another user; passwords are kept only in a file of your own: "
                    "choose another file")
                     .arg(shown);
        return std::nullopt;
    }
    const QFileDevice::Permissions permissions = info.permissions();
    if (permissions & OthersRead) {
        *error = tr("%1 is readable by other users; fix its permissions with chmod 600 %2, or "
                    "choose another file")
                     .arg(shown, shellQuoted(shown));
        return std::nullopt;
    }
    if (permissions & OthersWrite) {
        *error = tr("%1 can be changed by other users; fix its permissions with chmod 600 %2, or "
                    "choose another file")
                     .arg(shown, shellQuoted(shown));
        return std::nullopt;
    }

    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("cannot read %1: %2").arg(shown, file.errorString());
        return std::nullopt;
    }
    const auto notOurs = [&](const QString &why) {
        *error = tr("%1 is not a GateWatch credentials file (%2); it is kept as it is: fix or "
                    "remove it, or choose another file")
                     .arg(shown, why);
        return std::nullopt;
    };
    if (file.size() > MaxFileBytes)
        return notOurs(tr("it is bigger than %1 KiB").arg(MaxFileBytes / 1024));
    const QByteArray bytes = file.read(MaxFileBytes + 1);
    if (file.error() != QFileDevice::NoError) {
        *error = tr("cannot read %1: %2").arg(shown, file.errorString());
        return std::nullopt;
    }
    // Left by a first write interrupted between creating the file and replacing it.
    if (bytes.trimmed().isEmpty())
        return QHash<QString, QString>();

    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return notOurs(
            tr("not JSON: %1 at byte %2").arg(parseError.errorString()).arg(parseError.offset));
    if (!document.isObject())
        return notOurs(tr("not a JSON object"));
    const QJsonObject root = document.object();
    if (root.value(FormatKey).toString() != Format)
        return notOurs(tr("its format is not %1").arg(Format));
    const QJsonValue version = root.value(VersionKey);
    if (!version.isDouble() || version.toDouble() != version.toInt() || version.toInt() < 1)
        return notOurs(tr("its version is not a number"));
    if (version.toInt() > Version) {
        *error = tr("%1 was written by a newer GateWatch (version %2; this one reads version "
                    "%3); it is kept as it is")
                     .arg(shown)
                     .arg(version.toInt())
                     .arg(Version);
        return std::nullopt;
    }
    const QJsonValue passwords = root.value(PasswordsKey);
    if (!passwords.isObject())
        return notOurs(tr("its passwords are not a JSON object"));
    QHash<QString, QString> result;
    const QJsonObject entries = passwords.toObject();
    for (auto it = entries.constBegin(); it != entries.constEnd(); ++it) {
        if (!it.value().isString())
            return notOurs(tr("the password of %1 is not text").arg(it.key()));
        result.insert(it.key(), it.value().toString());
    }
    return result;
}

QString FileCredentialStore::save(const QHash<QString, QString> &passwords) const
{
    const QString shown = QDir::toNativeSeparators(m_path);

    // QSaveFile creates its temporary file with the permissions of the file it replaces (and
    // 0600 until it has copied them) but, for a file that does not exist yet, with 0666 less
    // the umask: readable by everyone for as long as someone keeps it open. So the file is
    // created first, empty, with 0600 from the start (O_CREAT with that mode: the umask can
    // only take bits away); QSaveFile then replaces an owner-only file.
    if (!QFileInfo::exists(m_path)) {
        QFile created(m_path);
        if (!created.open(QIODevice::WriteOnly | QIODevice::NewOnly, OwnerOnly))
            return tr("cannot create %1: %2").arg(shown, created.errorString());
        created.close();
    }

    QJsonObject entries;
    for (auto it = passwords.constBegin(); it != passwords.constEnd(); ++it)
        entries.insert(it.key(), it.value());
    const QJsonObject root { { FormatKey, Format },
                             { VersionKey, Version },
                             { PasswordsKey, entries } };

    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("cannot write %1: %2").arg(shown, file.errorString());
    // Already so (see above); said again so that the file never ends up wider than 0600.
    file.setPermissions(OwnerOnly);
    file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return tr("cannot write %1: %2").arg(shown, file.errorString());
    return QString();
}

QString FileCredentialStore::change(const QString &deviceId, const QString &password)
{
    QString error;
    std::optional<QHash<QString, QString>> passwords = load(&error);
    if (!passwords)
        return error;
    if (password.isEmpty()) {
        if (passwords->remove(deviceId) == 0)
            return QString(); // nothing to remove: the file stays as it is
    } else {
        if (const auto it = passwords->constFind(deviceId);
            it != passwords->cend() && *it == password)
            return QString(); // unchanged: no rewrite
        passwords->insert(deviceId, password);
    }
    return save(*passwords);
}

void FileCredentialStore::readPassword(const QString &deviceId, QObject *context,
                                       const ReadCallback &callback)
{
    QString error;
    std::optional<QString> password;
    if (const auto passwords = load(&error)) {
        if (const auto it = passwords->constFind(deviceId); it != passwords->cend())
            password = *it;
    }
    QMetaObject::invokeMethod(
        context, [callback, password, error] { callback(password, error); }, Qt::QueuedConnection);
}

void FileCredentialStore::writePassword(const QString &deviceId, const QString &password,
                                        QObject *context, const WriteCallback &callback)
{
    const QString error = change(deviceId, password);
    QMetaObject::invokeMethod(
        context, [callback, error] { callback(error); }, Qt::QueuedConnection);
}

void FileCredentialStore::removePassword(const QString &deviceId, QObject *context,
                                         const WriteCallback &callback)
{
    writePassword(deviceId, QString(), context, callback);
}
