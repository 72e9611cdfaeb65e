#include "welcomepage.h"

#include "icons.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
constexpr int IconSize = 72;
constexpr int TextWidth = 620;

QLabel *paragraph(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    return label;
}
} // namespace

WelcomePage::WelcomePage(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"welcomePage"_s);
    setAccessibleName(tr("Getting started"));
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);

    auto *column = new QWidget(this);
    column->setMaximumWidth(TextWidth);
    auto *layout = new QVBoxLayout(column);
    layout->setSpacing(12);

    m_icon = new QLabel(column);
    m_icon->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_icon);
    auto *title = new QLabel(tr("Welcome to GateWatch"), column);
    title->setObjectName(u"welcomeTitle"_s);
    title->setAlignment(Qt::AlignCenter);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    title->setFont(titleFont);
    layout->addWidget(title);
    auto *intro = paragraph(
        tr("GateWatch shows every recognition of your face-recognition terminals the moment it "
           "happens, raises an alert for strangers, denials and failed liveness checks, and "
           "keeps the history for search and export. This station watches no terminal yet."),
        column);
    intro->setAlignment(Qt::AlignCenter);
    layout->addWidget(intro);
    layout->addSpacing(8);

    // Each way to start: its button, and beneath it what it does.
    const auto addStep = [&](QPushButton *button, const QString &text) {
        button->setMinimumWidth(260);
        layout->addWidget(button, 0, Qt::AlignLeft);
        QLabel *label = paragraph(text, column);
        label->setIndent(24);
        label->setBuddy(button);
        layout->addWidget(label);
        layout->addSpacing(4);
    };
    m_add = new QPushButton(tr("Add a &terminal…"), column);
    m_add->setObjectName(u"welcomeAddDevice"_s);
    m_add->setDefault(true);
    addStep(m_add,
            tr("Enter its address and, if it asks for one, its login. GateWatch shows "
               "the terminal's certificate for you to check before it trusts it."));
    m_find = new QPushButton(tr("Find terminals on this &network…"), column);
    m_find->setObjectName(u"welcomeFindDevices"_s);
    addStep(m_find,
            tr("Lists the terminals that announce themselves on the local network, "
               "to add with their address filled in."));
    m_demo = new QPushButton(tr("Try the de&mo"), column);
    m_demo->setObjectName(u"welcomeDemo"_s);
    addStep(m_demo,
            tr("Restarts GateWatch with six simulated terminals and a separate demo "
               "database, so you can see the dashboard at work first. Your own "
               "settings are kept."));
    layout->addSpacing(8);
    auto *server = paragraph(
        tr("To record on a server without a window, run 'gatewatch record --config FILE' "
           "with the device list this window exports (see 'gatewatch record --help')."),
        column);
    server->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(server);

    // Centred, as wide as the window allows up to a comfortable line length.
    column->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(column, 10);
    row->addStretch(1);
    auto *outer = new QVBoxLayout(this);
    outer->addStretch(1);
    outer->addLayout(row);
    outer->addStretch(2);
    setFocusProxy(m_add);
    setTabOrder(m_add, m_find);
    setTabOrder(m_find, m_demo);

    connect(m_add, &QPushButton::clicked, this, &WelcomePage::addDeviceRequested);
    connect(m_find, &QPushButton::clicked, this, &WelcomePage::findDevicesRequested);
    connect(m_demo, &QPushButton::clicked, this, &WelcomePage::demoRequested);
    applyIcon();
}

void WelcomePage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_icon)
        applyIcon();
}

void WelcomePage::applyIcon()
{
    m_icon->setPixmap(Icons::pixmap(u"gatewatch"_s, IconSize, devicePixelRatioF(), palette()));
}
