#include "mainwindow.h"

#include "aboutdialog.h"
#include "acknowledgedialog.h"
#include "alertbanner.h"
#include "alertlistdelegate.h"
#include "alertrulesdialog.h"
#include "device/credentialstores.h"
#include "devicesettingsdialog.h"
#include "dooraction.h"
#include "eventdetaildialog.h"
#include "gallerydelegate.h"
#include "historywindow.h"
#include "icons.h"
#include "model/alertmodel.h"
#include "model/devicemodel.h"
#include "model/recognitionmodel.h"
#include "recognitiontable.h"
#include "session/devicemanager.h"
#include "session/doorcontrol.h"
#include "session/language.h"
#include "session/monitorsession.h"
#include "session/performanceprobe.h"
#include "welcomepage.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include <array>

using namespace Qt::StringLiterals;

namespace {
// Bumped when the layout of docks and toolbars changes in a way an old state would spoil.
constexpr int LayoutVersion = 1;
const QString GeometryKey = u"window/geometry"_s;
const QString StateKey = u"window/state"_s;
const QString SplitterKey = u"window/splitter"_s;
const QString ColumnsKey = u"table/columns"_s;
const QString TileSizeKey = u"gallery/tileSize"_s;
const QString AlertReasonsKey = u"alerts/reasons"_s;
const QString OperatorNameKey = u"operator/name"_s;
constexpr int TileStep = 24;
} // namespace

