#include "historywindow.h"

#include "event/eventlabels.h"
#include "event/recognitionevent.h"
#include "exportdialog.h"
#include "icons.h"
#include "model/historymodel.h"
#include "model/recognitionmodel.h"
#include "model/recognitionroles.h"
#include "session/monitorsession.h"
#include "session/retentionsettings.h"

#include <QAction>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

const QString SavedGroup = u"history/savedFilters"_s;
const QString LastFilterKey = u"history/lastFilter"_s;
const QString GeometryKey = u"history/geometry"_s;
const QString HeaderKey = u"history/header"_s;

// The recognizeStatus codes a filter offers (0 unknown … 6 authentication failed).
constexpr int StatusCodes = 7;

QString describeDays(int days)
{
    return days > 0 ? HistoryWindow::tr("%n day(s)", nullptr, days) : HistoryWindow::tr("forever");
}

} // namespace

HistoryWindow::HistoryWindow(MonitorSession *session, QSettings *settings, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_session(session)
    , m_settings(settings)
    , m_model(new HistoryModel(this))
{
    setWindowTitle(tr("History — GateWatch"));
    setObjectName(u"historyWindow"_s);
    buildUi();
    connect(m_model, &HistoryModel::totalCountChanged, this, &HistoryWindow::updateCount);
    connect(m_model, &HistoryModel::loadingChanged, this, &HistoryWindow::updateCount);
    connect(m_model, &HistoryModel::errorOccurred, this, &HistoryWindow::updateCount);
    connect(m_model, &HistoryModel::pageLoaded, this, &HistoryWindow::updateCount);
    connect(m_model, &HistoryModel::devicesKnown, this, &HistoryWindow::fillDeviceMenu);
    connect(m_session, &MonitorSession::historyPurged, this, &HistoryWindow::updateRetention);

    m_model->setAlertReasons(AlertRules::all());
    m_model->sort(RecognitionModel::Time, Qt::DescendingOrder);
    m_table->horizontalHeader()->setSortIndicator(RecognitionModel::Time, Qt::DescendingOrder);
    const HistoryFilterSpec last = HistoryFilterSpec::fromJson(
        QJsonDocument::fromJson(m_settings->value(LastFilterKey).toByteArray()).object());
    m_spec = last;
    writeControls();
    m_model->setFilter(m_spec.resolve(QDateTime::currentDateTime(), AlertRules::all()));
    m_model->setDatabasePath(m_session->databasePath());
    m_model->requestKnownDevices();
    refreshSavedFilters();
    updateRetention();
    updateCount();

    if (!restoreGeometry(m_settings->value(GeometryKey).toByteArray())) {
        const int em = fontMetrics().horizontalAdvance(u'M');
        resize(95 * em, 50 * em);
    }
    if (!m_table->horizontalHeader()->restoreState(m_settings->value(HeaderKey).toByteArray())) {
        const QFontMetrics metrics = m_table->fontMetrics();
        m_table->horizontalHeader()->resizeSection(
            RecognitionModel::Time, metrics.horizontalAdvance(u"2026-11-28 20:33:04"_s) + 24);
        m_table->horizontalHeader()->resizeSection(
            RecognitionModel::Name,
            metrics.horizontalAdvance(u"Firstname Lastname"_s) + m_table->iconSize().width() + 24);
    }
}

HistoryWindow::~HistoryWindow() = default;

void HistoryWindow::buildUi()
{
    auto *layout = new QVBoxLayout(this);

    // First row: when and where.
    auto *when = new QHBoxLayout;
    m_period = new QComboBox;
    m_period->setObjectName(u"period"_s);
    for (const HistoryFilterSpec::Period period : HistoryFilterSpec::periods())
        m_period->addItem(HistoryFilterSpec::periodName(period), int(period));
    auto *periodLabel = new QLabel(tr("&Time:"));
    periodLabel->setBuddy(m_period);
    m_from = new QDateTimeEdit;
    m_from->setObjectName(u"from"_s);
    m_from->setCalendarPopup(true);
    m_from->setDisplayFormat(u"yyyy-MM-dd HH:mm"_s);
    m_from->setToolTip(tr("From this time on (inclusive)"));
    m_to = new QDateTimeEdit;
    m_to->setObjectName(u"to"_s);
    m_to->setCalendarPopup(true);
    m_to->setDisplayFormat(u"yyyy-MM-dd HH:mm"_s);
    m_to->setToolTip(tr("Up to this time (inclusive)"));
    // Room for the whole date and time beside the calendar button.
    for (QDateTimeEdit *edit : { m_from, m_to })
        edit->setMinimumWidth(edit->fontMetrics().horizontalAdvance(u"2026-11-28 20:33"_s) + 48);
    m_devices = new QToolButton;
    m_devices->setObjectName(u"devices"_s);
    m_devices->setPopupMode(QToolButton::InstantPopup);
    m_deviceMenu = new QMenu(m_devices);
    m_devices->setMenu(m_deviceMenu);
    auto *devicesLabel = new QLabel(tr("&Devices:"));
    devicesLabel->setBuddy(m_devices);
    m_person = new QLineEdit;
    m_person->setObjectName(u"person"_s);
    m_person->setClearButtonEnabled(true);
    m_person->setPlaceholderText(tr("name or user ID, any part"));
    auto *personLabel = new QLabel(tr("&Person:"));
    personLabel->setBuddy(m_person);
    when->addWidget(periodLabel);
    when->addWidget(m_period);
    when->addWidget(m_from);
    when->addWidget(new QLabel(tr("to")));
    when->addWidget(m_to);
    when->addSpacing(12);
    when->addWidget(devicesLabel);
    when->addWidget(m_devices);
    when->addSpacing(12);
    when->addWidget(personLabel);
    when->addWidget(m_person, 1);
    layout->addLayout(when);

    // Second row: what happened.
    auto *what = new QHBoxLayout;
    m_statuses = new QToolButton;
    m_statuses->setObjectName(u"statuses"_s);
    m_statuses->setPopupMode(QToolButton::InstantPopup);
    m_statusMenu = new QMenu(m_statuses);
    m_statuses->setMenu(m_statusMenu);
    fillStatusMenu();
    auto *statusLabel = new QLabel(tr("&Status:"));
    statusLabel->setBuddy(m_statuses);
    m_verdict = new QComboBox;
    m_verdict->setObjectName(u"verdict"_s);
    m_verdict->addItem(tr("Pass or deny"), -1);
    m_verdict->addItem(tr("Pass only"), 1);
    m_verdict->addItem(tr("Denied only"), 0);
    auto *verdictLabel = new QLabel(tr("&Verdict:"));
    verdictLabel->setBuddy(m_verdict);
    m_mask = new QComboBox;
    m_mask->setObjectName(u"mask"_s);
    m_mask->addItem(tr("Any"), -1);
    for (int code = 0; code <= 2; ++code)
        m_mask->addItem(EventLabels::mask(code), code);
    auto *maskLabel = new QLabel(tr("&Mask:"));
    maskLabel->setBuddy(m_mask);
    m_minScore = new QDoubleSpinBox;
    m_minScore->setObjectName(u"minScore"_s);
    m_minScore->setRange(0, 1);
    m_minScore->setSingleStep(0.05);
    m_minScore->setDecimals(2);
    m_minScore->setSpecialValueText(tr("any"));
    auto *scoreLabel = new QLabel(tr("Min. s&core:"));
    scoreLabel->setBuddy(m_minScore);
    m_alertsOnly = new QCheckBox(tr("Only a&lerts"));
    m_alertsOnly->setObjectName(u"alertsOnly"_s);
    m_unacknowledgedOnly = new QCheckBox(tr("Only &unacknowledged"));
    m_unacknowledgedOnly->setObjectName(u"unacknowledgedOnly"_s);
    m_unacknowledgedOnly->setToolTip(tr("Recognitions no guard has acknowledged"));
    what->addWidget(statusLabel);
    what->addWidget(m_statuses);
    what->addSpacing(12);
    what->addWidget(verdictLabel);
    what->addWidget(m_verdict);
    what->addSpacing(12);
    what->addWidget(maskLabel);
    what->addWidget(m_mask);
    what->addSpacing(12);
    what->addWidget(scoreLabel);
    what->addWidget(m_minScore);
    what->addSpacing(12);
    what->addWidget(m_alertsOnly);
    what->addWidget(m_unacknowledgedOnly);
    what->addStretch(1);
    layout->addLayout(what);

    // Third row: saved filters.
    auto *saved = new QHBoxLayout;
    m_saved = new QComboBox;
    m_saved->setObjectName(u"savedFilters"_s);
    m_saved->setMinimumContentsLength(16);
    auto *savedLabel = new QLabel(tr("Sa&ved filters:"));
    savedLabel->setBuddy(m_saved);
    m_saveFilter = new QPushButton(tr("Save &as…"));
    m_deleteFilter = new QPushButton(tr("De&lete"));
    m_reset = new QPushButton(tr("&Reset filters"));
    saved->addWidget(savedLabel);
    saved->addWidget(m_saved);
    saved->addWidget(m_saveFilter);
    saved->addWidget(m_deleteFilter);
    saved->addStretch(1);
    saved->addWidget(m_reset);
    layout->addLayout(saved);

    m_table = new QTableView;
    m_table->setObjectName(u"historyTable"_s);
    m_table->setModel(m_model);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_model->thumbnailSize().height() / 2 + 8);
    m_table->setIconSize(m_model->thumbnailSize() / 2);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    layout->addWidget(m_table, 1);

    auto *footer = new QHBoxLayout;
    m_count = new QLabel;
    m_count->setObjectName(u"count"_s);
    m_retention = new QLabel;
    m_retention->setObjectName(u"retention"_s);
    auto *retentionButton = new QPushButton(tr("&Keep history…"));
    retentionButton->setObjectName(u"retentionButton"_s);
    auto *exportButton = new QPushButton(Icons::icon(u"export"_s, palette()), tr("E&xport…"));
    exportButton->setObjectName(u"exportButton"_s);
    exportButton->setToolTip(
        tr("Export what the filter shows to CSV (%1)")
            .arg(
                QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E).toString(QKeySequence::NativeText)));
    footer->addWidget(m_count, 1);
    footer->addWidget(m_retention);
    footer->addWidget(retentionButton);
    footer->addSpacing(12);
    footer->addWidget(exportButton);
    layout->addLayout(footer);

    m_typingTimer = new QTimer(this);
    m_typingTimer->setSingleShot(true);
    m_typingTimer->setInterval(300);

    const auto changed = [this] {
        if (!m_writingControls)
            applyFilter();
    };
    connect(m_period, &QComboBox::currentIndexChanged, this, [this, changed] {
        const bool custom = HistoryFilterSpec::Period(m_period->currentData().toInt())
            == HistoryFilterSpec::Period::Custom;
        if (custom && !m_writingControls) {
            // Starts from the bounds of the period chosen before, or today.
            HistoryFilterSpec previous = m_spec;
            if (previous.period == HistoryFilterSpec::Period::All)
                previous.period = HistoryFilterSpec::Period::Today;
            const auto [begin, end] = previous.periodBounds(QDateTime::currentDateTime());
            m_writingControls = true;
            m_from->setDateTime(begin.value_or(QDateTime::currentDateTime()));
            m_to->setDateTime(end.value_or(QDateTime::currentDateTime()));
            m_writingControls = false;
        }
        changed();
    });
    connect(m_from, &QDateTimeEdit::dateTimeChanged, this, changed);
    connect(m_to, &QDateTimeEdit::dateTimeChanged, this, changed);
    connect(m_person, &QLineEdit::textChanged, this, [this] {
        if (!m_writingControls)
            m_typingTimer->start();
    });
    connect(m_person, &QLineEdit::returnPressed, this, [this] {
        m_typingTimer->stop();
        applyFilter();
    });
    connect(m_typingTimer, &QTimer::timeout, this, &HistoryWindow::applyFilter);
    connect(m_verdict, &QComboBox::currentIndexChanged, this, changed);
    connect(m_mask, &QComboBox::currentIndexChanged, this, changed);
    connect(m_minScore, &QDoubleSpinBox::valueChanged, this, [this] {
        if (!m_writingControls)
            m_typingTimer->start();
    });
    connect(m_alertsOnly, &QCheckBox::toggled, this, changed);
    connect(m_unacknowledgedOnly, &QCheckBox::toggled, this, changed);
    connect(m_reset, &QPushButton::clicked, this, [this] { setFilterSpec({}); });
    connect(m_saveFilter, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString name
            = QInputDialog::getText(this, tr("Save filter"), tr("Name of this filter:"),
                                    QLineEdit::Normal, m_saved->currentText(), &ok)
                  .trimmed();
        if (ok && !name.isEmpty())
            saveFilter(name);
    });
    connect(m_deleteFilter, &QPushButton::clicked, this, [this] {
        if (m_saved->currentIndex() > 0)
            deleteSavedFilter(m_saved->currentText());
    });
    connect(m_saved, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            applySavedFilter(m_saved->itemText(index));
    });
    connect(m_table, &QTableView::activated, this, &HistoryWindow::openCurrent);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint &position) {
        const QModelIndex index = m_table->indexAt(position);
        if (index.isValid())
            emit menuRequested(m_model->eventAt(index.row()),
                               m_table->viewport()->mapToGlobal(position));
    });
    connect(retentionButton, &QPushButton::clicked, this, &HistoryWindow::editRetention);
    connect(exportButton, &QPushButton::clicked, this, &HistoryWindow::openExportDialog);
    auto *exportAction = new QAction(tr("Export…"), this);
    // Not Ctrl+E: a line edit takes that (the end of the line) while the Person filter has
    // the focus.
    exportAction->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_E);
    connect(exportAction, &QAction::triggered, this, &HistoryWindow::openExportDialog);
    addAction(exportAction);
    auto *refresh = new QAction(tr("Refresh"), this);
    refresh->setShortcut(QKeySequence::Refresh);
    connect(refresh, &QAction::triggered, this, [this] {
        m_model->setFilter(m_spec.resolve(QDateTime::currentDateTime(), AlertRules::all()));
        m_model->refresh();
    });
    addAction(refresh);
    auto *close = new QAction(this);
    close->setShortcut(QKeySequence::Close);
    connect(close, &QAction::triggered, this, &QWidget::close);
    addAction(close);
}

