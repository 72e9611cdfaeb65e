#pragma once

#include "credentialstore.h"
#include "keychaincredentialstore.h"

#include <QCoreApplication>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>

class QSettings;

// Decides where this session keeps device passwords: the system keychain when a keychain
// service answers; else the file the operator chose (QSettings "credentials/file"), readable
// by their account only; else memory, for this session only. And says which, and why, in
// words for the settings dialog.
class CredentialStores final
{
    Q_DECLARE_TR_FUNCTIONS(CredentialStores)

public:
    struct Selection final
    {
        std::unique_ptr<CredentialStore> store;
        // Which store is in use and why: "No keychain service is available (…); passwords
        // are kept for this session only. Choose a file …".
        QString explanation;
        // Empty when the keychain answered, else why it is not used.
        QString keychainProblem;
        // The file store's problem when a file was chosen but cannot be used as it is (its
        // operations then fail with it until it is fixed); else empty.
        QString fileProblem;
    };
    using Callback = std::function<void(Selection &&selection)>;

    // The QSettings key of the file the operator chose for passwords.
    static QString fileSettingsKey();
    static QString configuredFile(const QSettings &settings);
    // An empty path forgets the choice.
    static void setConfiguredFile(QSettings &settings, const QString &path);

    // Probes the keychain, then answers once, later, from the event loop (not once `context`
    // is destroyed). `configuredFile`: the operator's chosen file, or empty.
    static void create(const QString &configuredFile, QObject *context, const Callback &callback,
                       std::chrono::milliseconds probeTimeout
                       = KeychainCredentialStore::DefaultProbeTimeout);
    // The same with the file read from `settings`.
    static void create(const QSettings &settings, QObject *context, const Callback &callback);

    // The choice once the keychain's availability is known (what create() does after probing).
    static Selection select(bool keychainAvailable, const QString &keychainProblem,
                            const QString &configuredFile);
};
