#include "eventdetaildialog.h"

#include "device/devicerestclient.h"
#include "dooraction.h"
#include "enrolledphotofetcher.h"
#include "event/alertrules.h"
#include "event/eventlabels.h"
#include "icons.h"
#include "imageview.h"
#include "session/doorcontrol.h"
#include "store/eventreader.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFrame>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableWidget>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

using namespace Qt::StringLiterals;

namespace {

// Larger than any screen the dialog is shown on: a bigger picture would only be scaled down
// again on screen, after costing its full size in memory.
constexpr QSize maxDecodedSize(4096, 4096);

// Unknown fields can hold anything; the table shows their start, the raw frame all of it.
constexpr qsizetype maxUnknownValueLength = 300;

struct DecodedPicture final
{
    QImage image;
    QSize size; // as the JPEG header says, whatever size it was decoded at
    qsizetype bytes = 0;
    QString error;
    bool none = false; // there was no picture at all, which is not an error
};

DecodedPicture decodeJpeg(const QByteArray &jpeg, const SnapshotLimits &limits)
{
    DecodedPicture result;
    result.bytes = jpeg.size();
    result.size = Snapshot::inspectJpeg(jpeg, limits).size;
    result.image = Snapshot::decodeScaled(jpeg, maxDecodedSize, limits, &result.error);
    return result;
}

// Worker thread: the event's own bytes, else the stored ones.
DecodedPicture loadSnapshot(const QByteArray &jpeg, const QString &databasePath,
                            const QString &dedupKey, const SnapshotLimits &limits)
{
    if (!jpeg.isEmpty())
        return decodeJpeg(jpeg, limits);

    DecodedPicture result;
    EventReader reader; // its connection belongs to this thread and closes with it
    QString error;
    std::optional<QByteArray> stored;
    if (reader.open(databasePath, &error))
        stored = reader.snapshotFor(dedupKey, &error);
    if (!stored) {
        result.error
            = EventDetailDialog::tr("it could not be loaded from the store: %1").arg(error);
        return result;
    }
    if (stored->isEmpty()) {
        result.none = true;
        return result;
    }
    return decodeJpeg(*stored, limits);
}

struct DoorLog final
{
    QList<DoorOpening> entries; // oldest first
    QString error;
};

// Worker thread: the event's door log, as the store holds it.
DoorLog readDoorLog(const QString &databasePath, const QString &dedupKey)
{
    DoorLog result;
    EventReader reader; // its connection belongs to this thread and closes with it
    std::optional<QList<DoorOpening>> entries;
    if (reader.open(databasePath, &result.error))
        entries = reader.doorOpeningsFor(dedupKey, &result.error);
    if (entries)
        result.entries = *entries;
    return result;
}

struct FormattedFrame final
{
    QString text;
    QList<QPair<QString, QString>> unknownFields; // label, value
};

QString jsonValueText(const QJsonValue &value)
{
    QString text;
    if (value.isString()) {
        text = value.toString();
    } else {
        // Wrapped in an array because QJsonDocument only serialises arrays and objects.
        const QByteArray json = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
        text = QString::fromUtf8(json.mid(1, json.size() - 2));
    }
    if (text.size() > maxUnknownValueLength)
        text = text.left(maxUnknownValueLength) + u'…';
    return text;
}

// Worker thread: indenting a frame means parsing it, which the GUI thread must not do.
FormattedFrame formatFrame(const QByteArray &rawFrame, const QJsonObject &unknownFields,
                           const QJsonObject &userUnknownFields)
{
    FormattedFrame result;
    if (rawFrame.isEmpty()) {
        result.text = EventDetailDialog::tr("The raw frame was not kept for this event.");
    } else {
        const QJsonDocument document = QJsonDocument::fromJson(rawFrame);
        // Not JSON (it should always be): shown as it was received rather than not at all.
        result.text = QString::fromUtf8(
            document.isNull() ? rawFrame : document.toJson(QJsonDocument::Indented));
    }
    for (auto it = unknownFields.constBegin(); it != unknownFields.constEnd(); ++it)
        result.unknownFields.append({ EventDetailDialog::tr("%1 (not understood)").arg(it.key()),
                                      jsonValueText(it.value()) });
    for (auto it = userUnknownFields.constBegin(); it != userUnknownFields.constEnd(); ++it)
        result.unknownFields.append(
            { EventDetailDialog::tr("user.%1 (not understood)").arg(it.key()),
              jsonValueText(it.value()) });
    return result;
}

QString formatScore(double score)
{
    return QLocale().toString(score, 'g', 4);
}

QString sizeText(QSize size, qsizetype bytes)
{
    QString data = QLocale().formattedDataSize(bytes);
    if (!size.isValid())
        return data;
    return EventDetailDialog::tr("%1 × %2 pixels, %3")
        .arg(size.width())
        .arg(size.height())
        .arg(data);
}

} // namespace

