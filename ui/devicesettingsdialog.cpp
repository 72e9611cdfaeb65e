#include "devicesettingsdialog.h"

#include "certificatetrustdialog.h"
#include "device/credentialstore.h"
#include "device/filecredentialstore.h"
#include "deviceeditordialog.h"
#include "discoverydialog.h"
#include "icons.h"
#include "model/sitedevicemodel.h"
#include "session/devicemanager.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <array>

using namespace Qt::StringLiterals;

namespace {

// A device list of a few hundred terminals is tens of kilobytes; anything far bigger is not
// one, and is refused before it is read into memory.
constexpr qint64 MaxImportBytes = qint64 { 4 } * 1024 * 1024;

const QColor ProblemColour(0xb3, 0x26, 0x1e);

// The table's view of the model: filtered by the search text, and the state column drawn with
// an icon beside the words (the words alone carry the meaning). The icons are rendered once per
// palette, not per row: 300 rows repaint often while devices come and go.
class DeviceTableProxy final : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setIcons(const QPalette &palette)
    {
        m_online = Icons::icon(u"pass"_s, palette);
        m_failed = Icons::icon(u"deny"_s, palette);
        m_waiting = Icons::icon(u"state-waiting"_s, palette);
        m_disabled = Icons::icon(u"state-disabled"_s, palette);
        m_certificate = Icons::icon(u"alert"_s, palette);
        if (rowCount() > 0)
            emit dataChanged(index(0, SiteDeviceModel::State),
                             index(rowCount() - 1, SiteDeviceModel::State), { Qt::DecorationRole });
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (index.column() == SiteDeviceModel::State
            && (role == Qt::DecorationRole || role == Qt::ForegroundRole
                || role == Qt::DisplayRole)) {
            const bool changed = index.data(SiteDeviceModel::CertificateChangedRole).toBool();
            const bool untrusted = index.data(SiteDeviceModel::CertificateUntrustedRole).toBool();
            if (role == Qt::ForegroundRole)
                return changed ? QVariant(QBrush(ProblemColour)) : QVariant();
            // The connection's refusal is a paragraph (in the tooltip); the cell says what the
            // operator has to do.
            if (role == Qt::DisplayRole && index.data(SiteDeviceModel::EnabledRole).toBool()) {
                if (changed)
                    return DeviceSettingsDialog::tr("certificate changed: refused until reviewed");
                if (untrusted)
                    return DeviceSettingsDialog::tr("certificate not trusted yet: review it");
            }
            if (role == Qt::DisplayRole)
                return QSortFilterProxyModel::data(index, role);
            if (!index.data(SiteDeviceModel::EnabledRole).toBool())
                return m_disabled;
            if (changed || untrusted)
                return m_certificate;
            switch (ConnectionState(index.data(SiteDeviceModel::StateRole).toInt())) {
            case ConnectionState::Online:
                return m_online;
            case ConnectionState::Failed:
                return m_failed;
            case ConnectionState::Disconnected:
            case ConnectionState::Connecting:
            case ConnectionState::WaitingToRetry:
                return m_waiting;
            }
            return m_waiting;
        }
        return QSortFilterProxyModel::data(index, role);
    }

private:
    QIcon m_online;
    QIcon m_failed;
    QIcon m_waiting;
    QIcon m_disabled;
    QIcon m_certificate;
};

QString quotedNames(const QStringList &names)
{
    constexpr qsizetype Shown = 5;
    QStringList quoted;
    for (qsizetype i = 0; i < names.size() && i < Shown; ++i)
        quoted << DeviceSettingsDialog::tr("\"%1\"").arg(names.at(i));
    if (names.size() > Shown)
        return DeviceSettingsDialog::tr("%1 and %n more", nullptr, int(names.size() - Shown))
            .arg(quoted.join(u", "_s));
    if (quoted.size() == 1)
        return quoted.constFirst();
    const QString last = quoted.takeLast();
    return DeviceSettingsDialog::tr("%1 and %2").arg(quoted.join(u", "_s), last);
}

} // namespace

