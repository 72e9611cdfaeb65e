#include "monitorsession.h"

#include "device/credentialstore.h"
#include "device/devicehub.h"
#include "model/alertmodel.h"
#include "model/devicemodel.h"
#include "model/recognitionmodel.h"
#include "session/devicemanager.h"
#include "sim/devicesimulator.h"
#include "store/eventreader.h"
#include "store/eventstore.h"
#include "store/storethread.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <array>

using namespace Qt::StringLiterals;

namespace {
Q_LOGGING_CATEGORY(lcSession, "gatewatch.session")

constexpr std::array<QStringView, 6> DemoDoors
    = { u"Main entrance", u"Loading bay", u"Server room", u"Staff door", u"Garage", u"Reception" };

QString defaultOperatorName()
{
    QString name = qEnvironmentVariable("USER");
    if (name.isEmpty())
        name = qEnvironmentVariable("USERNAME");
    return name.isEmpty() ? MonitorSession::tr("operator") : name;
}
} // namespace

struct MonitorSession::History
{
    QList<RecognitionEvent> latest; // newest first
    QList<StoredEventRow> alertCandidates; // newest first, without snapshots
    QHash<QString, qint64> todayBySerial;
    QString error;
};

MonitorSession::MonitorSession(SessionOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_operatorName(defaultOperatorName())
    , m_hub(std::make_unique<DeviceHub>())
    , m_recognitions(new RecognitionModel(this))
    , m_alerts(new AlertModel(this))
    , m_devices(new DeviceModel(m_hub.get(), this))
{
    connect(m_hub.get(), &DeviceHub::eventReceived, this,
            [this](int, const RecognitionEvent &event) {
                // A back-filled event is listed where it arrives, marked (RecognitionRoles::
                // BackfilledRole), and is no new alert: it joins the list in its time position
                // without a tray message.
                m_recognitions->addEvent(event);
                if (event.backfilled)
                    m_alerts->addBackfilled(event);
                else
                    m_alerts->addEvent(event);
            });
    connect(&m_historyWatcher, &QFutureWatcher<std::shared_ptr<History>>::finished, this,
            &MonitorSession::onHistoryRead);
    if (m_options.deviceSettings) {
        CredentialStore *credentials = m_options.credentials;
        if (!credentials) {
            m_ownCredentials = std::make_unique<SessionCredentialStore>();
            credentials = m_ownCredentials.get();
        }
        m_deviceManager
            = std::make_unique<DeviceManager>(m_hub.get(), credentials, m_options.deviceSettings);
        // Until recent history is in the models (connectDevices).
        m_deviceManager->setConnectionsHeld(true);
    }
}

MonitorSession::~MonitorSession()
{
    stop();
}

void MonitorSession::setOperatorName(const QString &name)
{
    m_operatorName = name.trimmed().isEmpty() ? defaultOperatorName() : name.trimmed();
}

void MonitorSession::setAlertReasons(AlertRules::Reasons reasons)
{
    m_alerts->setEnabledReasons(reasons);
    m_recognitions->setAlertReasons(reasons);
}

bool MonitorSession::start(QString *error)
{
    EventStore::registerMetaTypes();
    m_storeThread = std::make_unique<StoreThread>();
    if (!m_storeThread->start(m_options.databasePath, StoreOptions {}, error))
        return false;
    EventStore *store = m_storeThread->store();
    m_hub->setStore(store);
    // Older rows' snapshots are read back from the store instead of kept in memory.
    m_recognitions->setDatabasePath(m_options.databasePath);
    connect(store, &EventStore::storeError, this, &MonitorSession::storeError);
    connect(store, &EventStore::writableChanged, this,
            [this](bool writable, const QString &message) {
                if (writable)
                    qCInfo(lcSession).noquote() << message;
                else
                    qCWarning(lcSession).noquote() << message;
                m_recording = writable;
                m_recordingProblem = writable ? QString() : message;
                if (writable)
                    m_held = {};
                emit recordingChanged(writable, message);
            });
    connect(store, &EventStore::heldChanged, this, [this](const HeldEvents &held) {
        m_held = held;
        emit heldEventsChanged(held);
    });
    connect(store, &EventStore::acknowledged, this, [this](const QList<Acknowledgement> &acks) {
        m_alerts->applyAcknowledgements(acks);
        emit acknowledgementsStored(acks);
    });
    connect(m_alerts, &AlertModel::acknowledgeRequested, store,
            [store](const QList<Acknowledgement> &acks) {
                for (const Acknowledgement &ack : acks)
                    store->acknowledge(ack);
            });

    HistoryPurger *purger = m_storeThread->purger();
    connect(purger, &HistoryPurger::purgeFinished, this, &MonitorSession::historyPurged);
    QMetaObject::invokeMethod(
        purger, [purger, policy = m_options.retention] { purger->setPolicy(policy); });

    if (m_options.demoDevices > 0 && !startDemo(error)) {
        stop();
        return false;
    }
    // Read now so that the settings dialog shows the list at once (and the passwords are
    // being read meanwhile); the devices connect with the others, in connectDevices().
    if (m_deviceManager) {
        m_deviceListProblems = m_deviceManager->load();
        for (const QString &problem : std::as_const(m_deviceListProblems))
            qCWarning(lcSession).noquote() << "device list:" << problem;
    }

    const QString path = m_options.databasePath;
    const int initial = m_options.initialEvents;
    const int hours = m_options.alertLookbackHours;
    const int events = m_options.alertLookbackEvents;
    m_historyWatcher.setFuture(QtConcurrent::run([path, initial, hours, events] {
        return std::make_shared<History>(readHistory(path, initial, hours, events));
    }));
    return true;
}

MonitorSession::History MonitorSession::readHistory(const QString &databasePath, int initialEvents,
                                                    int lookbackHours, int lookbackEvents)
{
    History history;
    EventReader reader;
    if (!reader.open(databasePath, &history.error))
        return history;
    const auto latest = reader.latest(EventFilter {}, initialEvents, true, &history.error);
    if (!latest)
        return history;
    history.latest.reserve(latest->size());
    for (const StoredEventRow &row : *latest)
        history.latest.append(row.event);

    EventFilter recent;
    recent.from = QDateTime::currentDateTimeUtc().addSecs(qint64 { -3600 } * lookbackHours);
    auto candidates = reader.latest(recent, lookbackEvents, false, &history.error);
    if (!candidates)
        return history;
    history.alertCandidates = std::move(*candidates);

    EventFilter today;
    today.from = QDate::currentDate().startOfDay().toUTC();
    const bool counted = reader.forEach(
        today, false,
        [&history](const StoredEventRow &row) {
            ++history.todayBySerial[row.event.deviceSn];
            return true;
        },
        &history.error);
    if (!counted)
        history.todayBySerial.clear();
    return history;
}

void MonitorSession::onHistoryRead()
{
    if (m_stopped)
        return;
    const std::shared_ptr<History> history = m_historyWatcher.result();
    m_recognitions->setEvents(history->latest);
    // Oldest first, so the newest alert ends on top.
    const QList<StoredEventRow> &candidates = history->alertCandidates;
    for (qsizetype i = candidates.size() - 1; i >= 0; --i) {
        const StoredEventRow &row = candidates.at(i);
        if (isAlert(row.event, m_alerts->enabledReasons()))
            m_alerts->addStored(row.event, row.acknowledgement);
    }
    m_devices->setTodaySeed(history->todayBySerial);
    if (!history->error.isEmpty())
        qCWarning(lcSession) << "reading recent history:" << history->error;
    m_loaded = true;
    connectDevices();
    emit loaded(history->error);
}

void MonitorSession::connectDevices()
{
    for (const DeviceConfig &config : std::as_const(m_options.devices))
        m_hub->addDevice(config);
    if (m_deviceManager)
        m_deviceManager->setConnectionsHeld(false);
}

bool MonitorSession::startDemo(QString *error)
{
    SimulatorOptions options;
    options.devices = m_options.demoDevices;
    options.rate = m_options.demoRate;
    options.tls = true;
    options.seed = QRandomGenerator::global()->generate();
    options.loginUser = u"admin"_s;
    // A fresh password per run: the simulated devices are reachable from this machine only,
    // and only this process needs to know it.
    options.loginPassword = QString::number(QRandomGenerator::global()->generate64(), 36);
    options.historyLimit = 1000;
    options.siteMix = true;

    m_demoThread = new QThread(this);
    m_demoThread->setObjectName(u"gatewatch-demo"_s);
    // The simulator is made on its thread: its timers and sockets must belong there.
    QObject context;
    context.moveToThread(m_demoThread);
    m_demoThread->start();

    bool started = false;
    QList<DeviceConfig> configs;
    QMetaObject::invokeMethod(
        &context,
        [this, &started, &configs, &options, &context, error] {
            m_simulator = new DeviceSimulator(options);
            started = m_simulator->start(error);
            context.moveToThread(QCoreApplication::instance()->thread());
            if (!started)
                return;
            QString pinError;
            const auto pin
                = DeviceConfig::parseFingerprint(m_simulator->certificateSha256Hex(), &pinError);
            for (int i = 0; i < m_simulator->deviceCount(); ++i) {
                DeviceConfig config;
                const auto doors = int(DemoDoors.size());
                config.name = DemoDoors.at(std::size_t(i % doors)).toString();
                if (i >= doors)
                    config.name += u' ' + QString::number(i / doors + 1);
                config.url = m_simulator->eventUrl(i);
                if (pin)
                    config.pinnedSha256 = { *pin };
                config.username = options.loginUser;
                config.password = options.loginPassword;
                configs.append(config);
            }
        },
        Qt::BlockingQueuedConnection);
    if (!started) {
        stopDemo();
        return false;
    }
    m_options.devices = configs + m_options.devices;
    return true;
}

void MonitorSession::stopDemo()
{
    if (!m_demoThread)
        return;
    if (m_simulator) {
        DeviceSimulator *simulator = m_simulator;
        m_simulator = nullptr;
        QMetaObject::invokeMethod(
            simulator, [simulator] { delete simulator; }, Qt::BlockingQueuedConnection);
    }
    m_demoThread->quit();
    m_demoThread->wait();
    delete m_demoThread;
    m_demoThread = nullptr;
}

void MonitorSession::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_historyWatcher.waitForFinished();
    m_hub->stopAll();
    stopDemo();
    if (m_storeThread)
        m_storeThread->stop();
}

std::optional<DeviceConfig> MonitorSession::deviceFor(const RecognitionEvent &event) const
{
    if (m_deviceManager) {
        if (auto config = m_deviceManager->configForName(event.deviceName))
            return config;
    }
    for (int i = 0; i < m_hub->deviceCount(); ++i) {
        if (m_hub->deviceConfig(i).name == event.deviceName)
            return m_hub->deviceConfig(i);
    }
    return std::nullopt;
}

void MonitorSession::setRetentionPolicy(const RetentionPolicy &policy)
{
    m_options.retention = policy;
    HistoryPurger *purger = m_storeThread ? m_storeThread->purger() : nullptr;
    if (purger)
        QMetaObject::invokeMethod(purger, [purger, policy] { purger->setPolicy(policy); });
}

EventStore *MonitorSession::store() const
{
    return m_storeThread ? m_storeThread->store() : nullptr;
}