EventDetailDialog::EventDetailDialog(RecognitionEvent event, QWidget *parent)
    : QDialog(parent)
    , m_event(std::move(event))
{
    setWindowTitle(tr("Recognition — %1 at %2").arg(personText(), deviceText()));
    buildUi();
    fillFields();
    refreshTable();
}

EventDetailDialog::~EventDetailDialog()
{
    // The fetcher goes with its thread: deleted there (aborting its requests) before the
    // thread ends. Decoding results still on their way are dropped with their watchers.
    cancelEnrolledPhoto();
    if (m_photoThread) {
        m_photoThread->quit();
        m_photoThread->wait();
    }
}

void EventDetailDialog::setDevice(const DeviceConfig &config)
{
    m_device = config;
    updateDoorButton();
}

void EventDetailDialog::setDatabasePath(const QString &path)
{
    m_databasePath = path;
}

void EventDetailDialog::setSnapshotLimits(const SnapshotLimits &limits)
{
    m_limits = limits;
}

void EventDetailDialog::setDoorControl(DoorControl *doors)
{
    if (m_doors)
        disconnect(m_doors, nullptr, this, nullptr);
    m_doors = doors;
    if (doors) {
        const QString key = m_event.deduplicationKey();
        connect(doors, &DoorControl::started, this, [this, key](const DoorOpening &request) {
            if (request.dedupKey == key)
                showDoorEntry(request, true);
        });
        connect(doors, &DoorControl::finished, this, [this, key](const DoorOpening &outcome) {
            if (outcome.dedupKey == key)
                showDoorEntry(outcome, false);
        });
    }
    updateDoorButton();
}

QString EventDetailDialog::personText() const
{
    if (m_event.user && !m_event.user->name.isEmpty())
        return m_event.user->name;
    if (m_event.user && !m_event.user->userId.isEmpty())
        return tr("User %1").arg(m_event.user->userId);
    return tr("Stranger");
}

QString EventDetailDialog::deviceText() const
{
    if (!m_event.deviceName.isEmpty())
        return m_event.deviceName;
    if (!m_event.deviceSn.isEmpty())
        return m_event.deviceSn;
    return tr("an unknown device");
}

