#pragma once

#include "credentialstore.h"

#include <QHash>
#include <QString>

#include <optional>

// Device passwords in a file the operator chose because no keychain service is available:
// {"format": "gatewatch-credentials", "version": 1, "passwords": {"<device id>": "…"}}.
//
// The file is NOT encrypted: what protects it is that only the operator's account can read it.
// It is created with owner-only permissions (0600) from its first byte on, and every change
// rewrites it atomically (QSaveFile), so that a crash leaves the old or the new file, never
// half of one. A file that other users can read or change, that belongs to another user, or
// that is not such a file (damaged, or written by a newer GateWatch) is refused with the
// reason, and never overwritten: reads and writes fail until the operator fixes it.
//
// The file is read again at every call, so that a fix (chmod 600) takes effect at once and two
// GateWatch windows on one file see each other's changes. It is small: reading it on the
// caller's thread is fine.
class FileCredentialStore final : public CredentialStore
{
    Q_OBJECT

public:
    static constexpr int Version = 1;
    // Anything bigger is not a credentials file GateWatch wrote.
    static constexpr qint64 MaxFileBytes = qint64(1024) * 1024;

    explicit FileCredentialStore(const QString &path, QObject *parent = nullptr);

    QString path() const { return m_path; }

    Kind kind() const override { return Kind::OwnerOnlyFile; }
    // "the file /home/guard/gatewatch-passwords.json (readable by you only; not encrypted)"
    QString description() const override;
    void readPassword(const QString &deviceId, QObject *context,
                      const ReadCallback &callback) override;
    void writePassword(const QString &deviceId, const QString &password, QObject *context,
                       const WriteCallback &callback) override;
    void removePassword(const QString &deviceId, QObject *context,
                        const WriteCallback &callback) override;

    // Why the file cannot be used right now, in words; empty when it can (including when it
    // does not exist yet: it is created at the first password written).
    QString problem() const;
    // Every stored password by device id, read now with the same checks as readPassword, or
    // nullopt with the reason. For a reader that needs them all together, at once: the
    // recorder applying a device list.
    std::optional<QHash<QString, QString>> readAll(QString *error) const { return load(error); }

private:
    // The stored passwords, or nullopt with the reason.
    std::optional<QHash<QString, QString>> load(QString *error) const;
    // Empty on success, else the reason.
    QString save(const QHash<QString, QString> &passwords) const;
    QString change(const QString &deviceId, const QString &password);

    QString m_path;
};
