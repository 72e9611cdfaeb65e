// How the device settings dialog copes with a large site: N devices (300 by default) in a real
// DeviceManager, the dialog opened offscreen. Prints the time to add them, to show the dialog,
// to filter by search text and to disable and enable all of them. Figures only: nothing here
// passes or fails on time.
//
//   bench_device_dialog [DEVICES]
//
// The devices point at a closed port on 127.0.0.1, so while enabled they keep failing and
// retrying, as unreachable terminals do: their states change while the dialog is measured.

#include "device/credentialstore.h"
#include "device/devicehub.h"
#include "devicesettingsdialog.h"
#include "session/devicemanager.h"

#include <QAbstractItemModel>
#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

double elapsedMs(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

// Everything queued (layout, paint) is done.
void settle()
{
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
}

quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost);
    return server.serverPort(); // closed again when the server goes
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int count = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 300;
    if (count < 1) {
        std::fprintf(stderr, "usage: bench_device_dialog [DEVICES]\n");
        return 2;
    }

    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    SessionCredentialStore credentials;
    DeviceHub hub;
    DeviceManager manager(&hub, &credentials, &settings);
    manager.load();

    const quint16 port = closedPort();
    QList<SiteDevice> devices;
    devices.reserve(count);
    for (int i = 0; i < count; ++i) {
        SiteDevice device;
        device.name = u"Gate %1"_s.arg(i + 1, 3, 10, QLatin1Char('0'));
        device.location = i % 2 == 0 ? u"Building A"_s : u"Building B, floor %1"_s.arg(i % 7);
        device.host = u"127.0.0.1"_s;
        device.port = port;
        device.tls = false;
        devices.append(device);
    }
    QElapsedTimer timer;
    timer.start();
    QStringList problems;
    const int added = manager.importDevices(devices, &problems);
    const double addMs = elapsedMs(timer);
    if (added != count) {
        std::fprintf(stderr, "only %d of %d devices were added: %s\n", added, count,
                     qPrintable(problems.join(u"; "_s)));
        return 1;
    }

    timer.restart();
    DeviceSettingsDialog dialog(&manager);
    dialog.resize(1000, 700);
    dialog.show();
    if (!QTest::qWaitForWindowExposed(&dialog)) {
        std::fprintf(stderr, "the dialog was not shown\n");
        return 1;
    }
    settle();
    const double showMs = elapsedMs(timer);

    const QStringList queries = { u"Gate 1"_s,   u"gate 12"_s,         u"floor 3"_s,
                                  u"Gate 299"_s, u"nothing matches"_s, QString() };
    std::printf("devices: %d\n", count);
    std::printf("add all (DeviceManager::importDevices): %.1f ms\n", addMs);
    std::printf("open and show the dialog: %.1f ms\n", showMs);
    for (const QString &query : queries) {
        timer.restart();
        dialog.searchEdit()->setText(query);
        settle();
        std::printf("filter \"%s\" -> %d rows: %.2f ms\n", qPrintable(query),
                    dialog.proxy()->rowCount(), elapsedMs(timer));
    }

    // Typing a search key by key, as an operator does.
    dialog.searchEdit()->clear();
    settle();
    timer.restart();
    for (const QChar c : u"building b"_s) {
        dialog.searchEdit()->setText(dialog.searchEdit()->text() + c);
        settle();
    }
    std::printf("type \"building b\" key by key -> %d rows: %.2f ms in all\n",
                dialog.proxy()->rowCount(), elapsedMs(timer));
    dialog.searchEdit()->clear();
    settle();

    const auto enabledCount = [&manager] {
        int enabled = 0;
        for (const SiteDevice &device : manager.devices())
            enabled += device.enabled ? 1 : 0;
        return enabled;
    };
    dialog.table()->selectAll();
    settle();
    timer.restart();
    dialog.disableAction()->trigger();
    settle();
    std::printf("disable all %d (selected, Disable): %.1f ms; %d enabled after\n", count,
                elapsedMs(timer), enabledCount());
    timer.restart();
    dialog.enableAction()->trigger();
    settle();
    std::printf("enable all %d (selected, Enable): %.1f ms; %d enabled after\n", count,
                elapsedMs(timer), enabledCount());

    timer.restart();
    for (int i = 0; i < 20; ++i) {
        dialog.table()->viewport()->repaint();
    }
    std::printf("repaint the table: %.2f ms each\n", elapsedMs(timer) / 20);

    hub.stopAll();
    return 0;
}