void HistoryWindow::fillStatusMenu()
{
    for (int code = 0; code < StatusCodes; ++code) {
        QAction *action = m_statusMenu->addAction(EventLabels::recognizeStatus(code));
        action->setCheckable(true);
        action->setData(code);
        connect(action, &QAction::toggled, this, [this] {
            updateMenuButtons();
            if (!m_writingControls)
                applyFilter();
        });
    }
}

void HistoryWindow::fillDeviceMenu(const QList<std::pair<QString, QString>> &devices)
{
    m_writingControls = true;
    m_deviceMenu->clear();
    for (const auto &[serial, name] : devices) {
        const QString label = name.isEmpty() ? serial : tr("%1 (%2)").arg(name, serial);
        QAction *action = m_deviceMenu->addAction(label);
        action->setCheckable(true);
        action->setData(serial);
        action->setChecked(m_spec.deviceSns.contains(serial));
        connect(action, &QAction::toggled, this, &HistoryWindow::onDeviceToggled);
    }
    // A saved filter may name a device with nothing stored (any more): kept, and shown.
    for (const QString &serial : std::as_const(m_spec.deviceSns)) {
        bool listed = false;
        for (const auto &device : devices)
            listed = listed || device.first == serial;
        if (!listed) {
            QAction *action = m_deviceMenu->addAction(serial);
            action->setCheckable(true);
            action->setChecked(true);
            action->setData(serial);
            connect(action, &QAction::toggled, this, &HistoryWindow::onDeviceToggled);
        }
    }
    if (m_deviceMenu->isEmpty())
        m_deviceMenu->addAction(tr("No recognitions stored yet"))->setEnabled(false);
    m_writingControls = false;
    updateMenuButtons();
}

