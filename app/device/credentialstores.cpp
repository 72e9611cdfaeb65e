#include "credentialstores.h"

#include "filecredentialstore.h"

#include <QDir>
#include <QSettings>

using namespace Qt::StringLiterals;

QString CredentialStores::fileSettingsKey()
{
    return u"credentials/file"_s;
}

QString CredentialStores::configuredFile(const QSettings &settings)
{
    return settings.value(fileSettingsKey()).toString();
}

void CredentialStores::setConfiguredFile(QSettings &settings, const QString &path)
{
    if (path.isEmpty())
        settings.remove(fileSettingsKey());
    else
        settings.setValue(fileSettingsKey(), path);
}

void CredentialStores::create(const QString &configuredFile, QObject *context,
                              const Callback &callback, std::chrono::milliseconds probeTimeout)
{
    KeychainCredentialStore::probe(
        context,
        [configuredFile, callback](bool available, const QString &reason) {
            callback(select(available, reason, configuredFile));
        },
        probeTimeout);
}

void CredentialStores::create(const QSettings &settings, QObject *context, const Callback &callback)
{
    create(configuredFile(settings), context, callback);
}

CredentialStores::Selection CredentialStores::select(bool keychainAvailable,
                                                     const QString &keychainProblem,
                                                     const QString &configuredFile)
{
    Selection selection;
    if (keychainAvailable) {
        selection.store = std::make_unique<KeychainCredentialStore>();
        selection.explanation = tr("Passwords are kept in the system keychain.");
        if (!configuredFile.isEmpty()) {
            // The file is the answer to a missing keychain, not a second place to look.
            selection.explanation += u' '
                + tr("The file %1 chosen for them is not used while the keychain is "
                     "available.")
                      .arg(QDir::toNativeSeparators(configuredFile));
        }
        return selection;
    }

    selection.keychainProblem = keychainProblem;
    QString reason = keychainProblem;
    if (!reason.isEmpty())
        reason[0] = reason[0].toUpper();
    const QString noKeychain
        = reason.isEmpty() ? tr("No keychain service is available.") : tr("%1.").arg(reason);

    if (!configuredFile.isEmpty()) {
        auto file = std::make_unique<FileCredentialStore>(configuredFile);
        selection.fileProblem = file->problem();
        if (selection.fileProblem.isEmpty()) {
            selection.explanation = noKeychain + u' '
                + tr("Passwords are kept in the file %1, readable by you only and not "
                     "encrypted.")
                      .arg(QDir::toNativeSeparators(file->path()));
        } else {
            // The operator's choice stands: passwords are neither read from nor put anywhere
            // else until the file is fixed or another one is chosen.
            selection.explanation = noKeychain + u' '
                + tr("The file chosen for passwords cannot be used: %1. Passwords can "
                     "neither be read nor saved until it is fixed or another file is "
                     "chosen.")
                      .arg(selection.fileProblem);
        }
        selection.store = std::move(file);
        return selection;
    }

    selection.store = std::make_unique<SessionCredentialStore>();
    selection.explanation = noKeychain + u' '
        + tr("Passwords are kept for this session only and forgotten when GateWatch exits. "
             "To keep them, choose a file for them: it will be readable by you only, but "
             "not encrypted.");
    return selection;
}