void EventDetailDialog::buildUi()
{
    // Headline: the verdict in words and with an icon, so that it never depends on colour.
    auto *headlineFrame = new QFrame(this);
    headlineFrame->setFrameShape(QFrame::StyledPanel);
    auto *icon = new QLabel(headlineFrame);
    m_headline = new QLabel(headlineFrame);
    m_reasons = new QLabel(headlineFrame);
    m_headline->setTextFormat(Qt::PlainText);
    m_reasons->setTextFormat(Qt::PlainText);
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont headlineFont = m_headline->font();
    headlineFont.setBold(true);
    headlineFont.setPointSizeF(headlineFont.pointSizeF() * 1.4);
    m_headline->setFont(headlineFont);
    buildHeadline(icon, m_headline, m_reasons);
    auto *headlineText = new QVBoxLayout;
    headlineText->addWidget(m_headline);
    headlineText->addWidget(m_reasons);
    auto *headlineLayout = new QHBoxLayout(headlineFrame);
    headlineLayout->addWidget(icon);
    headlineLayout->addLayout(headlineText, 1);

    m_snapshotView = new ImageView(this);
    m_snapshotView->setAccessibleName(tr("Live snapshot"));
    auto *snapshotBox = new QGroupBox(tr("Live snapshot"), this);
    (new QVBoxLayout(snapshotBox))->addWidget(m_snapshotView);

    m_photoView = new ImageView(this);
    m_photoView->setAccessibleName(tr("Enrolled photo"));
    m_photoView->setPlaceholderText(tr("No enrolled photo"));
    auto *photoBox = new QGroupBox(tr("Enrolled photo"), this);
    (new QVBoxLayout(photoBox))->addWidget(m_photoView);

    m_table = new QTableWidget(0, 2, this);
    m_table->setAccessibleName(tr("Event fields"));
    m_table->setHorizontalHeaderLabels({ tr("Field"), tr("Value") });
    m_table->verticalHeader()->hide();
    // Rows follow their wrapped text whenever the value column changes width.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(true);
    // Tab leaves the table instead of walking its cells: arrows do that.
    m_table->setTabKeyNavigation(false);

    m_rawFrame = new QPlainTextEdit(this);
    m_rawFrame->setAccessibleName(tr("Raw frame"));
    m_rawFrame->setReadOnly(true);
    m_rawFrame->setTabChangesFocus(true);
    m_rawFrame->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_rawFrame->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_rawFrame->setPlaceholderText(tr("Formatting the raw frame…"));
    // Read-only text is still selectable, and copyable, from the keyboard.
    m_rawFrame->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(m_table, tr("&Fields"));
    m_tabs->addTab(m_rawFrame, tr("&Raw frame"));

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(snapshotBox);
    splitter->addWidget(photoBox);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setStretchFactor(2, 4);

    m_doorLine = new QLabel(this);
    m_doorLine->setObjectName(u"doorLine"_s);
    m_doorLine->setAccessibleName(tr("Door"));
    m_doorLine->setTextFormat(Qt::PlainText);
    m_doorLine->setWordWrap(true);
    m_doorLine->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_doorLine->hide();

    // The door's line and its button together, apart from the dialog's own buttons.
    m_openDoor = new QPushButton(tr("&Open door…"), this);
    m_openDoor->setObjectName(u"openDoorButton"_s);
    m_openDoor->setIcon(Icons::icon(u"door"_s, palette()));
    // Enter in the dialog must never start opening a door.
    m_openDoor->setAutoDefault(false);
    m_openDoor->hide(); // until setDoorControl()
    connect(m_openDoor, &QPushButton::clicked, this, &EventDetailDialog::openDoor);
    auto *doorRow = new QHBoxLayout;
    doorRow->addWidget(m_doorLine, 1);
    doorRow->addWidget(m_openDoor);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *copy = buttons->addButton(tr("&Copy details"), QDialogButtonBox::ActionRole);
    copy->setAutoDefault(false);
    connect(copy, &QPushButton::clicked, this, &EventDetailDialog::copyDetails);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(headlineFrame);
    layout->addWidget(splitter, 1);
    layout->addLayout(doorRow);
    layout->addWidget(buttons);

    // Reading order: pictures, then the fields, then the buttons.
    setTabOrder(m_snapshotView, m_photoView);
    setTabOrder(m_photoView, m_tabs);
    setTabOrder(m_tabs, m_table);
    setTabOrder(m_table, m_rawFrame);
    setTabOrder(m_rawFrame, m_openDoor);
    setTabOrder(m_openDoor, copy);
    setTabOrder(copy, buttons->button(QDialogButtonBox::Close));

    resize(sizeHint().expandedTo(QSize(980, 560)));
}