void HistoryWindow::onDeviceToggled()
{
    updateMenuButtons();
    if (m_writingControls)
        return;
    QStringList serials;
    const QList<QAction *> actions = m_deviceMenu->actions();
    for (const QAction *action : actions) {
        if (action->isChecked())
            serials.append(action->data().toString());
    }
    m_spec.deviceSns = serials;
    applyFilter();
}

void HistoryWindow::updateMenuButtons()
{
    const auto summary = [](QMenu *menu, const QString &all) {
        QStringList checked;
        const QList<QAction *> actions = menu->actions();
        for (const QAction *action : actions) {
            if (action->isChecked())
                checked.append(action->text());
        }
        if (checked.isEmpty())
            return all;
        if (checked.size() == 1)
            return checked.constFirst();
        return tr("%n selected", nullptr, int(checked.size()));
    };
    m_devices->setText(summary(m_deviceMenu, tr("All devices")));
    m_statuses->setText(summary(m_statusMenu, tr("Any status")));
}

void HistoryWindow::readControls()
{
    HistoryFilterSpec spec;
    spec.period = HistoryFilterSpec::Period(m_period->currentData().toInt());
    if (spec.period == HistoryFilterSpec::Period::Custom) {
        spec.from = m_from->dateTime();
        spec.to = m_to->dateTime();
    }
    // Kept in m_spec by the device menu, which may not be filled yet (the devices are read in
    // the background).
    spec.deviceSns = m_spec.deviceSns;
    spec.person = m_person->text().trimmed();
    const QList<QAction *> statuses = m_statusMenu->actions();
    for (const QAction *action : statuses) {
        if (action->isChecked())
            spec.statuses.insert(action->data().toInt());
    }
    const int verdict = m_verdict->currentData().toInt();
    if (verdict >= 0)
        spec.pass = verdict == 1;
    const int mask = m_mask->currentData().toInt();
    if (mask >= 0)
        spec.masks = { mask };
    if (m_minScore->value() > 0)
        spec.minScore = m_minScore->value();
    spec.alertsOnly = m_alertsOnly->isChecked();
    spec.unacknowledgedOnly = m_unacknowledgedOnly->isChecked();
    m_spec = spec;
}