MainWindow::MainWindow(MonitorSession *session, QSettings *settings, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_settings(settings)
    // Asked for the name at each request: the guard on duty may change while the window runs.
    , m_doors(new DoorControl([session] { return session->operatorName(); }, this))
{
    setObjectName(u"mainWindow"_s);
    m_doors->setStore(m_session->store());
    setWindowIcon(Icons::icon(u"gatewatch"_s));
    m_session->setAlertReasons(AlertRules::Reasons::fromInt(
        m_settings->value(AlertReasonsKey, AlertRules::AllReasons).toInt()));
    createViews();
    createActions();
    createStatusBar();
    createTray();
    applyIcons();

    m_notifyTimer.setSingleShot(true);
    m_notifyTimer.setInterval(1500);
    connect(&m_notifyTimer, &QTimer::timeout, this, &MainWindow::notifyAlerts);
    // Re-decoding every thumbnail at each step of a slider drag would be wasted work.
    m_tileResizeTimer.setSingleShot(true);
    m_tileResizeTimer.setInterval(150);
    connect(&m_tileResizeTimer, &QTimer::timeout, this, [this] {
        const qreal dpr = devicePixelRatioF();
        const int pixels = qRound(m_galleryDelegate->tileSize() * dpr);
        m_session->recognitions()->setThumbnailSize({ pixels, pixels });
    });

    RecognitionModel *model = m_session->recognitions();
    connect(model, &RecognitionModel::pausedChanged, this, &MainWindow::updatePaused);
    connect(model, &RecognitionModel::pendingCountChanged, this, &MainWindow::updatePaused);
    connect(m_session, &MonitorSession::recordingChanged, this, &MainWindow::onRecordingChanged);
    connect(m_session, &MonitorSession::heldEventsChanged, this, &MainWindow::updateRecording);
    connect(m_session->alerts(), &AlertModel::alertRaised, this, &MainWindow::onAlertRaised);
    connect(m_session->alerts(), &AlertModel::unacknowledgedCountChanged, this,
            &MainWindow::updateTitle);
    DeviceModel *devices = m_session->devices();
    // Only state changes move the "N of M online" count; counters change with every event.
    connect(devices, &DeviceModel::dataChanged, this,
            [this](const QModelIndex &, const QModelIndex &, const QList<int> &roles) {
                if (roles.isEmpty() || roles.contains(DeviceModel::StateRole))
                    updateDeviceSummary();
            });
    connect(devices, &DeviceModel::rowsInserted, this, &MainWindow::updateDeviceSummary);
    connect(devices, &DeviceModel::rowsRemoved, this, &MainWindow::updateDeviceSummary);
    connect(devices, &DeviceModel::rowsInserted, this, &MainWindow::updateDevicesEmptyState);
    connect(devices, &DeviceModel::rowsRemoved, this, &MainWindow::updateDevicesEmptyState);
    connect(devices, &DeviceModel::modelReset, this, &MainWindow::updateDevicesEmptyState);
    connect(devices, &DeviceModel::rowsInserted, this, &MainWindow::updateWelcome);
    connect(devices, &DeviceModel::rowsRemoved, this, &MainWindow::updateWelcome);
    connect(devices, &DeviceModel::modelReset, this, &MainWindow::updateWelcome);
    connect(model, &RecognitionModel::rowsInserted, this, &MainWindow::updateWelcome);
    connect(model, &RecognitionModel::rowsRemoved, this, &MainWindow::updateWelcome);
    connect(model, &RecognitionModel::modelReset, this, &MainWindow::updateWelcome);
    // Whether the banner's door can be opened depends on which devices are known.
    connect(devices, &DeviceModel::rowsInserted, m_banner, &AlertBanner::refresh);
    connect(devices, &DeviceModel::rowsRemoved, m_banner, &AlertBanner::refresh);
    connect(devices, &DeviceModel::modelReset, m_banner, &AlertBanner::refresh);

    // Door requests end here whichever view started them: the status bar says how they went.
    connect(m_doors, &DoorControl::started, this, [this](const DoorOpening &request) {
        statusBar()->showMessage(tr("Opening the door of %1…").arg(request.deviceName));
        m_banner->refresh();
    });
    connect(m_doors, &DoorControl::finished, this, [this](const DoorOpening &outcome) {
        statusBar()->showMessage(
            tr("%1: %2").arg(outcome.deviceName, DoorAction::describe(outcome)), 30'000);
        m_banner->refresh();
    });

    restoreLayout();
    updateRecording();
    updatePaused();
    updateTitle();
    updateDeviceSummary();
    updateDevicesEmptyState();
    updateWelcome();
}

MainWindow::~MainWindow() = default;

void MainWindow::createViews()
{
    RecognitionModel *model = m_session->recognitions();

    m_banner = new AlertBanner(m_session->alerts(), this);
    connect(m_banner, &AlertBanner::showRequested, this, [this](int row) {
        if (row >= 0)
            showDetails(m_session->alerts()->eventAt(row));
    });
    connect(m_banner, &AlertBanner::acknowledgeRequested, this, &MainWindow::acknowledgeAlert);
    connect(m_banner, &AlertBanner::acknowledgeAllRequested, this,
            &MainWindow::acknowledgeAllAlerts);
    m_banner->setDoorCheck(
        [this](const RecognitionEvent &event) { return doorUnavailableReason(event); });
    connect(m_banner, &AlertBanner::openDoorRequested, this, [this](int row) {
        if (row >= 0)
            openDoor(m_session->alerts()->eventAt(row));
    });

    m_pausedBar = new QLabel(this);
    m_pausedBar->setObjectName(u"pausedBar"_s);
    m_pausedBar->setAutoFillBackground(true);
    m_pausedBar->setMargin(6);
    m_pausedBar->setTextFormat(Qt::PlainText);
    QPalette paused = m_pausedBar->palette();
    paused.setColor(QPalette::Window, paused.color(QPalette::Highlight));
    paused.setColor(QPalette::WindowText, paused.color(QPalette::HighlightedText));
    m_pausedBar->setPalette(paused);
    QFont pausedFont = m_pausedBar->font();
    pausedFont.setBold(true);
    m_pausedBar->setFont(pausedFont);

    // Red with white text whatever the palette: nothing else in the window looks like it.
    m_recordingBar = new QLabel(this);
    m_recordingBar->setObjectName(u"recordingStoppedBar"_s);
    m_recordingBar->setAccessibleName(tr("Recording stopped"));
    m_recordingBar->setAutoFillBackground(true);
    m_recordingBar->setMargin(8);
    m_recordingBar->setWordWrap(true);
    m_recordingBar->setTextFormat(Qt::PlainText);
    m_recordingBar->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette stopped = m_recordingBar->palette();
    stopped.setColor(QPalette::Window, QColor(0xb0, 0x00, 0x20));
    stopped.setColor(QPalette::WindowText, Qt::white);
    m_recordingBar->setPalette(stopped);
    QFont stoppedFont = m_recordingBar->font();
    stoppedFont.setBold(true);
    m_recordingBar->setFont(stoppedFont);
    m_recordingBar->hide();

    m_gallery = new QListView(this);
    m_gallery->setObjectName(u"gallery"_s);
    m_gallery->setAccessibleName(tr("Live gallery"));
    m_gallery->setViewMode(QListView::IconMode);
    m_gallery->setFlow(QListView::LeftToRight);
    m_gallery->setWrapping(true);
    m_gallery->setResizeMode(QListView::Adjust);
    m_gallery->setMovement(QListView::Static);
    m_gallery->setUniformItemSizes(true);
    m_gallery->setSelectionMode(QAbstractItemView::SingleSelection);
    m_gallery->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_gallery->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_gallery->setSpacing(2);
    m_galleryDelegate = new GalleryDelegate(m_gallery);
    if (PerformanceProbe::enabled())
        m_galleryDelegate->setProbe(new PerformanceProbe(this));
    m_gallery->setItemDelegate(m_galleryDelegate);
    m_gallery->setModel(model);
    m_gallery->setModelColumn(RecognitionModel::Name);
    connect(m_gallery, &QListView::activated, this, [this](const QModelIndex &index) {
        showDetails(index.data(RecognitionRoles::EventRole).value<RecognitionEvent>());
    });
    // Item views give the position in their viewport's coordinates.
    m_gallery->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_gallery, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex index = m_gallery->indexAt(pos);
        if (index.isValid())
            popupEventMenu(index.data(RecognitionRoles::EventRole).value<RecognitionEvent>(),
                           m_gallery->viewport()->mapToGlobal(pos));
    });

    m_tableProxy = new QSortFilterProxyModel(this);
    m_tableProxy->setSourceModel(model);
    m_tableProxy->setSortRole(RecognitionRoles::SortRole);
    m_tableProxy->setDynamicSortFilter(true);
    m_table = new RecognitionTable(this);
    m_table->setObjectName(u"recognitionTable"_s);
    m_table->setModel(m_tableProxy);
    m_table->sortByColumn(RecognitionModel::Time, Qt::DescendingOrder);
    m_table->fitColumnsToContentWidths();
    m_table->setColumnWidth(RecognitionModel::Name,
                            m_table->columnWidth(RecognitionModel::Name) * 2);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        showDetails(index.data(RecognitionRoles::EventRole).value<RecognitionEvent>());
    });
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex index = m_table->indexAt(pos);
        if (index.isValid())
            popupEventMenu(index.data(RecognitionRoles::EventRole).value<RecognitionEvent>(),
                           m_table->viewport()->mapToGlobal(pos));
    });

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(u"liveSplitter"_s);
    m_splitter->addWidget(m_gallery);
    m_splitter->addWidget(m_table);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_recordingBar);
    layout->addWidget(m_banner);
    layout->addWidget(m_pausedBar);
    // A station with nothing to watch yet gets the welcome page in place of empty panes.
    m_welcome = new WelcomePage(this);
    connect(m_welcome, &WelcomePage::addDeviceRequested, this, [this] { m_addDevice->trigger(); });
    connect(m_welcome, &WelcomePage::findDevicesRequested, this,
            [this] { m_findDevices->trigger(); });
    connect(m_welcome, &WelcomePage::demoRequested, this,
            [this] { emit restartRequested({ u"--demo"_s }); });
    m_liveStack = new QStackedWidget(this);
    m_liveStack->setObjectName(u"liveStack"_s);
    m_liveStack->addWidget(m_splitter);
    m_liveStack->addWidget(m_welcome);
    layout->addWidget(m_liveStack, 1);
    setCentralWidget(central);

    m_alertList = new QListView(this);
    m_alertList->setObjectName(u"alertList"_s);
    m_alertList->setAccessibleName(tr("Alerts"));
    m_alertList->setModel(m_session->alerts());
    m_alertDelegate = new AlertListDelegate(m_alertList);
    m_alertDelegate->watch(m_session->alerts());
    m_alertList->setItemDelegate(m_alertDelegate);
    m_alertList->setSpacing(2);
    m_alertList->setResizeMode(QListView::Adjust);
    m_alertList->setTextElideMode(Qt::ElideNone);
    m_alertList->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_alertList->setAlternatingRowColors(true);
    m_alertList->setWordWrap(true);
    m_alertList->setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(m_alertList, &QListView::activated, this, [this](const QModelIndex &index) {
        showDetails(m_session->alerts()->eventAt(index.row()));
    });
    m_alertList->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_alertList, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex index = m_alertList->indexAt(pos);
        if (index.isValid())
            popupEventMenu(m_session->alerts()->eventAt(index.row()),
                           m_alertList->viewport()->mapToGlobal(pos));
    });
    m_alertsDock = new QDockWidget(tr("Alerts"), this);
    m_alertsDock->setObjectName(u"alertsDock"_s);
    m_alertsDock->setWidget(m_alertList);
    addDockWidget(Qt::RightDockWidgetArea, m_alertsDock);

    m_deviceTable = new QTableView(this);
    m_deviceTable->setObjectName(u"deviceTable"_s);
    m_deviceTable->setAccessibleName(tr("Devices"));
    m_deviceTable->setModel(m_session->devices());
    m_deviceTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_deviceTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_deviceTable->verticalHeader()->hide();
    m_deviceTable->horizontalHeader()->setStretchLastSection(true);
    // The columns fit their contents, fitted at most four times a second: a header that resizes
    // to contents by itself measures every row at each change of any row, which with a hundred
    // terminals coming online at once froze the window for most of a second.
    m_deviceColumnsTimer.setSingleShot(true);
    m_deviceColumnsTimer.setInterval(DeviceModel::CountersNoticeIntervalMs);
    connect(&m_deviceColumnsTimer, &QTimer::timeout, this, &MainWindow::fitDeviceColumns);
    const auto fitLater = [this] {
        if (!m_deviceColumnsTimer.isActive())
            m_deviceColumnsTimer.start();
    };
    const QAbstractItemModel *devices = m_session->devices();
    connect(devices, &QAbstractItemModel::dataChanged, this, fitLater);
    connect(devices, &QAbstractItemModel::rowsInserted, this, fitLater);
    connect(devices, &QAbstractItemModel::rowsRemoved, this, fitLater);
    connect(devices, &QAbstractItemModel::modelReset, this, fitLater);
    connect(devices, &QAbstractItemModel::layoutChanged, this, fitLater);
    fitDeviceColumns();
    // A station without any device: the dock says so and offers the way to add one.
    m_devicesEmpty = new QWidget(this);
    m_devicesEmpty->setObjectName(u"devicesEmptyState"_s);
    auto *emptyLayout = new QVBoxLayout(m_devicesEmpty);
    auto *emptyText = new QLabel(tr("No devices are set up at this station yet. Add a terminal "
                                    "by its address, or find the ones announced on this "
                                    "network."),
                                 m_devicesEmpty);
    emptyText->setWordWrap(true);
    emptyText->setAlignment(Qt::AlignCenter);
    emptyLayout->addStretch();
    emptyLayout->addWidget(emptyText);
    auto *emptyButtons = new QHBoxLayout;
    emptyButtons->addStretch();
    auto *addFirst = new QPushButton(tr("&Add a device…"), m_devicesEmpty);
    addFirst->setObjectName(u"addFirstDevice"_s);
    emptyButtons->addWidget(addFirst);
    auto *findFirst = new QPushButton(tr("&Find devices…"), m_devicesEmpty);
    findFirst->setObjectName(u"findFirstDevices"_s);
    emptyButtons->addWidget(findFirst);
    emptyButtons->addStretch();
    emptyLayout->addLayout(emptyButtons);
    emptyLayout->addStretch();
    m_devicesEmpty->setFocusProxy(addFirst);
    connect(addFirst, &QPushButton::clicked, this, [this] { m_addDevice->trigger(); });
    connect(findFirst, &QPushButton::clicked, this, [this] { m_findDevices->trigger(); });

    m_devicesStack = new QStackedWidget(this);
    m_devicesStack->addWidget(m_deviceTable);
    m_devicesStack->addWidget(m_devicesEmpty);
    m_devicesDock = new QDockWidget(tr("Devices"), this);
    m_devicesDock->setObjectName(u"devicesDock"_s);
    m_devicesDock->setWidget(m_devicesStack);
    addDockWidget(Qt::BottomDockWidgetArea, m_devicesDock);
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_pause = view->addAction(tr("&Pause live view"));
    m_pause->setObjectName(u"pauseAction"_s);
    m_pause->setCheckable(true);
    m_pause->setShortcuts({ QKeySequence(Qt::Key_Pause), QKeySequence(tr("Ctrl+Shift+P")) });
    m_pause->setToolTip(tr("Freeze the gallery and the table; events keep being recorded "
                           "(Pause or Ctrl+Shift+P)"));
    connect(m_pause, &QAction::toggled, m_session->recognitions(), &RecognitionModel::setPaused);

    m_details = view->addAction(tr("Show &details"));
    m_details->setShortcut(QKeySequence(tr("Ctrl+I")));
    m_details->setToolTip(tr("Show the selected recognition in full (Enter or double-click)"));
    connect(m_details, &QAction::triggered, this, &MainWindow::showCurrentDetails);
    m_historyAction = view->addAction(tr("&History…"), this, [this] { showHistory(); });
    m_historyAction->setObjectName(u"historyAction"_s);
    m_historyAction->setShortcut(QKeySequence(tr("Ctrl+H")));
    m_historyAction->setToolTip(
        tr("Search the stored recognitions, by time, device, person or verdict (Ctrl+H)"));
    view->addSeparator();

    m_zoomIn = view->addAction(tr("&Larger tiles"), this,
                               [this] { setTileSize(tileSize() + TileStep); });
    m_zoomIn->setShortcut(QKeySequence::ZoomIn);
    m_zoomOut = view->addAction(tr("&Smaller tiles"), this,
                                [this] { setTileSize(tileSize() - TileStep); });
    m_zoomOut->setShortcut(QKeySequence::ZoomOut);
    m_zoomReset = view->addAction(tr("&Normal tile size"), this,
                                  [this] { setTileSize(GalleryDelegate::DefaultTileSize); });
    m_zoomReset->setShortcut(QKeySequence(tr("Ctrl+0")));
    m_columns = view->addAction(tr("Table &columns…"), this, [this] {
        m_table->setFocus();
        QHeaderView *header = m_table->horizontalHeader();
        m_table->columnsMenu()->popup(header->mapToGlobal(QPoint(0, header->height())));
    });
    view->addSeparator();

    const std::array<std::pair<QWidget *, QString>, 4> focusTargets = { {
        { m_liveStack, tr("Go to &gallery") },
        { m_table, tr("Go to &table") },
        { m_alertList, tr("Go to &alerts") },
        { m_devicesStack, tr("Go to de&vices") },
    } };
    int key = Qt::Key_1;
    for (const auto &focusTarget : focusTargets) {
        QWidget *target = focusTarget.first;
        QAction *go = view->addAction(focusTarget.second, this, [target] {
            for (QWidget *parent = target->parentWidget(); parent;
                 parent = parent->parentWidget()) {
                if (auto *dock = qobject_cast<QDockWidget *>(parent)) {
                    dock->show();
                    dock->raise();
                    break;
                }
            }
            target->setFocus(Qt::ShortcutFocusReason);
        });
        go->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(key++)));
    }
    view->addSeparator();
    view->addAction(m_alertsDock->toggleViewAction());
    view->addAction(m_devicesDock->toggleViewAction());
    QAction *fullScreen = view->addAction(tr("&Full screen"), this, [this](bool on) {
        setWindowState(on ? windowState() | Qt::WindowFullScreen
                          : windowState() & ~Qt::WindowFullScreen);
    });
    fullScreen->setCheckable(true);
    fullScreen->setShortcut(QKeySequence::FullScreen);
    view->addSeparator();
    createLanguageMenu(view);

    QMenu *devices = menuBar()->addMenu(tr("&Devices"));
    m_manageDevices
        = devices->addAction(tr("&Manage devices…"), this, [this] { showDeviceSettings(); });
    m_manageDevices->setObjectName(u"manageDevicesAction"_s);
    m_manageDevices->setShortcut(QKeySequence(tr("Ctrl+Shift+D")));
    m_manageDevices->setToolTip(tr("Add, edit, enable or remove the terminals this station "
                                   "watches (Ctrl+Shift+D)"));
    m_addDevice = devices->addAction(tr("&Add a device…"), this, [this] {
        if (DeviceSettingsDialog *dialog = showDeviceSettings())
            dialog->addDevice();
    });
    m_addDevice->setObjectName(u"addDeviceAction"_s);
    m_findDevices = devices->addAction(tr("&Find devices…"), this, [this] {
        if (DeviceSettingsDialog *dialog = showDeviceSettings())
            dialog->findDevices();
    });
    m_findDevices->setObjectName(u"findDevicesAction"_s);
    if (!m_session->deviceManager()) {
        for (QAction *action : { m_manageDevices, m_addDevice, m_findDevices }) {
            action->setEnabled(false);
            action->setToolTip(tr("This session has no device list of its own"));
        }
    }

    QMenu *alerts = menuBar()->addMenu(tr("&Alerts"));
    m_acknowledge = alerts->addAction(tr("&Acknowledge newest alert…"), this, [this] {
        // The alert selected in the list, else the newest waiting one.
        const QModelIndex current = m_alertList->currentIndex();
        const bool selectedWaiting = current.isValid() && m_alertList->hasFocus()
            && !current.data(AlertModel::AcknowledgedRole).toBool();
        acknowledgeAlert(selectedWaiting ? current.row()
                                         : m_session->alerts()->newestUnacknowledgedRow());
    });
    m_acknowledge->setShortcut(QKeySequence(tr("Ctrl+K")));
    m_acknowledgeAll = alerts->addAction(tr("Acknowledge a&ll alerts…"), this,
                                         &MainWindow::acknowledgeAllAlerts);
    m_acknowledgeAll->setShortcut(QKeySequence(tr("Ctrl+Shift+K")));
    alerts->addSeparator();
    m_alertRules = alerts->addAction(tr("Alert &rules…"), this, &MainWindow::editAlertRules);
    QAction *operatorName = alerts->addAction(tr("Acknowledge under the &name…"), this,
                                              &MainWindow::editOperatorName);
    operatorName->setObjectName(u"operatorNameAction"_s);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About GateWatch"), this, &MainWindow::showAbout);
    about->setObjectName(u"aboutAction"_s);
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);

    QToolBar *toolbar = addToolBar(tr("Live view"));
    toolbar->setObjectName(u"liveToolBar"_s);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_pause);
    toolbar->addAction(m_details);
    toolbar->addSeparator();
    toolbar->addAction(m_acknowledge);
    toolbar->addAction(m_acknowledgeAll);
    toolbar->addSeparator();
    toolbar->addAction(m_zoomOut);
    m_tileSlider = new QSlider(Qt::Horizontal, toolbar);
    m_tileSlider->setObjectName(u"tileSizeSlider"_s);
    m_tileSlider->setAccessibleName(tr("Tile size"));
    m_tileSlider->setToolTip(tr("Tile size (Ctrl++ and Ctrl+-)"));
    m_tileSlider->setRange(GalleryDelegate::MinimumTileSize, GalleryDelegate::MaximumTileSize);
    m_tileSlider->setSingleStep(8);
    m_tileSlider->setPageStep(TileStep);
    m_tileSlider->setValue(GalleryDelegate::DefaultTileSize);
    m_tileSlider->setMaximumWidth(160);
    connect(m_tileSlider, &QSlider::valueChanged, this, &MainWindow::setTileSize);
    toolbar->addWidget(m_tileSlider);
    toolbar->addAction(m_zoomIn);
}