void EventDetailDialog::buildHeadline(QLabel *icon, QLabel *text, QLabel *reasons)
{
    QString verdict;
    QStyle::StandardPixmap pixmap = QStyle::SP_MessageBoxQuestion;
    QColor tint;
    if (!m_event.pass) {
        verdict = tr("NO PASS DECISION");
    } else if (*m_event.pass) {
        verdict = tr("PASS");
        pixmap = QStyle::SP_DialogApplyButton;
        tint = QColor(0xd4, 0xed, 0xda);
    } else {
        verdict = tr("DENIED");
        pixmap = QStyle::SP_MessageBoxCritical;
        tint = QColor(0xf8, 0xd7, 0xda);
    }
    icon->setPixmap(style()->standardIcon(pixmap).pixmap(32, 32));
    icon->setAccessibleName(verdict);
    text->setText(tr("%1 — %2").arg(verdict, personText()));

    QStringList details;
    const QString status = EventLabels::statusLabel(m_event);
    if (!status.isEmpty())
        details << status;
    const QStringList alerts = AlertRules::describe(AlertRules::reasons(m_event));
    if (!alerts.isEmpty())
        details << tr("Alert: %1").arg(alerts.join(u", "_s));
    reasons->setText(details.join(u" · "_s));
    reasons->setVisible(!details.isEmpty());

    if (tint.isValid()) {
        // A tint for a quick glance; dark text on it stays readable in any theme.
        QWidget *frame = text->parentWidget();
        QPalette palette = frame->palette();
        palette.setColor(QPalette::Window, tint);
        palette.setColor(QPalette::WindowText, Qt::black);
        frame->setPalette(palette);
        frame->setAutoFillBackground(true);
    }
}

void EventDetailDialog::addField(const QString &label, const QString &value, const QString &toolTip)
{
    m_fields.append({ label, value, toolTip });
}

void EventDetailDialog::fillFields()
{
    const RecognitionEvent &e = m_event;
    if (e.timestampMs) {
        const QDateTime local = QDateTime::fromMSecsSinceEpoch(*e.timestampMs).toLocalTime();
        // Seconds matter to a guard comparing with a camera's clock.
        addField(tr("Time"),
                 local.toString(e.timestampInMillis ? u"yyyy-MM-dd HH:mm:ss.zzz"_s
                                                    : u"yyyy-MM-dd HH:mm:ss"_s),
                 QLocale().toString(local, QLocale::LongFormat));
    } else {
        addField(tr("Time"), tr("not sent by the device"));
    }
    if (e.receivedAt.isValid())
        addField(tr("Received"), e.receivedAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s),
                 QLocale().toString(e.receivedAt.toLocalTime(), QLocale::LongFormat));
    if (!e.deviceName.isEmpty())
        addField(tr("Device"), e.deviceName);
    if (!e.deviceSn.isEmpty())
        addField(tr("Serial number"), e.deviceSn);

    const bool stranger = AlertRules::reasons(e).testFlag(AlertRules::Reason::Stranger);
    if (e.user) {
        addField(tr("Person"), e.user->name.isEmpty() ? tr("(no name sent)") : e.user->name);
        if (!e.user->userId.isEmpty())
            addField(tr("User ID"), e.user->userId);
        if (e.user->type)
            addField(tr("User type"), EventLabels::userType(e.user->type));
        if (!e.user->icNumber.isEmpty())
            addField(tr("IC number"), e.user->icNumber);
        if (!e.user->jobNumber.isEmpty())
            addField(tr("Job number"), e.user->jobNumber);
        if (!e.user->groups.isEmpty())
            addField(tr("Groups"), e.user->groups.join(u", "_s));
    } else {
        addField(tr("Person"), stranger ? tr("Stranger") : tr("not identified"));
    }

    const QString status = EventLabels::statusLabel(e);
    if (!status.isEmpty())
        addField(tr("Status"), status,
                 e.recognizeStatus ? tr("recognizeStatus %1").arg(*e.recognizeStatus) : QString());
    if (e.recognitionType)
        addField(tr("Recognition type"), EventLabels::recognitionType(e.recognitionType),
                 tr("recognitionType %1").arg(*e.recognitionType));
    const QStringList alerts = AlertRules::describe(AlertRules::reasons(e));
    if (!alerts.isEmpty())
        addField(tr("Alert"), alerts.join(u", "_s));
    if (e.pass)
        addField(tr("Pass"), EventLabels::pass(e.pass));
    if (e.recognizeScore)
        addField(tr("Recognition score"), formatScore(*e.recognizeScore));
    if (e.livenessScore)
        addField(tr("Liveness score"), formatScore(*e.livenessScore));
    if (e.bodyTemperature)
        addField(tr("Body temperature"),
                 tr("%1 °C").arg(QLocale().toString(*e.bodyTemperature, 'f', 1)));
    if (e.mask)
        addField(tr("Mask"), EventLabels::mask(e.mask));
    if (e.mode)
        addField(tr("Verification mode"), EventLabels::mode(e.mode),
                 EventLabels::modeDescription(*e.mode));
    if (!e.uuid.isEmpty())
        addField(tr("UUID"), e.uuid);
    addField(tr("Event type"),
             e.eventType == 0 ? tr("%1 (recognition)").arg(e.eventType)
                              : QString::number(e.eventType));
    addField(tr("Backfilled"),
             e.backfilled ? tr("yes, fetched from the device's history") : tr("no, pushed live"));

    QString snapshot;
    if (!e.snapshotJpeg.isEmpty())
        snapshot = sizeText(e.snapshotSize, e.snapshotJpeg.size());
    else if (!e.snapshotError.isEmpty())
        snapshot = tr("unusable: %1").arg(e.snapshotError);
    else
        snapshot = tr("none");
    addField(tr("Snapshot"), snapshot);
}