DeviceSettingsDialog::DeviceSettingsDialog(DeviceManager *manager, QWidget *parent)
    : QDialog(parent)
    , m_manager(manager)
{
    setObjectName(u"deviceSettingsDialog"_s);
    setWindowTitle(tr("Devices"));
    setWindowIcon(Icons::icon(u"device"_s));

    m_model = new SiteDeviceModel(manager, this);
    auto *proxy = new DeviceTableProxy(this);
    m_proxy = proxy;
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterRole(SiteDeviceModel::SearchTextRole);
    m_proxy->setFilterKeyColumn(SiteDeviceModel::Name);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortLocaleAware(true);

    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("The terminals this station watches. Changes apply at once: "
                                "a new device connects, a disabled one disconnects."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *searchRow = new QHBoxLayout;
    m_search = new QLineEdit(this);
    m_search->setObjectName(u"search"_s);
    m_search->setAccessibleName(tr("Search devices"));
    m_search->setPlaceholderText(tr("Search by name, location, address or state (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(Icons::icon(u"search"_s, palette()), QLineEdit::LeadingPosition);
    connect(m_search, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);
    searchRow->addWidget(m_search, 1);
    m_summary = new QLabel(this);
    m_summary->setObjectName(u"summary"_s);
    searchRow->addWidget(m_summary);
    layout->addLayout(searchRow);

    m_table = new QTableView(this);
    m_table->setObjectName(u"deviceSettingsTable"_s);
    m_table->setAccessibleName(tr("Configured devices"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    // Fixed row heights and widths: measuring contents would visit every row on each change.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    const int em = fontMetrics().horizontalAdvance(u'M');
    m_table->setColumnWidth(SiteDeviceModel::Name, 14 * em);
    m_table->setColumnWidth(SiteDeviceModel::Location, 14 * em);
    m_table->setColumnWidth(SiteDeviceModel::Address, 12 * em);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(SiteDeviceModel::Name, Qt::AscendingOrder);

    auto *body = new QHBoxLayout;
    body->addWidget(m_table, 1);
    auto *buttons = new QVBoxLayout;
    body->addLayout(buttons);
    layout->addLayout(body, 1);

    createActions();
    const auto toolButton = [this, buttons](QAction *action) {
        auto *button = new QToolButton(this);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        buttons->addWidget(button);
    };
    for (QAction *action :
         { m_add, m_find, m_edit, m_duplicate, m_enable, m_disable, m_remove, m_review })
        toolButton(action);
    buttons->addStretch();
    toolButton(m_import);
    toolButton(m_export);

    auto *credentialsRow = new QHBoxLayout;
    m_credentials = new QLabel(this);
    m_credentials->setObjectName(u"credentialStore"_s);
    m_credentials->setTextFormat(Qt::PlainText);
    m_credentials->setWordWrap(true);
    credentialsRow->addWidget(m_credentials, 1);
    m_useFile = new QPushButton(tr("Use a &file…"), this);
    m_useFile->setObjectName(u"useCredentialFile"_s);
    m_useFile->setAutoDefault(false);
    m_useFile->setToolTip(tr("Keep passwords in a file that only your account can read"));
    m_useFile->hide();
    connect(m_useFile, &QPushButton::clicked, this, &DeviceSettingsDialog::chooseCredentialFile);
    credentialsRow->addWidget(m_useFile, 0, Qt::AlignTop);
    layout->addLayout(credentialsRow);

    m_message = new QLabel(this);
    m_message->setObjectName(u"message"_s);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    layout->addWidget(m_message);

    auto *box = new QDialogButtonBox(QDialogButtonBox::Close, this);
    // Enter in the table edits the device; it must not reach a default button and close.
    box->button(QDialogButtonBox::Close)->setAutoDefault(false);
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(box);

    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        editDevice(index.data(SiteDeviceModel::IdRole).toString());
    });
    connect(m_table, &QWidget::customContextMenuRequested, this,
            &DeviceSettingsDialog::showContextMenu);
    // What the actions can do depends on the selection, the enabled flags and the certificate
    // flags. Looked at once per event loop pass: enabling 300 selected devices changes 300
    // rows, and each look visits every selected row.
    m_actionsTimer.setSingleShot(true);
    m_actionsTimer.setInterval(0);
    connect(&m_actionsTimer, &QTimer::timeout, this, &DeviceSettingsDialog::updateActions);
    const auto later = [this] {
        m_actionsTimer.start();
    };
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, later);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this, later);
    connect(m_model, &QAbstractItemModel::dataChanged, this, later);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, later);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, later);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, later);
    connect(m_manager, &DeviceManager::credentialsChanged, this,
            &DeviceSettingsDialog::updateCredentials);
    connect(m_manager, &DeviceManager::problem, this,
            [this](const QString &message) { showMessage(message, true); });

    applyIcons();
    updateCredentials();
    updateActions();
    resize(60 * em, 36 * em);
    m_table->setFocus();
}

