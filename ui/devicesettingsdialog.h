#pragma once

#include "device/sitedevice.h"

#include <QDialog>
#include <QPointer>
#include <QStringList>
#include <QTimer>

class CertificateTrustDialog;
class DeviceBrowser;
class DeviceEditorDialog;
class DiscoveryDialog;
class DeviceManager;
class QAction;
class QLabel;
class QLineEdit;
class QMessageBox;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class SiteDeviceModel;

// Devices ▸ Manage devices…: the station's terminals, in a table with their live state, and
// everything an operator does with them. Every change applies at once through the
// DeviceManager (adding connects, disabling disconnects, editing reconnects that device only):
// there is nothing to confirm at the end, only Close.
//
// The editor, the trust dialog and the remove confirmation open window-modal (open(), not
// exec()) and the functions that open them return them, so that tests drive them like an
// operator. Import and export take a file name; the buttons ask for it with a file dialog.
class DeviceSettingsDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit DeviceSettingsDialog(DeviceManager *manager, QWidget *parent = nullptr);
    ~DeviceSettingsDialog() override;

    DeviceManager *manager() const { return m_manager; }
    QTableView *table() const { return m_table; }
    QLineEdit *searchEdit() const { return m_search; }
    SiteDeviceModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    // The result of the last operation in words (import, export, a refusal).
    QLabel *messageLabel() const { return m_message; }
    QLabel *credentialsLabel() const { return m_credentials; }

    QAction *addDeviceAction() const { return m_add; }
    QAction *editAction() const { return m_edit; }
    QAction *duplicateAction() const { return m_duplicate; }
    QAction *removeAction() const { return m_remove; }
    QAction *enableAction() const { return m_enable; }
    QAction *disableAction() const { return m_disable; }
    QAction *reviewCertificateAction() const { return m_review; }
    QAction *importAction() const { return m_import; }
    QAction *exportAction() const { return m_export; }
    QAction *findDevicesAction() const { return m_find; }

    // The ids of the selected devices, in the table's order.
    QStringList selectedIds() const;
    // Selects these devices (and makes the first one current).
    void selectIds(const QStringList &ids);

    // Opens the editor for a new device, prefilled with `device`.
    DeviceEditorDialog *addDevice(const SiteDevice &device = {});
    DeviceEditorDialog *editDevice(const QString &id);
    // A copy of the device in the editor, to be added once its host and name are changed.
    DeviceEditorDialog *duplicateDevice(const QString &id);
    // Asks, naming them, then removes.
    QMessageBox *confirmRemove(const QStringList &ids);
    void removeDevices(const QStringList &ids);
    void setDevicesEnabled(const QStringList &ids, bool enabled);
    // The trust dialog for the certificate the device presented (when it is untrusted or
    // changed); accepting it pins the certificate. nullptr when there is nothing to review.
    CertificateTrustDialog *reviewCertificate(const QString &id);

    // Which credential store is in use and why, in words (CredentialStores' explanation);
    // without it the dialog describes the store itself.
    void setCredentialStoreExplanation(const QString &text);

    // Keeps passwords in this file from now on (owner-only, see FileCredentialStore), with
    // those known so far; the choice is announced with credentialFileChosen() for the next
    // start. False, with the reason shown, when the file cannot be used.
    bool useCredentialFile(const QString &path);
    QPushButton *useFileButton() const { return m_useFile; }

    // Writes every device (without passwords) to `path`. False with the reason shown.
    bool exportDevices(const QString &path);
    // Adds every device of the file; a bad file adds nothing and says why. Returns how many
    // were added, -1 when the file was refused.
    int importDevices(const QString &path);

    // Find devices…: the terminals announced on the network (through `browser`, not owned;
    // null: the discovery dialog's own). Adding one opens its editor and tests it at once.
    DiscoveryDialog *findDevices(DeviceBrowser *browser = nullptr);

signals:
    // The operator chose a file for passwords (see CredentialStores::setConfiguredFile).
    void credentialFileChosen(const QString &path);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void updateActions();
    void updateCredentials();
    void showMessage(const QString &text, bool problem = false);
    void showContextMenu(const QPoint &position);
    void chooseImportFile();
    void chooseExportFile();
    void chooseCredentialFile();
    void applyIcons();
    DeviceEditorDialog *openEditor(DeviceEditorDialog *editor);
    DeviceEditorDialog *openEditorFor(const QString &id, QWidget *over);

    DeviceManager *m_manager = nullptr;
    SiteDeviceModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_table = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_message = nullptr;
    QLabel *m_credentials = nullptr;
    QPushButton *m_useFile = nullptr;

    QAction *m_add = nullptr;
    QAction *m_edit = nullptr;
    QAction *m_duplicate = nullptr;
    QAction *m_remove = nullptr;
    QAction *m_enable = nullptr;
    QAction *m_disable = nullptr;
    QAction *m_review = nullptr;
    QAction *m_import = nullptr;
    QAction *m_export = nullptr;
    QAction *m_find = nullptr;
    QAction *m_focusSearch = nullptr;
    QPointer<DiscoveryDialog> m_discovery;
    QString m_credentialExplanation;
    QTimer m_actionsTimer;
};
