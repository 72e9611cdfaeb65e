#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

// What the dashboard shows in place of an empty gallery and table at a station that watches no
// terminal yet and has recorded nothing: what GateWatch does, and the three ways to start, each
// a button with an access key no menu uses (Alt+T, Alt+N, Alt+M): add a terminal by its address, find the ones announced on the
// network, or try it with simulated terminals (a restart with --demo).
class WelcomePage final : public QWidget
{
    Q_OBJECT

public:
    explicit WelcomePage(QWidget *parent = nullptr);

    QPushButton *addButton() const { return m_add; }
    QPushButton *findButton() const { return m_find; }
    QPushButton *demoButton() const { return m_demo; }

signals:
    void addDeviceRequested();
    void findDevicesRequested();
    void demoRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyIcon();

    QPushButton *m_add = nullptr;
    QPushButton *m_find = nullptr;
    QPushButton *m_demo = nullptr;
    QLabel *m_icon = nullptr;
};
