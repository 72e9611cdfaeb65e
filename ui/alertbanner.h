#pragma once

#include <QFrame>
#include <QString>

#include <functional>

class AlertModel;
class QLabel;
class QPushButton;
struct RecognitionEvent;

// The strip above the gallery that will not be missed while an alert is unacknowledged: the
// newest alert in words, how many are waiting, and the buttons to look, to open the door and to
// acknowledge. Hidden while nothing waits.
class AlertBanner final : public QFrame
{
    Q_OBJECT

public:
    explicit AlertBanner(AlertModel *alerts, QWidget *parent = nullptr);

    // Whether the door of the device that raised an alert can be opened now: an empty string
    // when it can, else why not (the button's tooltip). Without a check the button is hidden.
    using DoorCheck = std::function<QString(const RecognitionEvent &event)>;
    void setDoorCheck(DoorCheck check);

    QString text() const;
    QPushButton *openDoorButton() const { return m_openDoor; }

public slots:
    // Shows the newest waiting alert again; call it when what the door check says may have
    // changed.
    void refresh();

signals:
    void showRequested(int alertRow);
    void acknowledgeRequested(int alertRow);
    void acknowledgeAllRequested();
    void openDoorRequested(int alertRow);

private:
    AlertModel *m_alerts = nullptr;
    QLabel *m_icon = nullptr;
    QLabel *m_text = nullptr;
    QPushButton *m_show = nullptr;
    QPushButton *m_openDoor = nullptr;
    QPushButton *m_acknowledge = nullptr;
    QPushButton *m_acknowledgeAll = nullptr;
    DoorCheck m_doorCheck;
};