void HistoryWindow::writeControls()
{
    m_writingControls = true;
    m_period->setCurrentIndex(std::max(0, m_period->findData(int(m_spec.period))));
    const bool custom = m_spec.period == HistoryFilterSpec::Period::Custom;
    const auto [begin, end] = m_spec.periodBounds(QDateTime::currentDateTime());
    m_from->setDateTime(begin.value_or(QDateTime::currentDateTime()));
    m_to->setDateTime(end.value_or(QDateTime::currentDateTime()));
    m_from->setEnabled(custom);
    m_to->setEnabled(custom);
    const QList<QAction *> devices = m_deviceMenu->actions();
    for (QAction *action : devices)
        action->setChecked(m_spec.deviceSns.contains(action->data().toString()));
    m_person->setText(m_spec.person);
    const QList<QAction *> statuses = m_statusMenu->actions();
    for (QAction *action : statuses)
        action->setChecked(m_spec.statuses.contains(action->data().toInt()));
    m_verdict->setCurrentIndex(m_spec.pass ? (*m_spec.pass ? 1 : 2) : 0);
    m_mask->setCurrentIndex(
        m_spec.masks.size() == 1 ? std::max(0, m_mask->findData(*m_spec.masks.cbegin())) : 0);
    m_minScore->setValue(m_spec.minScore.value_or(0));
    m_alertsOnly->setChecked(m_spec.alertsOnly);
    m_unacknowledgedOnly->setChecked(m_spec.unacknowledgedOnly);
    m_writingControls = false;
    updateMenuButtons();
}

