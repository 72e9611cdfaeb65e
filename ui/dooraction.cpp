#include "dooraction.h"

#include "device/deviceconfig.h"
#include "event/alertrules.h"
#include "model/alertmodel.h"
#include "store/dooropening.h"

#include <QCoreApplication>
#include <QLocale>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace {
// lupdate finds the strings by this context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(DoorAction)
};

QString localTime(const QDateTime &at)
{
    return QLocale().toString(at.toLocalTime().time(), u"HH:mm"_s);
}
} // namespace

bool DoorAction::confirm(QWidget *parent, const RecognitionEvent &event, const DeviceConfig &device,
                         const QString &operatorName)
{
    // On the heap and watched: whatever closes the parent while the box waits (the window
    // closing, a signal) takes the box with it, and that must not be a double delete.
    auto *box = new QMessageBox(parent);
    const QPointer<QMessageBox> alive(box);
    box->setObjectName(u"openDoorConfirmation"_s);
    box->setIcon(QMessageBox::Warning);
    box->setWindowTitle(Text::tr("Open door"));
    // Names are device data: shown as they are, never interpreted as markup.
    box->setTextFormat(Qt::PlainText);
    box->setText(
        Text::tr(
            "Open the door at %1?\n\nIn answer to: %2\n\nThe terminal opens its door for its usual "
            "time. The request and its outcome are logged under your name (%3).")
            .arg(device.name, AlertModel::summary(event, AlertRules::reasons(event)),
                 operatorName));
    QPushButton *open = box->addButton(Text::tr("Open door"), QMessageBox::AcceptRole);
    open->setObjectName(u"openDoorButton"_s);
    QPushButton *cancel = box->addButton(QMessageBox::Cancel);
    cancel->setObjectName(u"cancelButton"_s);
    // Enter alone must not open a door: Cancel is the default, and Escape means it too.
    box->setDefaultButton(cancel);
    box->setEscapeButton(cancel);
    box->exec();
    if (!alive)
        return false;
    const bool confirmed = box->clickedButton() == open;
    delete box;
    return confirmed;
}

QString DoorAction::describe(const DoorOpening &entry, bool underWay)
{
    const QString asked = localTime(entry.requestedAt);
    if (!entry.hasOutcome() && underWay) {
        return Text::tr("Opening the door of %1 (asked by %2 at %3)…")
            .arg(entry.deviceName, entry.requestedBy, asked);
    }
    if (!entry.hasOutcome()) {
        return Text::tr("Door opening asked at %1 by %2; no outcome was recorded")
            .arg(asked, entry.requestedBy);
    }
    if (entry.opened)
        return Text::tr("Door opened at %1 by %2")
            .arg(localTime(entry.finishedAt), entry.requestedBy);
    return Text::tr("Door not opened at %1 (asked by %2): %3")
        .arg(localTime(entry.finishedAt), entry.requestedBy, entry.result);
}

QString DoorAction::toolTip(const QString &deviceName)
{
    return Text::tr("Ask %1 to open its door, after a confirmation").arg(deviceName);
}