void MainWindow::createStatusBar()
{
    m_liveLabel = new QLabel(this);
    m_devicesLabel = new QLabel(this);
    m_alertsLabel = new QLabel(this);
    m_operatorLabel = new QLabel(this);
    m_operatorLabel->setTextFormat(Qt::PlainText);
    updateOperatorLabel();
    statusBar()->addWidget(m_liveLabel, 1);
    statusBar()->addPermanentWidget(m_operatorLabel);
    statusBar()->addPermanentWidget(m_alertsLabel);
    statusBar()->addPermanentWidget(m_devicesLabel);
    auto *database = new QLabel(this);
    database->setTextFormat(Qt::PlainText);
    database->setText(
        m_session->isDemo()
            ? tr("DEMO — simulated devices, database %1").arg(m_session->databasePath())
            : tr("Database %1").arg(m_session->databasePath()));
    statusBar()->addPermanentWidget(database);
}

void MainWindow::createTray()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(Icons::icon(u"gatewatch"_s), this);
    m_tray->setToolTip(tr("GateWatch"));
    connect(m_tray, &QSystemTrayIcon::activated, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    m_tray->show();
}

void MainWindow::applyIcons()
{
    const QPalette pal = palette();
    m_pause->setIcon(Icons::icon(m_pause->isChecked() ? u"resume"_s : u"pause"_s, pal));
    m_details->setIcon(Icons::icon(u"details"_s, pal));
    m_acknowledge->setIcon(Icons::icon(u"acknowledge"_s, pal));
    m_acknowledgeAll->setIcon(Icons::icon(u"acknowledge-all"_s, pal));
    m_zoomIn->setIcon(Icons::icon(u"zoom-in"_s, pal));
    m_zoomOut->setIcon(Icons::icon(u"zoom-out"_s, pal));
    m_alertRules->setIcon(Icons::icon(u"rules"_s, pal));
    m_manageDevices->setIcon(Icons::icon(u"device"_s, pal));
    m_addDevice->setIcon(Icons::icon(u"add"_s, pal));
    m_findDevices->setIcon(Icons::icon(u"discover"_s, pal));
    m_alertDelegate->setPalette(pal);
}