void HistoryWindow::applyFilter()
{
    readControls();
    const bool custom = m_spec.period == HistoryFilterSpec::Period::Custom;
    m_from->setEnabled(custom);
    m_to->setEnabled(custom);
    if (!custom) {
        m_writingControls = true;
        const auto [begin, end] = m_spec.periodBounds(QDateTime::currentDateTime());
        m_from->setDateTime(begin.value_or(m_from->dateTime()));
        m_to->setDateTime(end.value_or(m_to->dateTime()));
        m_writingControls = false;
    }
    m_settings->setValue(LastFilterKey,
                         QJsonDocument(m_spec.toJson()).toJson(QJsonDocument::Compact));
    m_model->setFilter(m_spec.resolve(QDateTime::currentDateTime(), AlertRules::all()));
    updateCount();
}

void HistoryWindow::setFilterSpec(const HistoryFilterSpec &spec)
{
    m_spec = spec;
    writeControls();
    applyFilter();
}

QStringList HistoryWindow::savedFilterNames() const
{
    m_settings->beginGroup(SavedGroup);
    QStringList names;
    const QStringList keys = m_settings->childKeys();
    for (const QString &key : keys)
        names.append(QString::fromUtf8(QByteArray::fromPercentEncoding(key.toUtf8())));
    m_settings->endGroup();
    names.sort(Qt::CaseInsensitive);
    return names;
}

