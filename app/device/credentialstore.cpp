#include "credentialstore.h"

QString SessionCredentialStore::description() const
{
    return tr("this session only: passwords are forgotten when GateWatch exits");
}

void SessionCredentialStore::readPassword(const QString &deviceId, QObject *context,
                                          const ReadCallback &callback)
{
    std::optional<QString> password;
    if (const auto it = m_passwords.constFind(deviceId); it != m_passwords.cend())
        password = *it;
    QMetaObject::invokeMethod(
        context, [callback, password] { callback(password, QString()); }, Qt::QueuedConnection);
}

void SessionCredentialStore::writePassword(const QString &deviceId, const QString &password,
                                           QObject *context, const WriteCallback &callback)
{
    if (password.isEmpty())
        m_passwords.remove(deviceId);
    else
        m_passwords.insert(deviceId, password);
    QMetaObject::invokeMethod(
        context, [callback] { callback(QString()); }, Qt::QueuedConnection);
}

void SessionCredentialStore::removePassword(const QString &deviceId, QObject *context,
                                            const WriteCallback &callback)
{
    m_passwords.remove(deviceId);
    QMetaObject::invokeMethod(
        context, [callback] { callback(QString()); }, Qt::QueuedConnection);
}
