#pragma once

#include <QFrame>

class AlertModel;
class QLabel;
class QPushButton;

// The strip above the gallery that will not be missed while an alert is unacknowledged: the
// newest alert in words, how many are waiting, and the buttons to look and to acknowledge.
// Hidden while nothing waits.
class AlertBanner final : public QFrame
{
    Q_OBJECT

public:
    explicit AlertBanner(AlertModel *alerts, QWidget *parent = nullptr);

    QString text() const;

signals:
    void showRequested(int alertRow);
    void acknowledgeRequested(int alertRow);
    void acknowledgeAllRequested();

private:
    void refresh();

    AlertModel *m_alerts = nullptr;
    QLabel *m_icon = nullptr;
    QLabel *m_text = nullptr;
    QPushButton *m_show = nullptr;
    QPushButton *m_acknowledge = nullptr;
    QPushButton *m_acknowledgeAll = nullptr;
};