void MainWindow::changeEvent(QEvent *event)
{
    // Monochrome icons take the text colour: redraw them when the palette turns dark or light.
    if (event->type() == QEvent::PaletteChange && m_pause)
        applyIcons();
    QMainWindow::changeEvent(event);
}

int MainWindow::tileSize() const
{
    return m_galleryDelegate->tileSize();
}

void MainWindow::setTileSize(int size)
{
    m_galleryDelegate->setTileSize(size);
    const QSignalBlocker block(m_tileSlider);
    m_tileSlider->setValue(m_galleryDelegate->tileSize());
    // Uniform item sizes are measured once: make the view measure again.
    m_gallery->setItemDelegate(m_galleryDelegate);
    m_gallery->doItemsLayout();
    m_tileResizeTimer.start();
}

void MainWindow::fitDeviceColumns()
{
    // The last column takes the rest of the width (stretchLastSection): fitting it would stop
    // that.
    const int columns = m_deviceTable->model()->columnCount();
    for (int column = 0; column + 1 < columns; ++column)
        m_deviceTable->resizeColumnToContents(column);
}

void MainWindow::updatePaused()
{
    const RecognitionModel *model = m_session->recognitions();
    const bool paused = model->isPaused();
    // Called at every new recognition while paused: the action changes only with the state.
    if (m_pauseShown != paused) {
        m_pauseShown = paused;
        const QSignalBlocker block(m_pause);
        m_pause->setChecked(paused);
        m_pause->setText(paused ? tr("&Resume live view") : tr("&Pause live view"));
        m_pause->setIcon(Icons::icon(paused ? u"resume"_s : u"pause"_s, palette()));
    }
    m_pausedBar->setVisible(paused);
    const int pending = model->pendingCount();
    m_pausedBar->setText(
        m_session->isRecording()
            ? tr("Live view paused — %n new recognition(s) waiting; they are being recorded "
                 "and appear when you resume (Pause or Ctrl+Shift+P).",
                 nullptr, pending)
            : tr("Live view paused — %n new recognition(s) waiting; they appear when you "
                 "resume (Pause or Ctrl+Shift+P).",
                 nullptr, pending));
    m_liveLabel->setText(paused ? tr("Paused: %n new waiting", nullptr, pending) : tr("Live"));
}

