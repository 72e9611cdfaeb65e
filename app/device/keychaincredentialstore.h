#pragma once

#include "credentialstore.h"

#include <QString>

#include <chrono>
#include <functional>

// Device passwords in the system keychain through QtKeychain (on Linux the Secret Service —
// GNOME Keyring, KeePassXC… — or KWallet), under the service "GateWatch" and the key
// "device/<id>". QtKeychain's plaintext fallback into a settings file is switched off: when
// the keychain cannot be reached the operation fails with the reason in words.
//
// Use it on one thread (the GUI thread): QtKeychain runs its jobs one after another there,
// and its Secret Service back end needs that thread's GLib event loop (Qt's default event
// dispatcher on Linux). `context` must live on that thread too.
class KeychainCredentialStore final : public CredentialStore
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds DefaultProbeTimeout = std::chrono::seconds(5);

    using CredentialStore::CredentialStore;

    Kind kind() const override { return Kind::Keychain; }
    QString description() const override;
    void readPassword(const QString &deviceId, QObject *context,
                      const ReadCallback &callback) override;
    void writePassword(const QString &deviceId, const QString &password, QObject *context,
                       const WriteCallback &callback) override;
    void removePassword(const QString &deviceId, QObject *context,
                        const WriteCallback &callback) override;

    // "GateWatch": the service every entry is stored under.
    static QString service();
    // "device/<id>": the entry of one device.
    static QString keyFor(const QString &deviceId);

    // available: whether a keychain service answered. reason: empty when it did, else why
    // not in words ("no keychain service is available (no D-Bus session bus: …)").
    using ProbeCallback = std::function<void(bool available, const QString &reason)>;
    // Finds out whether a keychain service answers, by reading an entry that is never
    // written. Answers once, later, from the event loop, and not once `context` is destroyed.
    // A service that does not answer within `timeout` counts as unavailable: a session bus
    // that accepts connections but never replies would otherwise keep the answer waiting
    // forever. Such a stuck request also blocks every later QtKeychain job of the process, so
    // after a negative answer the keychain is not used for the rest of the session.
    static void probe(QObject *context, const ProbeCallback &callback,
                      std::chrono::milliseconds timeout = DefaultProbeTimeout);
};