void HistoryWindow::saveFilter(const QString &name)
{
    readControls();
    // Percent-encoded: a name may hold '/' or '\', which QSettings takes for groups.
    const QString key = QString::fromLatin1(name.toUtf8().toPercentEncoding());
    m_settings->setValue(SavedGroup + u'/' + key,
                         QJsonDocument(m_spec.toJson()).toJson(QJsonDocument::Compact));
    refreshSavedFilters();
    m_saved->setCurrentIndex(std::max(0, m_saved->findText(name)));
}

bool HistoryWindow::applySavedFilter(const QString &name)
{
    const QString key = QString::fromLatin1(name.toUtf8().toPercentEncoding());
    const QVariant value = m_settings->value(SavedGroup + u'/' + key);
    if (!value.isValid())
        return false;
    setFilterSpec(
        HistoryFilterSpec::fromJson(QJsonDocument::fromJson(value.toByteArray()).object()));
    m_saved->setCurrentIndex(std::max(0, m_saved->findText(name)));
    return true;
}

void HistoryWindow::deleteSavedFilter(const QString &name)
{
    const QString key = QString::fromLatin1(name.toUtf8().toPercentEncoding());
    m_settings->remove(SavedGroup + u'/' + key);
    refreshSavedFilters();
}

void HistoryWindow::refreshSavedFilters()
{
    const QString current = m_saved->currentText();
    m_saved->clear();
    m_saved->addItem(tr("(choose one)"));
    m_saved->addItems(savedFilterNames());
    m_saved->setCurrentIndex(std::max(0, m_saved->findText(current)));
    m_deleteFilter->setEnabled(m_saved->count() > 1);
}

QString HistoryWindow::countText() const
{
    return m_count->text();
}

QString HistoryWindow::retentionText() const
{
    return m_retention->text();
}

void HistoryWindow::updateCount()
{
    if (!m_model->lastError().isEmpty() && !m_model->isLoading()) {
        m_count->setText(tr("The history cannot be read: %1").arg(m_model->lastError()));
        return;
    }
    const qint64 total = m_model->totalCount();
    if (total < 0) {
        m_count->setText(tr("Counting…"));
        return;
    }
    QString text = tr("%Ln recognition(s)", nullptr, int(std::min<qint64>(total, INT_MAX)));
    if (m_model->isCapped())
        text += u' '
            + tr("(the list ends after the first %L1: narrow the filter, or click the column "
                 "header again to see the other end)")
                  .arg(m_model->maxRows());
    m_count->setText(text);
}