void MainWindow::onRecordingChanged(bool recording, const QString &message)
{
    updateRecording();
    updatePaused();
    updateTitle();
    if (recording) {
        // The bar is gone; what happened meanwhile stays readable for a while.
        statusBar()->showMessage(message, 120'000);
    } else if (m_tray) {
        m_tray->showMessage(tr("GateWatch: recording stopped"), message, QSystemTrayIcon::Critical);
    }
}

void MainWindow::updateRecording()
{
    const bool stopped = !m_session->isRecording();
    m_recordingBar->setVisible(stopped);
    if (!stopped) {
        m_recordingBar->clear();
        return;
    }
    const HeldEvents held = m_session->heldEvents();
    QStringList lines { m_session->recordingProblem() };
    QString waiting = tr("%n event(s) waiting in memory to be stored.", nullptr, int(held.waiting));
    if (held.droppedEvents > 0)
        waiting += u' '
            + tr("%n event(s) could not be kept and will be missing from the database.", nullptr,
                 int(held.droppedEvents));
    if (held.droppedSnapshots > 0)
        waiting += u' '
            + tr("%n event(s) are kept without their snapshot.", nullptr,
                 int(held.droppedSnapshots));
    lines.append(waiting);
    m_recordingBar->setText(lines.join(u'\n'));
}

void MainWindow::updateTitle()
{
    const int waiting = m_session->alerts()->unacknowledgedCount();
    QString title = tr("GateWatch");
    if (m_session->isDemo())
        title += tr(" — demo");
    if (waiting > 0)
        title = tr("(%n alert(s)) ", nullptr, waiting) + title;
    if (!m_session->isRecording())
        title = tr("RECORDING STOPPED — ") + title;
    setWindowTitle(title);
    m_alertsLabel->setText(waiting > 0 ? tr("%n unacknowledged alert(s)", nullptr, waiting)
                                       : tr("No unacknowledged alerts"));
    if (m_tray)
        m_tray->setToolTip(title);
}

void MainWindow::updateDeviceSummary()
{
    const DeviceModel *devices = m_session->devices();
    int online = 0;
    for (int row = 0; row < devices->rowCount(); ++row) {
        if (devices->index(row, 0).data(DeviceModel::StateRole).toInt()
            == int(ConnectionState::Online))
            ++online;
    }
    m_devicesLabel->setText(
        tr("%1 of %n device(s) online", nullptr, devices->rowCount()).arg(online));
}

void MainWindow::updateDevicesEmptyState()
{
    // Devices given on the command line or simulated by --demo count too: only a station with
    // nothing to watch offers to add the first one.
    const bool empty = m_session->devices()->rowCount() == 0 && m_session->deviceManager();
    QWidget *page = empty ? m_devicesEmpty : static_cast<QWidget *>(m_deviceTable);
    const bool hadFocus = m_devicesStack->currentWidget()->hasFocus()
        || m_devicesStack->currentWidget()->isAncestorOf(QApplication::focusWidget());
    m_devicesStack->setCurrentWidget(page);
    m_devicesStack->setFocusProxy(page);
    if (hadFocus)
        page->setFocus();
}

void MainWindow::updateWelcome()
{
    // Devices from the command line or --demo count, and so does any recognition shown: a
    // station whose devices were all removed still shows what it recorded.
    const bool welcome = m_session->deviceManager() && m_session->devices()->rowCount() == 0
        && m_session->recognitions()->rowCount() == 0;
    QWidget *page = welcome ? static_cast<QWidget *>(m_welcome) : m_splitter;
    if (m_liveStack->currentWidget() == page && m_liveStack->focusProxy())
        return;
    const bool hadFocus = m_liveStack->isAncestorOf(QApplication::focusWidget());
    m_liveStack->setCurrentWidget(page);
    m_liveStack->setFocusProxy(welcome ? static_cast<QWidget *>(m_welcome) : m_gallery);
    if (hadFocus)
        m_liveStack->setFocus();
}

void MainWindow::createLanguageMenu(QMenu *parent)
{
    m_languageAtStart = Language::chosen(*m_settings);
    m_languageMenu = parent->addMenu(tr("&Language"));
    m_languageMenu->setObjectName(u"languageMenu"_s);
    auto *group = new QActionGroup(m_languageMenu);
    const auto add = [this, group](const QString &text, const QString &name) {
        QAction *action = m_languageMenu->addAction(text);
        action->setCheckable(true);
        action->setData(name);
        action->setChecked(name == m_languageAtStart);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, name] { chooseLanguage(name); });
    };
    add(tr("&System language"), QString());
    m_languageMenu->addSeparator();
    // Each language by its own name: readable whichever language the window is in.
    for (const QString &name : Language::available())
        add(Language::nativeName(name), name);
}

