#pragma once

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

#include <optional>

class AlertBanner;
class AlertListDelegate;
class DeviceSettingsDialog;
class DoorControl;
class GalleryDelegate;
class MonitorSession;
class QAction;
class QDockWidget;
class QLabel;
class QListView;
class QMenu;
class QSettings;
class HistoryWindow;
class QSlider;
class QSortFilterProxyModel;
class QSplitter;
class QStackedWidget;
class QSystemTrayIcon;
class QTableView;
class RecognitionTable;
class WelcomePage;
struct RecognitionEvent;

// The guard's dashboard: the recording-stopped bar (when the database cannot be written), the
// alert banner, the live gallery and the recognition table (two
// views on the session's RecognitionModel), the alert list and the device panel as docks.
// Everything is reachable from the keyboard; the layout (geometry, docks, splitter, columns,
// tile size) is kept in `settings` and restored on the next start.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(MonitorSession *session, QSettings *settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    QListView *gallery() const { return m_gallery; }
    RecognitionTable *table() const { return m_table; }
    QListView *alertList() const { return m_alertList; }
    QTableView *deviceTable() const { return m_deviceTable; }
    // What the devices dock shows while no device is there: the way to add the first one.
    QWidget *devicesEmptyState() const { return m_devicesEmpty; }
    // What the dashboard shows instead of the gallery and the table while the station watches
    // no device and has recorded nothing: how to add the first terminal or try the demo.
    WelcomePage *welcomePage() const { return m_welcome; }
    // View ▸ Language: the language chosen for the next start ("" for the system's).
    QMenu *languageMenu() const { return m_languageMenu; }
    QAction *manageDevicesAction() const { return m_manageDevices; }
    QAction *addDeviceAction() const { return m_addDevice; }
    QAction *findDevicesAction() const { return m_findDevices; }
    AlertBanner *banner() const { return m_banner; }
    QAction *pauseAction() const { return m_pause; }
    QLabel *pausedBar() const { return m_pausedBar; }
    // Shown, above everything else, while recording is stopped (the database cannot be
    // written): why, what to do, and how many events wait in memory.
    QLabel *recordingStoppedBar() const { return m_recordingBar; }
    GalleryDelegate *galleryDelegate() const { return m_galleryDelegate; }
    DoorControl *doorControl() const { return m_doors; }
    int tileSize() const;

    void setTileSize(int size);
    // Devices ▸ Manage devices…: opens the device settings (or brings them to the front);
    // null when the session manages no devices of its own.
    DeviceSettingsDialog *showDeviceSettings();
    // View ▸ History…: opens the History window (or brings it to the front).
    HistoryWindow *showHistory();
    QAction *historyAction() const { return m_historyAction; }
    // The credential store in use and why, in words, for the device settings.
    void setCredentialStoreExplanation(const QString &text);
    // Opens the detail view of `event` (non-modal; several may be open).
    void showDetails(const RecognitionEvent &event);
    // Asks for confirmation, then asks the device that sent `event` to open its door. When it
    // cannot (the device is not known here or has no credentials), the status bar says why.
    void openDoor(const RecognitionEvent &event);
    // The menu of a tile, a table row or an alert: show the details, open the door (disabled,
    // with the reason as its tooltip, when it cannot be opened). The caller shows and owns it.
    QMenu *eventMenu(const RecognitionEvent &event);
    // Asks for a note and acknowledges the alert in that row of the alert list.
    void acknowledgeAlert(int alertRow);
    void acknowledgeAllAlerts();

    void saveLayout();
    void restoreLayout();

signals:
    // The user asked for GateWatch to start again (another language, or the demo): the caller
    // closes this window, ends the session and starts the program again with its arguments
    // and `extraArguments`.
    void restartRequested(const QStringList &extraArguments);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createViews();
    void createActions();
    void createStatusBar();
    void createTray();
    void onAlertRaised();
    void notifyAlerts();
    void updatePaused();
    // Fits the device table's columns, but the last, to their contents.
    void fitDeviceColumns();
    void updateRecording();
    void onRecordingChanged(bool recording, const QString &message);
    void updateTitle();
    void updateDeviceSummary();
    void updateDevicesEmptyState();
    void updateWelcome();
    void createLanguageMenu(QMenu *parent);
    void chooseLanguage(const QString &name);
    void showAbout();
    void showCurrentDetails();
    void popupEventMenu(const RecognitionEvent &event, const QPoint &globalPos);
    QString doorUnavailableReason(const RecognitionEvent &event) const;
    void editAlertRules();
    void editOperatorName();
    void updateOperatorLabel();
    void applyIcons();

    MonitorSession *m_session = nullptr;
    QSettings *m_settings = nullptr;
    DoorControl *m_doors = nullptr;

    AlertBanner *m_banner = nullptr;
    QLabel *m_pausedBar = nullptr;
    QLabel *m_recordingBar = nullptr;
    QSplitter *m_splitter = nullptr;
    QStackedWidget *m_liveStack = nullptr;
    WelcomePage *m_welcome = nullptr;
    QMenu *m_languageMenu = nullptr;
    QString m_languageAtStart;
    QListView *m_gallery = nullptr;
    GalleryDelegate *m_galleryDelegate = nullptr;
    RecognitionTable *m_table = nullptr;
    QSortFilterProxyModel *m_tableProxy = nullptr;
    QDockWidget *m_alertsDock = nullptr;
    QListView *m_alertList = nullptr;
    AlertListDelegate *m_alertDelegate = nullptr;
    QDockWidget *m_devicesDock = nullptr;
    QStackedWidget *m_devicesStack = nullptr;
    QTableView *m_deviceTable = nullptr;
    QWidget *m_devicesEmpty = nullptr;
    QPointer<DeviceSettingsDialog> m_deviceSettings;
    QPointer<HistoryWindow> m_history;
    QAction *m_historyAction = nullptr;
    QString m_credentialExplanation;
    QSlider *m_tileSlider = nullptr;
    QLabel *m_liveLabel = nullptr;
    QLabel *m_devicesLabel = nullptr;
    QLabel *m_alertsLabel = nullptr;
    QLabel *m_operatorLabel = nullptr;

    QAction *m_pause = nullptr;
    std::optional<bool> m_pauseShown; // the state the pause action shows
    QAction *m_acknowledge = nullptr;
    QAction *m_acknowledgeAll = nullptr;
    QAction *m_details = nullptr;
    QAction *m_zoomIn = nullptr;
    QAction *m_zoomOut = nullptr;
    QAction *m_zoomReset = nullptr;
    QAction *m_alertRules = nullptr;
    QAction *m_columns = nullptr;
    QAction *m_manageDevices = nullptr;
    QAction *m_addDevice = nullptr;
    QAction *m_findDevices = nullptr;

    QSystemTrayIcon *m_tray = nullptr;
    // Alerts raised since the last tray message: a burst becomes one message.
    int m_alertsToNotify = 0;
    QTimer m_notifyTimer;
    QTimer m_tileResizeTimer;
    QTimer m_deviceColumnsTimer;
};