DeviceSettingsDialog::~DeviceSettingsDialog() = default;

void DeviceSettingsDialog::createActions()
{
    m_add = new QAction(tr("&Add…"), this);
    m_add->setObjectName(u"addDevice"_s);
    m_add->setToolTip(tr("Add a terminal by its address (Ctrl+N)"));
    m_add->setShortcut(QKeySequence::New);
    connect(m_add, &QAction::triggered, this, [this] { addDevice(); });

    m_find = new QAction(tr("&Find devices…"), this);
    m_find->setObjectName(u"findDevices"_s);
    m_find->setToolTip(tr("List the terminals that announce themselves on this network"));
    connect(m_find, &QAction::triggered, this, [this] { findDevices(); });

    m_edit = new QAction(tr("&Edit…"), this);
    m_edit->setObjectName(u"editDevice"_s);
    m_edit->setToolTip(tr("Change the selected device (Enter or double-click)"));
    connect(m_edit, &QAction::triggered, this, [this] {
        const QStringList ids = selectedIds();
        if (ids.size() == 1)
            editDevice(ids.constFirst());
    });

    m_duplicate = new QAction(tr("D&uplicate…"), this);
    m_duplicate->setObjectName(u"duplicateDevice"_s);
    m_duplicate->setToolTip(tr("Add another device with the selected one's settings"));
    connect(m_duplicate, &QAction::triggered, this, [this] {
        const QStringList ids = selectedIds();
        if (ids.size() == 1)
            duplicateDevice(ids.constFirst());
    });

    m_remove = new QAction(tr("&Remove…"), this);
    m_remove->setObjectName(u"removeDevice"_s);
    m_remove->setToolTip(tr("Remove the selected devices and their passwords (Delete)"));
    m_remove->setShortcut(QKeySequence::Delete);
    // Only in the table: Delete in the search box deletes text.
    m_remove->setShortcutContext(Qt::WidgetShortcut);
    m_table->addAction(m_remove);
    connect(m_remove, &QAction::triggered, this, [this] {
        const QStringList ids = selectedIds();
        if (!ids.isEmpty())
            confirmRemove(ids);
    });

    m_enable = new QAction(tr("E&nable"), this);
    m_enable->setObjectName(u"enableDevices"_s);
    m_enable->setToolTip(tr("Connect the selected devices"));
    connect(m_enable, &QAction::triggered, this,
            [this] { setDevicesEnabled(selectedIds(), true); });

    m_disable = new QAction(tr("&Disable"), this);
    m_disable->setObjectName(u"disableDevices"_s);
    m_disable->setToolTip(tr("Disconnect the selected devices and keep their settings"));
    connect(m_disable, &QAction::triggered, this,
            [this] { setDevicesEnabled(selectedIds(), false); });

    m_review = new QAction(tr("Review &certificate…"), this);
    m_review->setObjectName(u"reviewCertificate"_s);
    m_review->setToolTip(tr("See the certificate the device presented, and pin it if it is "
                            "the device's"));
    connect(m_review, &QAction::triggered, this, [this] {
        const QStringList ids = selectedIds();
        if (ids.size() == 1)
            reviewCertificate(ids.constFirst());
    });

    m_import = new QAction(tr("&Import…"), this);
    m_import->setObjectName(u"importDevices"_s);
    m_import->setToolTip(tr("Add the devices of a list exported at another station"));
    connect(m_import, &QAction::triggered, this, &DeviceSettingsDialog::chooseImportFile);

    m_export = new QAction(tr("E&xport…"), this);
    m_export->setObjectName(u"exportDevices"_s);
    m_export->setToolTip(tr("Save the device list for another station; passwords are not "
                            "included"));
    connect(m_export, &QAction::triggered, this, &DeviceSettingsDialog::chooseExportFile);

    m_focusSearch = new QAction(tr("Search"), this);
    m_focusSearch->setShortcut(QKeySequence::Find);
    connect(m_focusSearch, &QAction::triggered, this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    QWidget::addAction(m_focusSearch);
    QWidget::addAction(m_add);
}

void DeviceSettingsDialog::applyIcons()
{
    const QPalette pal = palette();
    static_cast<DeviceTableProxy *>(m_proxy)->setIcons(pal);
    const std::array<std::pair<QAction *, QString>, 10> icons = { {
        { m_add, u"add"_s },
        { m_find, u"discover"_s },
        { m_edit, u"edit"_s },
        { m_duplicate, u"duplicate"_s },
        { m_remove, u"remove"_s },
        { m_enable, u"pass"_s },
        { m_disable, u"state-disabled"_s },
        { m_review, u"certificate"_s },
        { m_import, u"import"_s },
        { m_export, u"export"_s },
    } };
    for (const auto &[action, name] : icons)
        action->setIcon(Icons::icon(name, pal));
}

void DeviceSettingsDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange && m_add)
        applyIcons();
    QDialog::changeEvent(event);
}