void HistoryWindow::updateRetention()
{
    const RetentionPolicy policy = m_session->retentionPolicy();
    if (!policy.isActive()) {
        m_retention->setText(tr("History is kept forever."));
        return;
    }
    QString text
        = tr("Records are kept %1, faces %2")
              .arg(describeDays(policy.keepEventsDays), describeDays(policy.keepSnapshotsDays));
    if (policy.maxSnapshotBytes > 0)
        text += tr(", at most %1 GB of faces")
                    .arg(QLocale().toString(
                        RetentionSettings::gigabytesFromBytes(policy.maxSnapshotBytes), 'g', 4));
    m_retention->setText(text + u'.');
}

ExportDialog *HistoryWindow::openExportDialog()
{
    // Exactly what the table shows: the filter as the model resolved it when it was applied.
    const qint64 counted = m_model->totalCount();
    auto *dialog = new ExportDialog(m_session->databasePath(), m_model->filter(),
                                    counted >= 0 ? std::optional<qint64>(counted) : std::nullopt,
                                    m_settings, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

void HistoryWindow::editRetention()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Keep history"));
    auto *form = new QFormLayout(&dialog);
    const RetentionPolicy policy = m_session->retentionPolicy();
    auto *records = new QSpinBox;
    records->setRange(0, RetentionSettings::MaxDays);
    records->setSpecialValueText(tr("forever"));
    records->setSuffix(tr(" days"));
    records->setValue(policy.keepEventsDays);
    auto *faces = new QSpinBox;
    faces->setRange(0, RetentionSettings::MaxDays);
    faces->setSpecialValueText(tr("as long as the records"));
    faces->setSuffix(tr(" days"));
    faces->setValue(policy.keepSnapshotsDays);
    auto *size = new QDoubleSpinBox;
    size->setRange(0, RetentionSettings::MaxGigabytes);
    size->setDecimals(1);
    size->setSpecialValueText(tr("no limit"));
    size->setSuffix(tr(" GB"));
    size->setValue(RetentionSettings::gigabytesFromBytes(policy.maxSnapshotBytes));
    auto *note = new QLabel(tr("Older recognitions are deleted in the background, a little at a "
                               "time, without interrupting recording. Faces can go earlier than "
                               "the records. The door log is always kept."));
    note->setWordWrap(true);
    form->addRow(note);
    form->addRow(tr("Keep &records:"), records);
    form->addRow(tr("Keep &faces:"), faces);
    form->addRow(tr("Faces take at &most:"), size);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    RetentionPolicy changed;
    changed.keepEventsDays = records->value();
    changed.keepSnapshotsDays = faces->value();
    changed.maxSnapshotBytes = RetentionSettings::bytesFromGigabytes(size->value());
    if (changed.keepEventsDays > 0 && changed.keepEventsDays < policy.keepEventsDays) {
        const auto answer = QMessageBox::question(
            this, tr("Keep history"),
            tr("Recognitions older than %n day(s) will be deleted for good. Continue?", nullptr,
               changed.keepEventsDays),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return;
    }
    RetentionSettings::save(*m_settings, changed);
    m_session->setRetentionPolicy(changed);
    updateRetention();
}

void HistoryWindow::openCurrent()
{
    const QModelIndex index = m_table->currentIndex();
    if (index.isValid())
        emit detailsRequested(m_model->eventAt(index.row()));
}

void HistoryWindow::closeEvent(QCloseEvent *event)
{
    m_settings->setValue(GeometryKey, saveGeometry());
    m_settings->setValue(HeaderKey, m_table->horizontalHeader()->saveState());
    QWidget::closeEvent(event);
}