void EventDetailDialog::refreshTable()
{
    m_table->setRowCount(int(m_fields.size()));
    for (int row = 0; row < m_fields.size(); ++row) {
        const Field &field = m_fields.at(row);
        for (int column = 0; column < 2; ++column) {
            auto *item = new QTableWidgetItem(column == 0 ? field.label : field.value);
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
            if (column == 1)
                item->setToolTip(field.toolTip);
            m_table->setItem(row, column, item);
        }
    }
}

void EventDetailDialog::setField(const QString &label, const QString &value)
{
    for (int row = 0; row < m_fields.size(); ++row) {
        if (m_fields.at(row).label != label)
            continue;
        m_fields[row].value = value;
        if (QTableWidgetItem *item = m_table->item(row, 1))
            item->setText(value);
        return;
    }
}

QString EventDetailDialog::headlineText() const
{
    return m_reasons->text().isEmpty() ? m_headline->text()
                                       : m_headline->text() + u'\n' + m_reasons->text();
}

QStringList EventDetailDialog::fieldLabels() const
{
    QStringList labels;
    labels.reserve(m_fields.size());
    for (const Field &field : m_fields)
        labels.append(field.label);
    return labels;
}

QString EventDetailDialog::fieldText(const QString &label) const
{
    for (const Field &field : m_fields) {
        if (field.label == label)
            return field.value;
    }
    return {};
}

QString EventDetailDialog::detailsText() const
{
    QStringList lines { windowTitle(), headlineText(), QString() };
    for (const Field &field : m_fields)
        lines.append(tr("%1: %2").arg(field.label, field.value));
    return lines.join(u'\n') + u'\n';
}

void EventDetailDialog::copyDetails() const
{
    QGuiApplication::clipboard()->setText(detailsText());
}

bool EventDetailDialog::snapshotShown() const
{
    return m_snapshotView->hasImage();
}

QSize EventDetailDialog::snapshotImageSize() const
{
    return m_snapshotView->hasImage() ? m_snapshotView->image().size() : QSize();
}

QString EventDetailDialog::snapshotStatus() const
{
    return m_snapshotView->placeholderText();
}

bool EventDetailDialog::enrolledPhotoShown() const
{
    return m_photoView->hasImage();
}

QSize EventDetailDialog::enrolledPhotoSize() const
{
    return m_photoView->hasImage() ? m_photoView->image().size() : QSize();
}

QString EventDetailDialog::enrolledPhotoStatus() const
{
    return m_photoView->placeholderText();
}

QString EventDetailDialog::rawFrameText() const
{
    return m_rawFrame->toPlainText();
}

void EventDetailDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    if (!m_started) {
        m_started = true;
        startSnapshot();
        startRawFrame();
        startDoorLog();
    }
    if (m_photoState == PhotoState::Idle || m_photoState == PhotoState::Cancelled)
        startEnrolledPhoto();
}

void EventDetailDialog::done(int result)
{
    cancelEnrolledPhoto();
    QDialog::done(result);
}

void EventDetailDialog::startSnapshot()
{
    const QString snapshotLabel = tr("Snapshot");
    if (m_event.snapshotJpeg.isEmpty()) {
        QString why;
        if (!m_event.snapshotError.isEmpty())
            why = tr("The snapshot is unusable: %1").arg(m_event.snapshotError);
        else if (m_databasePath.isEmpty())
            why = tr("No snapshot");
        if (!why.isEmpty()) {
            m_snapshotView->setPlaceholderText(why);
            // Queued, so that whoever shows the dialog can connect first.
            QTimer::singleShot(0, this, [this] { emit snapshotFinished(false); });
            return;
        }
        m_snapshotView->setPlaceholderText(tr("Loading the snapshot from the store…"));
        setField(snapshotLabel, tr("loading from the store…"));
    } else {
        m_snapshotView->setPlaceholderText(tr("Decoding the snapshot…"));
    }

    const bool fromStore = m_event.snapshotJpeg.isEmpty();
    auto *watcher = new QFutureWatcher<DecodedPicture>(this);
    connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, fromStore, snapshotLabel] {
                watcher->deleteLater();
                const DecodedPicture picture = watcher->result();
                if (picture.none) {
                    m_snapshotView->setPlaceholderText(tr("No snapshot is stored for this event"));
                    setField(snapshotLabel, tr("none stored"));
                    emit snapshotFinished(false);
                } else if (picture.image.isNull()) {
                    m_snapshotView->setPlaceholderText(
                        tr("The snapshot cannot be shown: %1").arg(picture.error));
                    setField(snapshotLabel, tr("unusable: %1").arg(picture.error));
                    emit snapshotFinished(false);
                } else {
                    m_snapshotView->setPlaceholderText(QString());
                    m_snapshotView->setImage(picture.image);
                    const QString size = sizeText(picture.size, picture.bytes);
                    setField(snapshotLabel,
                             fromStore ? tr("%1, loaded from the store").arg(size) : size);
                    emit snapshotFinished(true);
                }
            });
    watcher->setFuture(QtConcurrent::run(loadSnapshot, m_event.snapshotJpeg, m_databasePath,
                                         m_event.deduplicationKey(), m_limits));
}

void EventDetailDialog::startRawFrame()
{
    auto *watcher = new QFutureWatcher<FormattedFrame>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        const FormattedFrame frame = watcher->result();
        m_rawFrame->setPlainText(frame.text);
        for (const auto &[label, value] : frame.unknownFields)
            addField(label, value);
        if (!frame.unknownFields.isEmpty())
            refreshTable();
        m_rawFrameFormatted = true;
        emit rawFrameReady();
    });
    watcher->setFuture(
        QtConcurrent::run(formatFrame, m_event.rawFrame, m_event.unknownFields,
                          m_event.user ? m_event.user->unknownFields : QJsonObject()));
}