void DeviceSettingsDialog::keyPressEvent(QKeyEvent *event)
{
    // Escape in a filled search box clears it instead of closing the dialog.
    if (event->key() == Qt::Key_Escape && m_search->hasFocus() && !m_search->text().isEmpty()) {
        m_search->clear();
        return;
    }
    QDialog::keyPressEvent(event);
}

QStringList DeviceSettingsDialog::selectedIds() const
{
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList ids;
    ids.reserve(rows.size());
    for (const QModelIndex &row : std::as_const(rows))
        ids << row.data(SiteDeviceModel::IdRole).toString();
    return ids;
}

void DeviceSettingsDialog::selectIds(const QStringList &ids)
{
    QItemSelection selection;
    QModelIndex first;
    for (const QString &id : ids) {
        const int row = m_manager->rowOf(id);
        if (row < 0)
            continue;
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
        if (!index.isValid())
            continue; // filtered out
        selection.select(index, index.siblingAtColumn(SiteDeviceModel::ColumnCount - 1));
        if (!first.isValid())
            first = index;
    }
    QItemSelectionModel *model = m_table->selectionModel();
    model->select(selection, QItemSelectionModel::ClearAndSelect);
    if (first.isValid()) {
        model->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
        m_table->scrollTo(first);
    }
    updateActions();
}

void DeviceSettingsDialog::updateActions()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    bool anyEnabled = false;
    bool anyDisabled = false;
    for (const QModelIndex &row : rows) {
        if (row.data(SiteDeviceModel::EnabledRole).toBool())
            anyEnabled = true;
        else
            anyDisabled = true;
    }
    const bool one = rows.size() == 1;
    m_edit->setEnabled(one);
    m_duplicate->setEnabled(one);
    m_remove->setEnabled(!rows.isEmpty());
    m_enable->setEnabled(anyDisabled);
    m_disable->setEnabled(anyEnabled);
    const bool reviewable = one
        && (rows.constFirst().data(SiteDeviceModel::CertificateChangedRole).toBool()
            || rows.constFirst().data(SiteDeviceModel::CertificateUntrustedRole).toBool());
    m_review->setEnabled(reviewable);
    m_export->setEnabled(m_manager->count() > 0);

    const int total = m_manager->count();
    const int shown = m_proxy->rowCount();
    m_summary->setText(shown == total ? tr("%n device(s)", nullptr, total)
                                      : tr("%1 of %n device(s)", nullptr, total).arg(shown));
}

