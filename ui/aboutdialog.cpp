#include "aboutdialog.h"

#include "icons.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QDir>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSysInfo>
#include <QVBoxLayout>

#include <utility>

using namespace Qt::StringLiterals;

namespace {
constexpr int IconSize = 64;
} // namespace

AboutDialog::AboutDialog(QString databasePath, QString settingsPath, QWidget *parent)
    : QDialog(parent)
    , m_databasePath(std::move(databasePath))
    , m_settingsPath(std::move(settingsPath))
{
    setObjectName(u"aboutDialog"_s);
    setWindowTitle(tr("About GateWatch"));

    auto *icon = new QLabel(this);
    icon->setPixmap(Icons::pixmap(u"gatewatch"_s, IconSize, devicePixelRatioF(), palette()));
    icon->setAlignment(Qt::AlignTop);

    auto *title = new QLabel(tr("GateWatch %1").arg(QStringLiteral(GATEWATCH_VERSION)), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto *summary = new QLabel(tr("Monitor for face-recognition access terminals."), this);

    // Paths are shown as text, never as markup.
    auto *facts = new QLabel(this);
    facts->setObjectName(u"aboutFacts"_s);
    facts->setTextFormat(Qt::PlainText);
    facts->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    facts->setText(versionText());

    auto *license = new QLabel(this);
    license->setObjectName(u"aboutLicense"_s);
    license->setWordWrap(true);
    license->setOpenExternalLinks(true);
    license->setTextInteractionFlags(Qt::TextBrowserInteraction);
    license->setText(
        tr("GateWatch is free software: you can redistribute it and/or modify it under the "
           "terms of the <a href=\"https://www.gnu.org/licenses/gpl-3.0.html\">GNU General "
           "Public License</a>, version 3 or (at your option) any later version. It comes with "
           "ABSOLUTELY NO WARRANTY. Qt is used under the GNU Lesser General Public License, "
           "version 3."));

    auto *text = new QVBoxLayout;
    text->addWidget(title);
    text->addWidget(summary);
    text->addSpacing(8);
    text->addWidget(facts);
    text->addSpacing(8);
    text->addWidget(license);
    auto *top = new QHBoxLayout;
    top->addWidget(icon);
    top->addSpacing(12);
    top->addLayout(text, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *copy
        = buttons->addButton(tr("&Copy version information"), QDialogButtonBox::ActionRole);
    copy->setObjectName(u"copyVersionButton"_s);
    QPushButton *aboutQt = buttons->addButton(tr("About &Qt"), QDialogButtonBox::HelpRole);
    connect(copy, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(versionText()); });
    connect(aboutQt, &QPushButton::clicked, this, [] { QApplication::aboutQt(); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    buttons->button(QDialogButtonBox::Close)->setDefault(true);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buttons);
    setMinimumWidth(560);
}

QString AboutDialog::versionText() const
{
    QStringList lines {
        tr("GateWatch %1").arg(QStringLiteral(GATEWATCH_VERSION)),
        tr("Qt %1 (built against %2)")
            .arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR)),
        tr("System: %1, %2, display %3")
            .arg(QSysInfo::prettyProductName(), QSysInfo::currentCpuArchitecture(),
                 QGuiApplication::platformName()),
    };
    if (!m_databasePath.isEmpty())
        lines << tr("Database: %1").arg(QDir::toNativeSeparators(m_databasePath));
    if (!m_settingsPath.isEmpty())
        lines << tr("Settings: %1").arg(QDir::toNativeSeparators(m_settingsPath));
    return lines.join(u'\n');
}