void EventDetailDialog::startEnrolledPhoto()
{
    const QString userId = m_event.user ? m_event.user->userId : QString();
    if (userId.isEmpty()) {
        m_photoState = PhotoState::NotApplicable;
        m_photoView->setPlaceholderText(tr("No enrolled photo"));
        return;
    }
    if (!m_device || !m_device->hasCredentials()) {
        m_photoState = PhotoState::NotApplicable;
        m_photoView->setPlaceholderText(
            tr("No enrolled photo: fetching it needs the device's login"));
        return;
    }

    m_photoRequested = true;
    m_photoState = PhotoState::Fetching;
    m_photoView->setPlaceholderText(tr("Fetching enrolled photo…"));
    // Logging in, reading the JSON answer and decoding the avatar all happen on a thread of
    // the dialog's own, with the device's TLS trust (pins, CAs).
    if (!m_photoThread) {
        m_photoThread = new QThread(this);
        m_photoThread->setObjectName(u"gatewatch-photo"_s);
        m_photoThread->start();
    }
    auto *fetcher = new EnrolledPhotoFetcher(*m_device, userId, m_limits);
    fetcher->moveToThread(m_photoThread);
    m_fetcher = fetcher;
    const quint64 generation = ++m_photoGeneration;
    connect(fetcher, &EnrolledPhotoFetcher::finished, this,
            [this, generation](bool ok, const QImage &image, const QString &status) {
                if (generation != m_photoGeneration || m_photoState != PhotoState::Fetching)
                    return; // cancelled meanwhile
                m_fetcher->deleteLater();
                m_fetcher = nullptr;
                if (ok)
                    m_photoView->setImage(image);
                finishEnrolledPhoto(ok, status);
            });
    QMetaObject::invokeMethod(fetcher, &EnrolledPhotoFetcher::start);
}

void EventDetailDialog::finishEnrolledPhoto(bool ok, const QString &status)
{
    m_photoState = ok ? PhotoState::Shown : PhotoState::Failed;
    m_photoView->setPlaceholderText(status);
    emit enrolledPhotoFinished(ok);
}

void EventDetailDialog::cancelEnrolledPhoto()
{
    if (m_photoState != PhotoState::Fetching)
        return;
    // A result it may already have sent is ignored (the generation changes); deleted on its
    // thread, it aborts its requests.
    ++m_photoGeneration;
    if (m_fetcher) {
        disconnect(m_fetcher, nullptr, this, nullptr);
        m_fetcher->deleteLater();
        m_fetcher = nullptr;
    }
    m_photoState = PhotoState::Cancelled;
    m_photoView->setPlaceholderText(tr("Fetching the enrolled photo was cancelled"));
}

void EventDetailDialog::startDoorLog()
{
    if (m_databasePath.isEmpty())
        return;
    auto *watcher = new QFutureWatcher<DoorLog>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        const DoorLog log = watcher->result();
        if (!m_doorSeenLive) {
            if (!log.error.isEmpty()) {
                m_doorLine->setText(tr("The door log cannot be read: %1").arg(log.error));
                m_doorLine->show();
            } else if (!log.entries.isEmpty()) {
                const DoorOpening &latest = log.entries.constLast();
                // A request of this station still under way has no outcome yet.
                const bool underWay = m_doors && m_doors->isOpening(latest.dedupKey);
                m_doorLine->setText(DoorAction::describe(latest, underWay));
                m_doorLine->show();
            }
        }
        emit doorLogLoaded();
    });
    watcher->setFuture(QtConcurrent::run(readDoorLog, m_databasePath, m_event.deduplicationKey()));
}

void EventDetailDialog::showDoorEntry(const DoorOpening &entry, bool underWay)
{
    m_doorSeenLive = true;
    m_doorLine->setText(DoorAction::describe(entry, underWay));
    m_doorLine->show();
    updateDoorButton();
}

QString EventDetailDialog::doorStatus() const
{
    return m_doorLine->text();
}

void EventDetailDialog::updateDoorButton()
{
    m_openDoor->setVisible(m_doors != nullptr);
    if (!m_doors)
        return;
    const QString why = m_doors->unavailableReason(m_event, m_device);
    m_openDoor->setEnabled(why.isEmpty());
    m_openDoor->setToolTip(why.isEmpty() ? DoorAction::toolTip(m_device->name)
                                         : tr("The door cannot be opened from here: %1").arg(why));
}

void EventDetailDialog::openDoor()
{
    updateDoorButton();
    if (!m_doors || !m_openDoor->isEnabled())
        return;
    const QPointer<EventDetailDialog> alive(this);
    const bool confirmed = DoorAction::confirm(this, m_event, *m_device, m_doors->operatorName());
    // The dialog, or the door control, may have gone while the confirmation waited.
    if (!alive || !confirmed || !m_doors)
        return;
    m_doors->open(m_event, *m_device);
}
