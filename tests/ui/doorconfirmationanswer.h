#pragma once

// Answers the dashboard's "Open door" confirmation (DoorAction::confirm) the way a guard
// would, once it is open, and keeps what it showed for the test to check.

#include <QApplication>
#include <QKeyEvent>
#include <QMessageBox>
#include <QPushButton>
#include <QTest>
#include <QTimer>

#include <memory>

namespace DoorConfirmationAnswer {

struct Seen final
{
    bool shown = false;
    QString text;
    QString openButtonText;
    bool cancelIsDefault = false;
    bool cancelIsEscape = false;
};

enum class Answer {
    Open, // clicks "Open door"
    PressEnter, // presses Enter: whatever the default button is
};

// Answers the next confirmation; `seen` (if given) is filled in when it is answered.
inline void answer(Answer how, const std::shared_ptr<Seen> &seen = std::make_shared<Seen>())
{
    QTimer::singleShot(10, qApp, [how, seen] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box || box->objectName() != QLatin1String("openDoorConfirmation")) {
            answer(how, seen); // not open yet
            return;
        }
        auto *open = box->findChild<QPushButton *>(QStringLiteral("openDoorButton"));
        auto *cancel = box->findChild<QPushButton *>(QStringLiteral("cancelButton"));
        seen->shown = true;
        seen->text = box->text();
        seen->openButtonText = open ? open->text() : QString();
        seen->cancelIsDefault = cancel && box->defaultButton() == cancel;
        seen->cancelIsEscape = cancel && box->escapeButton() == cancel;
        if (how == Answer::Open && open)
            open->click();
        else
            QTest::keyClick(box, Qt::Key_Return);
    });
}

} // namespace DoorConfirmationAnswer
