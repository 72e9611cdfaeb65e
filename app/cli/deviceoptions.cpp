#include "deviceoptions.h"

#include "commandline.h"

#include <QCommandLineParser>
#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace {
// lupdate finds the strings by this context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(DeviceOptions)
};
} // namespace

DeviceOptions::DeviceOptions()
    : m_device(u"device"_s,
               Text::tr("A terminal's event URL, e.g. wss://10.0.0.5:8000/v1/event/, optionally "
                        "preceded by a name: \"Front door=wss://...\". Repeatable."),
               u"URL"_s)
    , m_pin(u"pin-sha256"_s,
            Text::tr("Trust a device certificate with this SHA-256 fingerprint (hex, colons "
                     "optional). Repeatable; applies to every device."),
            u"HEX"_s)
    , m_ca(u"ca-cert"_s, Text::tr("Also trust certificates issued by the CA(s) in this PEM file."),
           u"PEM"_s)
    , m_user(u"user"_s, Text::tr("Log in to the devices as NAME."), u"NAME"_s)
    , m_passwordFile(u"password-file"_s, Text::tr("Read the password for --user from FILE."),
                     u"FILE"_s)
    , m_heartbeat(
          u"heartbeat"_s,
          Text::tr("Ping every N seconds; a connection silent for 2 N is dropped and retried "
                   "(default 10)."),
          u"SECONDS"_s, u"10"_s)
{ }

void DeviceOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({ m_device, m_pin, m_ca, m_user, m_passwordFile, m_heartbeat });
}

std::optional<DeviceConfig> DeviceOptions::deviceFromArgument(const QString &argument,
                                                              QString *error)
{
    QString name;
    QString urlText = argument;
    const qsizetype equals = argument.indexOf(u'=');
    const qsizetype scheme = argument.indexOf(u"://"_s);
    if (equals > 0 && (scheme < 0 || equals < scheme)) {
        name = argument.left(equals).trimmed();
        urlText = argument.mid(equals + 1).trimmed();
    }
    const auto url = DeviceConfig::parseEventUrl(urlText, error);
    if (!url) {
        *error = u"--device: "_s + *error;
        return std::nullopt;
    }
    DeviceConfig config;
    config.url = *url;
    // Terminals serve on 8000 unless configured otherwise.
    if (config.url.port() < 0)
        config.url.setPort(8000);
    config.name = name.isEmpty() ? u"%1:%2"_s.arg(config.url.host()).arg(config.url.port()) : name;
    return config;
}

std::optional<QList<DeviceConfig>> DeviceOptions::devices(const QCommandLineParser &parser,
                                                          QString *error) const
{
    if (parser.isSet(m_user) != parser.isSet(m_passwordFile)) {
        *error = Text::tr("--user and --password-file go together");
        return std::nullopt;
    }
    bool heartbeatOk = false;
    const int heartbeat = parser.value(m_heartbeat).toInt(&heartbeatOk);
    if (!heartbeatOk || heartbeat < 1 || heartbeat > 3600) {
        *error = Text::tr("--heartbeat must be a whole number of seconds from 1 to 3600, not '%1'")
                     .arg(parser.value(m_heartbeat));
        return std::nullopt;
    }

    QList<QByteArray> pins;
    const QStringList pinTexts = parser.values(m_pin);
    for (const QString &text : pinTexts) {
        QString pinError;
        const auto pin = DeviceConfig::parseFingerprint(text, &pinError);
        if (!pin) {
            *error = Text::tr("--pin-sha256: %1").arg(pinError);
            return std::nullopt;
        }
        pins.append(*pin);
    }
    QList<QSslCertificate> caCertificates;
    if (parser.isSet(m_ca)) {
        QString caError;
        const auto loaded = DeviceConfig::loadCaCertificates(parser.value(m_ca), &caError);
        if (!loaded) {
            *error = Text::tr("--ca-cert: %1").arg(caError);
            return std::nullopt;
        }
        caCertificates = *loaded;
    }
    QString password;
    if (parser.isSet(m_passwordFile)) {
        QString secretError;
        const auto secret = Cli::readSecretFile(parser.value(m_passwordFile), &secretError);
        if (!secret) {
            *error = Text::tr("--password-file: %1").arg(secretError);
            return std::nullopt;
        }
        password = *secret;
    }

    QList<DeviceConfig> devices;
    const QStringList arguments = parser.values(m_device);
    for (const QString &argument : arguments) {
        auto config = deviceFromArgument(argument, error);
        if (!config)
            return std::nullopt;
        config->pinnedSha256 = pins;
        config->caCertificates = caCertificates;
        config->heartbeatSeconds = heartbeat;
        if (parser.isSet(m_user)) {
            config->username = parser.value(m_user);
            config->password = password;
        }
        devices.append(*config);
    }
    return devices;
}
