// Runs KeychainCredentialStore::probe() or CredentialStores::create() in a process of its own,
// so that tst_keychainprobe can give each case its own session bus environment (the bus a
// process uses is decided at its first use). Prints what it found, one "name=value" a line:
//
//   keychainprobehelper probe TIMEOUT_MS          available=0|1, reason=…
//   keychainprobehelper select TIMEOUT_MS [FILE]  kind=…, explanation=…

#include "device/credentialstores.h"
#include "device/keychaincredentialstore.h"

#include <QCoreApplication>
#include <QMetaEnum>
#include <QTextStream>

#include <chrono>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 3) {
        QTextStream(stderr) << "usage: keychainprobehelper probe|select TIMEOUT_MS [FILE]\n";
        return 2;
    }
    const std::chrono::milliseconds timeout(args.at(2).toInt());
    QTextStream out(stdout);

    if (args.at(1) == u"probe"_s) {
        KeychainCredentialStore::probe(
            &app,
            [&out](bool available, const QString &reason) {
                out << "available=" << (available ? 1 : 0) << "\nreason=" << reason << '\n';
                out.flush();
                QCoreApplication::exit(0);
            },
            timeout);
    } else if (args.at(1) == u"select"_s) {
        CredentialStores::create(
            args.value(3), &app,
            [&out](CredentialStores::Selection &&selection) {
                out << "kind="
                    << QMetaEnum::fromType<CredentialStore::Kind>().valueToKey(
                           int(selection.store->kind()))
                    << "\nexplanation=" << selection.explanation << '\n';
                out.flush();
                QCoreApplication::exit(0);
            },
            timeout);
    } else {
        QTextStream(stderr) << "unknown command " << args.at(1) << '\n';
        return 2;
    }
    return QCoreApplication::exec();
}