void DeviceSettingsDialog::setCredentialStoreExplanation(const QString &text)
{
    m_credentialExplanation = text;
    updateCredentials();
}

void DeviceSettingsDialog::updateCredentials()
{
    CredentialStore *store = m_manager->credentials();
    if (!store) {
        m_credentials->hide();
        return;
    }
    // The explanation says why, but only for the store it was written about.
    const auto *file = qobject_cast<const FileCredentialStore *>(store);
    const QString fileProblem = file ? file->problem() : QString();
    if (!m_credentialExplanation.isEmpty())
        m_credentials->setText(m_credentialExplanation);
    else if (store->kind() == CredentialStore::Kind::Session)
        m_credentials->setText(tr("No keychain service is available: passwords are kept for "
                                  "this session only and must be entered again after GateWatch "
                                  "restarts. To keep them, choose a file for them: it will be "
                                  "readable by you only, but not encrypted."));
    else if (!fileProblem.isEmpty())
        m_credentials->setText(
            tr("The file chosen for passwords cannot be used: %1.").arg(fileProblem));
    else
        m_credentials->setText(tr("Passwords are kept in %1.").arg(store->description()));
    // Without a keychain a file is the way to keep passwords; a broken file can be replaced.
    m_useFile->setVisible(store->kind() == CredentialStore::Kind::Session
                          || !fileProblem.isEmpty());
}

bool DeviceSettingsDialog::useCredentialFile(const QString &path)
{
    // Owned by the manager object: the store must live as long as the manager uses it.
    auto *store = new FileCredentialStore(path, m_manager);
    if (const QString problem = store->problem(); !problem.isEmpty()) {
        delete store;
        showMessage(
            tr("Passwords are not kept in %1: %2").arg(QDir::toNativeSeparators(path), problem),
            true);
        return false;
    }
    m_credentialExplanation.clear(); // it was about the store before
    m_manager->setCredentials(store);
    emit credentialFileChosen(path);
    showMessage(tr("Passwords are now kept in %1, readable by you only and not encrypted; "
                   "those entered in this session are in it too.")
                    .arg(QDir::toNativeSeparators(path)));
    return true;
}

