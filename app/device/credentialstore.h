#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

// Where device passwords are kept. Never in the settings file, never in exported device lists:
// the system keychain when one is available, else only for this session, unless the operator
// explicitly chose a file that only their account can read.
//
// Every call answers through its callback, later, from the event loop of the store's thread
// (never from within the call itself), even for stores that could answer at once: callers
// are written once for the slowest store, the keychain.
class CredentialStore : public QObject
{
    Q_OBJECT

public:
    enum class Kind {
        Keychain, // the desktop's secret service, through QtKeychain
        OwnerOnlyFile, // a file with 0600 permissions the operator chose
        Session, // memory only: forgotten when GateWatch exits
    };
    Q_ENUM(Kind)

    // password: nullopt when none is stored for the device (not an error). error: empty on
    // success, else in words ("the keychain is locked", "cannot read …: permission denied").
    using ReadCallback
        = std::function<void(const std::optional<QString> &password, const QString &error)>;
    using WriteCallback = std::function<void(const QString &error)>;

    using QObject::QObject;

    virtual Kind kind() const = 0;
    // For the settings dialog: "the system keychain (Secret Service)", "the file …
    // (readable by you only)", "this session only: passwords are forgotten when GateWatch
    // exits".
    virtual QString description() const = 0;

    // Keyed by SiteDevice::id. `context` scopes the callback: it is not called once the
    // context is destroyed.
    virtual void readPassword(const QString &deviceId, QObject *context,
                              const ReadCallback &callback)
        = 0;
    // An empty password removes the entry.
    virtual void writePassword(const QString &deviceId, const QString &password, QObject *context,
                               const WriteCallback &callback)
        = 0;
    virtual void removePassword(const QString &deviceId, QObject *context,
                                const WriteCallback &callback)
        = 0;
};

// Memory only: what GateWatch falls back to when no keychain service answers and the operator
// did not choose a file.
class SessionCredentialStore final : public CredentialStore
{
    Q_OBJECT

public:
    using CredentialStore::CredentialStore;

    Kind kind() const override { return Kind::Session; }
    QString description() const override;
    void readPassword(const QString &deviceId, QObject *context,
                      const ReadCallback &callback) override;
    void writePassword(const QString &deviceId, const QString &password, QObject *context,
                       const WriteCallback &callback) override;
    void removePassword(const QString &deviceId, QObject *context,
                        const WriteCallback &callback) override;

private:
    QHash<QString, QString> m_passwords;
};
