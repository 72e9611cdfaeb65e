#pragma once

#include "session/historyfilterspec.h"
#include "store/retentionpolicy.h"

#include <QWidget>

class ExportDialog;
class HistoryModel;
class MonitorSession;
class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QMenu;
class QPushButton;
class QSettings;
class QTableView;
class QTimer;
class QToolButton;
struct RecognitionEvent;

// The History window: the stored recognitions under a filter, for a supervisor's questions
// ("who came through door 3 last night?"). Every filter combines with the others and applies
// as it is changed (typing waits for a pause), without freezing the window: the rows, their
// count and their faces are read by HistoryModel off the GUI thread. A click on a header sorts
// by that column. Enter or a double-click opens the same detail view as the dashboard.
//
// Named filters are saved (QSettings "history/savedFilters"), and the last one used comes back
// at the next start ("history/lastFilter"). The retention policy is shown and can be changed
// here; the session applies it at once.
class HistoryWindow final : public QWidget
{
    Q_OBJECT

public:
    HistoryWindow(MonitorSession *session, QSettings *settings, QWidget *parent = nullptr);
    ~HistoryWindow() override;

    HistoryModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    HistoryFilterSpec filterSpec() const { return m_spec; }
    // Shows the filter in the controls and applies it.
    void setFilterSpec(const HistoryFilterSpec &spec);
    // The names of the saved filters, sorted.
    QStringList savedFilterNames() const;
    void saveFilter(const QString &name);
    bool applySavedFilter(const QString &name);
    void deleteSavedFilter(const QString &name);
    // What the count line says ("1,234 recognitions", "Counting…").
    QString countText() const;
    QString retentionText() const;
    // Export… (Ctrl+Shift+E): the export dialog for the current filter, opened window-modal.
    ExportDialog *openExportDialog();

signals:
    void detailsRequested(const RecognitionEvent &event);
    // Right-click on a row (the caller shows the event's menu there).
    void menuRequested(const RecognitionEvent &event, const QPoint &globalPosition);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildUi();
    void readControls();
    void writeControls();
    void applyFilter();
    void updateCount();
    void updateRetention();
    void fillDeviceMenu(const QList<std::pair<QString, QString>> &devices);
    void onDeviceToggled();
    void fillStatusMenu();
    void updateMenuButtons();
    void refreshSavedFilters();
    void openCurrent();
    void editRetention();

    MonitorSession *m_session;
    QSettings *m_settings;
    HistoryModel *m_model;
    HistoryFilterSpec m_spec;
    bool m_writingControls = false;

    QComboBox *m_period = nullptr;
    QDateTimeEdit *m_from = nullptr;
    QDateTimeEdit *m_to = nullptr;
    QToolButton *m_devices = nullptr;
    QMenu *m_deviceMenu = nullptr;
    QLineEdit *m_person = nullptr;
    QToolButton *m_statuses = nullptr;
    QMenu *m_statusMenu = nullptr;
    QComboBox *m_verdict = nullptr;
    QComboBox *m_mask = nullptr;
    QDoubleSpinBox *m_minScore = nullptr;
    QCheckBox *m_alertsOnly = nullptr;
    QCheckBox *m_unacknowledgedOnly = nullptr;
    QComboBox *m_saved = nullptr;
    QPushButton *m_saveFilter = nullptr;
    QPushButton *m_deleteFilter = nullptr;
    QPushButton *m_reset = nullptr;
    QLabel *m_count = nullptr;
    QLabel *m_retention = nullptr;
    QTableView *m_table = nullptr;
    QTimer *m_typingTimer = nullptr;
};