void DeviceSettingsDialog::chooseCredentialFile()
{
    auto *dialog = new QFileDialog(this, tr("A file for device passwords (readable by you only)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    // An existing credentials file is used as it is, not replaced.
    dialog->setOption(QFileDialog::DontConfirmOverwrite);
    dialog->setNameFilters({ tr("GateWatch password files (*.json)"), tr("All files (*)") });
    dialog->setDefaultSuffix(u"json"_s);
    dialog->selectFile(QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
                           .filePath(u"device-passwords.json"_s));
    connect(dialog, &QFileDialog::fileSelected, this,
            [this](const QString &path) { useCredentialFile(path); });
    dialog->open();
}

void DeviceSettingsDialog::showMessage(const QString &text, bool problem)
{
    QPalette palette = m_message->palette();
    palette.setColor(QPalette::WindowText,
                     problem ? ProblemColour : this->palette().color(QPalette::WindowText));
    m_message->setPalette(palette);
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void DeviceSettingsDialog::showContextMenu(const QPoint &position)
{
    QMenu menu(this);
    for (QAction *action : { m_edit, m_duplicate, m_review })
        menu.addAction(action);
    menu.addSeparator();
    menu.addAction(m_enable);
    menu.addAction(m_disable);
    menu.addSeparator();
    menu.addAction(m_remove);
    menu.addSeparator();
    menu.addAction(m_add);
    menu.exec(m_table->viewport()->mapToGlobal(position));
}

DeviceEditorDialog *DeviceSettingsDialog::openEditor(DeviceEditorDialog *editor)
{
    editor->setAttribute(Qt::WA_DeleteOnClose);
    editor->setWindowModality(Qt::WindowModal);
    editor->open();
    return editor;
}

DeviceEditorDialog *DeviceSettingsDialog::addDevice(const SiteDevice &device)
{
    auto *editor = new DeviceEditorDialog(DeviceEditorDialog::Mode::Add, device,
                                          m_manager->credentials(), this);
    editor->setApplyFunction(
        [this](const SiteDevice &added, const std::optional<QString> &password, QString *error) {
            const QString id = m_manager->add(added, password.value_or(QString()), error);
            if (id.isEmpty())
                return false;
            m_search->clear(); // the new device must be visible
            selectIds({ id });
            showMessage(tr("Added \"%1\"; it is connecting.").arg(added.name));
            return true;
        });
    return openEditor(editor);
}

DeviceEditorDialog *DeviceSettingsDialog::editDevice(const QString &id)
{
    return openEditorFor(id, this);
}

DeviceEditorDialog *DeviceSettingsDialog::openEditorFor(const QString &id, QWidget *over)
{
    const int row = m_manager->rowOf(id);
    if (row < 0)
        return nullptr;
    const SiteDevice &device = m_manager->device(row);
    auto *editor = new DeviceEditorDialog(DeviceEditorDialog::Mode::Edit, device,
                                          m_manager->credentials(), over);
    editor->setHasStoredPassword(m_manager->hasPassword(id));
    editor->setApplyFunction(
        [this](const SiteDevice &edited, const std::optional<QString> &password, QString *error) {
            if (m_manager->rowOf(edited.id) < 0) {
                *error = tr("the device was removed meanwhile");
                return false;
            }
            if (!m_manager->update(edited, password, error))
                return false;
            showMessage(tr("Saved \"%1\".").arg(edited.name));
            return true;
        });
    return openEditor(editor);
}

DeviceEditorDialog *DeviceSettingsDialog::duplicateDevice(const QString &id)
{
    const int row = m_manager->rowOf(id);
    if (row < 0)
        return nullptr;
    SiteDevice copy = m_manager->device(row);
    copy.id.clear();
    copy.name = tr("%1 (copy)").arg(copy.name);
    // Another terminal has a certificate of its own: the original's pin would not match it.
    copy.pinnedSha256.clear();
    DeviceEditorDialog *editor = addDevice(copy);
    editor->setWindowTitle(tr("Duplicate \"%1\"").arg(m_manager->device(row).name));
    return editor;
}

QMessageBox *DeviceSettingsDialog::confirmRemove(const QStringList &ids)
{
    QStringList names;
    for (const QString &id : ids) {
        const int row = m_manager->rowOf(id);
        if (row >= 0)
            names << m_manager->device(row).name;
    }
    if (names.isEmpty())
        return nullptr;
    auto *box
        = new QMessageBox(QMessageBox::Question, tr("Remove devices"),
                          tr("Remove %1?", nullptr, int(names.size())).arg(quotedNames(names)),
                          QMessageBox::NoButton, this);
    box->setObjectName(u"confirmRemove"_s);
    box->setInformativeText(tr("GateWatch disconnects and forgets them, with their passwords. "
                               "What they recorded stays in the database."));
    QPushButton *remove = box->addButton(tr("&Remove"), QMessageBox::DestructiveRole);
    remove->setObjectName(u"confirmRemoveButton"_s);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    connect(box, &QMessageBox::buttonClicked, this, [this, remove, ids](QAbstractButton *button) {
        if (button == remove)
            removeDevices(ids);
    });
    box->open();
    return box;
}

void DeviceSettingsDialog::removeDevices(const QStringList &ids)
{
    QStringList names;
    for (const QString &id : ids) {
        if (const int row = m_manager->rowOf(id); row >= 0)
            names << m_manager->device(row).name;
    }
    if (names.isEmpty())
        return;
    m_manager->remove(ids);
    showMessage(tr("Removed %1.").arg(quotedNames(names)));
}

void DeviceSettingsDialog::setDevicesEnabled(const QStringList &ids, bool enabled)
{
    m_manager->setEnabled(ids, enabled);
    updateActions();
}

CertificateTrustDialog *DeviceSettingsDialog::reviewCertificate(const QString &id)
{
    const int row = m_manager->rowOf(id);
    if (row < 0)
        return nullptr;
    const DeviceManager::Status status = m_manager->status(id);
    if ((!status.certificateChanged && !status.certificateUntrusted)
        || status.presentedCertificate.isNull())
        return nullptr;
    const SiteDevice &device = m_manager->device(row);
    auto *dialog = new CertificateTrustDialog(device.name, status.presentedCertificate,
                                              device.pinnedSha256, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &QDialog::accepted, this, [this, dialog, id, name = device.name] {
        if (m_manager->rowOf(id) < 0)
            return;
        m_manager->pinCertificate(id, dialog->sha256());
        showMessage(tr("Pinned the certificate of \"%1\"; it is connecting.").arg(name));
    });
    dialog->open();
    return dialog;
}

DiscoveryDialog *DeviceSettingsDialog::findDevices(DeviceBrowser *browser)
{
    if (m_discovery) {
        m_discovery->raise();
        m_discovery->activateWindow();
        return m_discovery;
    }
    m_discovery = new DiscoveryDialog(m_manager, browser, this);
    m_discovery->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_discovery, &DiscoveryDialog::deviceAdded, this, [this](const QString &id) {
        m_search->clear();
        selectIds({ id });
        const int row = m_manager->rowOf(id);
        showMessage(tr("Added \"%1\". Check its certificate and enter its login in its settings.")
                        .arg(m_manager->device(row).name));
        // Over the discovery dialog: that is where the operator is looking.
        if (DeviceEditorDialog *editor = openEditorFor(id, m_discovery))
            editor->testConnection();
    });
    m_discovery->show();
    return m_discovery;
}

bool DeviceSettingsDialog::exportDevices(const QString &path)
{
    QSaveFile file(path);
    const QByteArray json = SiteDeviceList::toJson(m_manager->devices());
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit()) {
        showMessage(tr("The device list was not exported: %1: %2")
                        .arg(QDir::toNativeSeparators(path), file.errorString()),
                    true);
        return false;
    }
    showMessage(tr("Exported %n device(s) to %1. Passwords are not in the file: enter them "
                   "at the other station.",
                   nullptr, m_manager->count())
                    .arg(QDir::toNativeSeparators(path)));
    return true;
}

int DeviceSettingsDialog::importDevices(const QString &path)
{
    const QString shownPath = QDir::toNativeSeparators(path);
    const auto refuse = [this, &shownPath](const QString &why) {
        showMessage(tr("Nothing was imported from %1: %2").arg(shownPath, why), true);
        return -1;
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return refuse(file.errorString());
    if (file.size() > MaxImportBytes)
        return refuse(tr("the file is too big to be a device list"));
    QString error;
    const auto devices = SiteDeviceList::fromJson(file.read(MaxImportBytes), &error);
    if (!devices)
        return refuse(error);
    QStringList problems;
    const int added = m_manager->importDevices(*devices, &problems);
    QString text = tr("Imported %n device(s) from %1.", nullptr, added).arg(shownPath);
    if (added > 0)
        text += u' ' + tr("Device lists carry no passwords: enter them with Edit….");
    if (!problems.isEmpty())
        text += u'\n' + tr("Not imported: %1").arg(problems.join(u"; "_s));
    showMessage(text, !problems.isEmpty());
    return added;
}

void DeviceSettingsDialog::chooseImportFile()
{
    auto *dialog = new QFileDialog(this, tr("Import a device list"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptOpen);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setNameFilters({ tr("Device lists (*.json)"), tr("All files (*)") });
    dialog->setDirectory(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation));
    connect(dialog, &QFileDialog::fileSelected, this,
            [this](const QString &path) { importDevices(path); });
    dialog->open();
}

void DeviceSettingsDialog::chooseExportFile()
{
    auto *dialog = new QFileDialog(this, tr("Export the device list (without passwords)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setNameFilters({ tr("Device lists (*.json)"), tr("All files (*)") });
    dialog->setDefaultSuffix(u"json"_s);
    dialog->selectFile(QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                           .filePath(tr("gatewatch-devices.json")));
    connect(dialog, &QFileDialog::fileSelected, this,
            [this](const QString &path) { exportDevices(path); });
    dialog->open();
}