void MainWindow::chooseLanguage(const QString &name)
{
    Language::setChosen(*m_settings, name);
    if (name == m_languageAtStart)
        return;
    const QString language
        = name.isEmpty() ? tr("the system's language") : Language::nativeName(name);
    QMessageBox box(QMessageBox::Question, tr("Language"),
                    tr("GateWatch will be in %1 from its next start. Restart now?\n\n"
                       "Recording stops for the few seconds of the restart; nothing received "
                       "is lost.")
                        .arg(language),
                    QMessageBox::NoButton, this);
    QPushButton *restart = box.addButton(tr("&Restart now"), QMessageBox::AcceptRole);
    box.addButton(tr("&Later"), QMessageBox::RejectRole);
    box.setDefaultButton(restart);
    box.exec();
    if (box.clickedButton() == restart)
        emit restartRequested({});
}

void MainWindow::showAbout()
{
    AboutDialog about(m_session->databasePath(), m_settings->fileName(), this);
    about.exec();
}

DeviceSettingsDialog *MainWindow::showDeviceSettings()
{
    DeviceManager *manager = m_session->deviceManager();
    if (!manager)
        return nullptr;
    if (!m_deviceSettings) {
        m_deviceSettings = new DeviceSettingsDialog(manager, this);
        m_deviceSettings->setAttribute(Qt::WA_DeleteOnClose);
        m_deviceSettings->setCredentialStoreExplanation(m_credentialExplanation);
        connect(m_deviceSettings, &DeviceSettingsDialog::credentialFileChosen, this,
                [this](const QString &path) {
                    // Kept for the next start, where CredentialStores chooses the store.
                    CredentialStores::setConfiguredFile(*m_settings, path);
                    m_settings->sync();
                    m_credentialExplanation.clear();
                });
    }
    m_deviceSettings->show();
    m_deviceSettings->raise();
    m_deviceSettings->activateWindow();
    return m_deviceSettings;
}

