#pragma once

#include "device/deviceconfig.h"
#include "event/recognitionevent.h"
#include "event/snapshot.h"

#include <QDialog>
#include <QList>
#include <QPointer>
#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

class DoorControl;
class EnrolledPhotoFetcher;
class QThread;
class ImageView;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QShowEvent;
class QTableWidget;
class QTabWidget;
struct DoorOpening;

// Everything about one recognition, for the guard who double-clicked it: the live snapshot at
// full size, the enrolled photo fetched from the device beside it, a pass/deny headline, every
// field with its label, the raw frame, and the door: what was done about it, and a button to
// open it.
//
// The work starts when the dialog is first shown, so the setters must come before show().
// Nothing heavy runs on the GUI thread: the snapshot (from the event, or loaded from the store)
// and the enrolled photo are decoded, and the raw frame indented, on worker threads. Closing the
// dialog stops the enrolled-photo request; destroying it drops every result still on its way.
class EventDetailDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit EventDetailDialog(RecognitionEvent event, QWidget *parent = nullptr);
    ~EventDetailDialog() override;

    // The device that reported the event. With credentials (and an event naming a user) the
    // dialog logs in with them and fetches the user's enrolled photo, trusting the device's
    // certificate exactly as the event connection does.
    void setDevice(const DeviceConfig &config);
    // The event store. When the event carries no snapshot bytes (a view that keeps only
    // thumbnails), the snapshot is loaded from there by the event's deduplication key.
    void setDatabasePath(const QString &path);
    // What a snapshot or enrolled photo may cost to decode; the project's defaults otherwise.
    void setSnapshotLimits(const SnapshotLimits &limits);
    // Offers "Open door…" for the event's device through `doors`, after a confirmation; the
    // button is enabled only when setDevice() gave a device with credentials, and its tooltip
    // says why not otherwise. The door line shows the event's door log: read from the store
    // (setDatabasePath()) at the first show, then each request as it starts and ends, whoever
    // asked for it.
    void setDoorControl(DoorControl *doors);

    // Not "event": that name would hide the virtual QObject::event(QEvent *).
    const RecognitionEvent &recognitionEvent() const { return m_event; }

    // What the dialog shows, for tests and for anything that drives the dialog.
    QString headlineText() const;
    QStringList fieldLabels() const;
    // The value shown for a field label; an empty string when there is no such field.
    QString fieldText(const QString &label) const;
    // The text "Copy details" puts on the clipboard.
    QString detailsText() const;

    bool snapshotShown() const;
    // The decoded picture's size; invalid while none is shown.
    QSize snapshotImageSize() const;
    // The text shown in place of the snapshot (loading, none, or why it cannot be shown).
    QString snapshotStatus() const;

    // Whether the dialog tried to fetch the enrolled photo at all.
    bool enrolledPhotoRequested() const { return m_photoRequested; }
    bool enrolledPhotoShown() const;
    QSize enrolledPhotoSize() const;
    QString enrolledPhotoStatus() const;

    bool rawFrameFormatted() const { return m_rawFrameFormatted; }
    QString rawFrameText() const;

    // "Open door…"; hidden without setDoorControl().
    QPushButton *openDoorButton() const { return m_openDoor; }
    // The door line: the event's latest door log entry in words; empty when there is none.
    QString doorStatus() const;

public slots:
    void copyDetails() const;
    // Asks for confirmation, then asks the device to open its door. Does nothing while the
    // button is disabled.
    void openDoor();
    // Also stops an enrolled-photo request still under way.
    void done(int result) override;

signals:
    // Once per dialog, after the first show: the snapshot is on screen (true) or its
    // placeholder says why not (false).
    void snapshotFinished(bool shown);
    // When a fetch of the enrolled photo that was started ends: shown (true) or failed.
    void enrolledPhotoFinished(bool ok);
    // The raw frame is indented and in the "Raw frame" tab; unknown fields are listed.
    void rawFrameReady();
    // Once per dialog, after the first show with a database: the door log stored for the event
    // has been read (and is on the door line unless a request of this session already is).
    void doorLogLoaded();

protected:
    void showEvent(QShowEvent *event) override;

private:
    enum class PhotoState { Idle, NotApplicable, Fetching, Shown, Failed, Cancelled };

    void buildUi();
    void buildHeadline(QLabel *icon, QLabel *text, QLabel *reasons);
    void fillFields();
    void addField(const QString &label, const QString &value, const QString &toolTip = {});
    void setField(const QString &label, const QString &value);
    void refreshTable();

    void startSnapshot();
    void startRawFrame();
    void startEnrolledPhoto();
    void finishEnrolledPhoto(bool ok, const QString &status);
    void cancelEnrolledPhoto();

    void startDoorLog();
    void showDoorEntry(const DoorOpening &entry, bool underWay);
    void updateDoorButton();

    QString personText() const;
    QString deviceText() const;

    RecognitionEvent m_event;
    std::optional<DeviceConfig> m_device;
    QString m_databasePath;
    SnapshotLimits m_limits;

    // Label and value of each field, in display order; the table shows exactly these.
    struct Field final
    {
        QString label;
        QString value;
        QString toolTip;
    };
    QList<Field> m_fields;

    bool m_started = false;
    bool m_rawFrameFormatted = false;
    PhotoState m_photoState = PhotoState::Idle;
    bool m_photoRequested = false;
    QThread *m_photoThread = nullptr; // started with the first fetch
    EnrolledPhotoFetcher *m_fetcher = nullptr; // lives on m_photoThread
    quint64 m_photoGeneration = 0; // results of older fetches are ignored
    QPointer<DoorControl> m_doors;
    // A request seen live is newer than anything the store's door log can hold.
    bool m_doorSeenLive = false;

    QLabel *m_headline = nullptr;
    QLabel *m_reasons = nullptr;
    ImageView *m_snapshotView = nullptr;
    ImageView *m_photoView = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableWidget *m_table = nullptr;
    QPlainTextEdit *m_rawFrame = nullptr;
    QLabel *m_doorLine = nullptr;
    QPushButton *m_openDoor = nullptr;
};
