#include "alertrulesdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

#include <array>

AlertRulesDialog::AlertRulesDialog(AlertRules::Reasons enabled, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Alert rules"));
    auto *layout = new QVBoxLayout(this);
    auto *intro
        = new QLabel(tr("Raise an alert (banner, tray notification, alert list) for:"), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    const std::array<std::pair<AlertRules::Reason, QString>, 4> rules = { {
        { AlertRules::Reason::Stranger, tr("&Strangers (nobody enrolled matched the face)") },
        { AlertRules::Reason::Denied, tr("&Denied passage (or failed authentication)") },
        { AlertRules::Reason::NonLive, tr("&Non-live attempts (a photo or a screen)") },
        { AlertRules::Reason::Blacklist, tr("&Blacklisted people") },
    } };
    for (const auto &[reason, text] : rules) {
        auto *box = new QCheckBox(text, this);
        box->setChecked(enabled.testFlag(reason));
        m_boxes.insert(box, reason);
        layout->addWidget(box);
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

AlertRules::Reasons AlertRulesDialog::reasons() const
{
    AlertRules::Reasons result;
    for (auto it = m_boxes.cbegin(); it != m_boxes.cend(); ++it) {
        if (it.key()->isChecked())
            result |= it.value();
    }
    return result;
}