void MainWindow::setCredentialStoreExplanation(const QString &text)
{
    m_credentialExplanation = text;
    if (m_deviceSettings)
        m_deviceSettings->setCredentialStoreExplanation(text);
}

void MainWindow::onAlertRaised()
{
    ++m_alertsToNotify;
    if (!m_notifyTimer.isActive())
        m_notifyTimer.start();
}

void MainWindow::notifyAlerts()
{
    const int count = m_alertsToNotify;
    m_alertsToNotify = 0;
    if (count == 0)
        return;
    const AlertModel *alerts = m_session->alerts();
    const int newest = alerts->newestUnacknowledgedRow();
    const QString text = newest < 0
        ? tr("%n new alert(s)", nullptr, count)
        : AlertModel::summary(alerts->eventAt(newest),
                              AlertRules::Reasons::fromInt(
                                  alerts->index(newest).data(AlertModel::ReasonsRole).toInt()))
            + (count > 1 ? u"\n"_s + tr("and %n more", nullptr, count - 1) : QString());
    if (m_tray)
        m_tray->showMessage(tr("GateWatch alert"), text, QSystemTrayIcon::Warning, 10'000);
    else
        QApplication::alert(this);
}

void MainWindow::showCurrentDetails()
{
    QModelIndex index;
    if (m_table->hasFocus())
        index = m_table->currentIndex();
    else if (m_alertList->hasFocus() && m_alertList->currentIndex().isValid()) {
        showDetails(m_session->alerts()->eventAt(m_alertList->currentIndex().row()));
        return;
    } else
        index = m_gallery->currentIndex();
    if (index.isValid())
        showDetails(index.data(RecognitionRoles::EventRole).value<RecognitionEvent>());
}

void MainWindow::showDetails(const RecognitionEvent &event)
{
    auto *dialog = new EventDetailDialog(event, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (const auto device = m_session->deviceFor(event))
        dialog->setDevice(*device);
    dialog->setDatabasePath(m_session->databasePath());
    dialog->setDoorControl(m_doors);
    dialog->show();
}

HistoryWindow *MainWindow::showHistory()
{
    if (!m_history) {
        m_history = new HistoryWindow(m_session, m_settings, this);
        m_history->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_history, &HistoryWindow::detailsRequested, this, &MainWindow::showDetails);
        connect(m_history, &HistoryWindow::menuRequested, this, &MainWindow::popupEventMenu);
    }
    m_history->show();
    m_history->raise();
    m_history->activateWindow();
    return m_history;
}

QString MainWindow::doorUnavailableReason(const RecognitionEvent &event) const
{
    return m_doors->unavailableReason(event, m_session->deviceFor(event));
}

void MainWindow::openDoor(const RecognitionEvent &event)
{
    const std::optional<DeviceConfig> device = m_session->deviceFor(event);
    const QString why = m_doors->unavailableReason(event, device);
    if (!why.isEmpty()) {
        statusBar()->showMessage(tr("The door cannot be opened from here: %1").arg(why), 15'000);
        return;
    }
    const QPointer<MainWindow> alive(this);
    if (!DoorAction::confirm(this, event, *device, m_doors->operatorName()) || !alive)
        return;
    m_doors->open(event, *device);
}

QMenu *MainWindow::eventMenu(const RecognitionEvent &event)
{
    auto *menu = new QMenu(this);
    menu->setObjectName(u"eventMenu"_s);
    // The disabled door action says why in its tooltip.
    menu->setToolTipsVisible(true);
    const QPalette pal = palette();
    QAction *details = menu->addAction(Icons::icon(u"details"_s, pal), tr("Show &details"), this,
                                       [this, event] { showDetails(event); });
    details->setObjectName(u"showDetailsAction"_s);
    QAction *door = menu->addAction(Icons::icon(u"door"_s, pal), tr("&Open door…"), this,
                                    [this, event] { openDoor(event); });
    door->setObjectName(u"openDoorAction"_s);
    const QString why = doorUnavailableReason(event);
    door->setEnabled(why.isEmpty());
    const auto device = m_session->deviceFor(event);
    door->setToolTip(why.isEmpty() ? DoorAction::toolTip(device->name)
                                   : tr("The door cannot be opened from here: %1").arg(why));
    return menu;
}

void MainWindow::popupEventMenu(const RecognitionEvent &event, const QPoint &globalPos)
{
    QMenu *menu = eventMenu(event);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(globalPos);
}

void MainWindow::acknowledgeAlert(int alertRow)
{
    AlertModel *alerts = m_session->alerts();
    if (alertRow < 0 || alertRow >= alerts->rowCount() || alerts->acknowledgementAt(alertRow))
        return;
    const QString what = alerts->index(alertRow).data().toString().section(u'\n', 0, 0);
    const QString key = alerts->index(alertRow).data(AlertModel::DedupKeyRole).toString();
    AcknowledgeDialog dialog(what, m_session->operatorName(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    // Rows may have moved while the dialog was open: find the alert again by its key.
    for (int row = 0; row < alerts->rowCount(); ++row) {
        if (alerts->index(row).data(AlertModel::DedupKeyRole).toString() == key) {
            alerts->acknowledge(row, m_session->operatorName(), dialog.note());
            break;
        }
    }
}

void MainWindow::acknowledgeAllAlerts()
{
    AlertModel *alerts = m_session->alerts();
    const int count = alerts->unacknowledgedCount();
    if (count == 0)
        return;
    AcknowledgeDialog dialog(tr("%n unacknowledged alert(s)", nullptr, count),
                             m_session->operatorName(), this);
    if (dialog.exec() == QDialog::Accepted)
        alerts->acknowledgeAll(m_session->operatorName(), dialog.note());
}

void MainWindow::editOperatorName()
{
    bool ok = false;
    const QString name = QInputDialog::getText(
        this, tr("Acknowledge under the name"),
        tr("The name stored with your acknowledgements (for example your own name on a shared "
           "station):"),
        QLineEdit::Normal, m_session->operatorName(), &ok);
    if (!ok || name.trimmed().isEmpty())
        return;
    m_session->setOperatorName(name);
    m_settings->setValue(OperatorNameKey, m_session->operatorName());
    updateOperatorLabel();
}

void MainWindow::updateOperatorLabel()
{
    m_operatorLabel->setText(tr("On duty: %1").arg(m_session->operatorName()));
}

void MainWindow::editAlertRules()
{
    AlertRulesDialog dialog(m_session->alerts()->enabledReasons(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_session->setAlertReasons(dialog.reasons());
    m_settings->setValue(AlertReasonsKey, int(dialog.reasons().toInt()));
}

void MainWindow::saveLayout()
{
    m_settings->setValue(u"window/layoutVersion"_s, LayoutVersion);
    m_settings->setValue(GeometryKey, saveGeometry());
    m_settings->setValue(StateKey, saveState(LayoutVersion));
    m_settings->setValue(SplitterKey, m_splitter->saveState());
    m_settings->setValue(ColumnsKey, m_table->saveColumnState());
    m_settings->setValue(TileSizeKey, tileSize());
    m_settings->sync();
}

void MainWindow::restoreLayout()
{
    if (!restoreGeometry(m_settings->value(GeometryKey).toByteArray()))
        resize(1440, 900);
    restoreState(m_settings->value(StateKey).toByteArray(), LayoutVersion);
    m_splitter->restoreState(m_settings->value(SplitterKey).toByteArray());
    m_table->restoreColumnState(m_settings->value(ColumnsKey).toByteArray());
    setTileSize(m_settings->value(TileSizeKey, GalleryDelegate::DefaultTileSize).toInt());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}
