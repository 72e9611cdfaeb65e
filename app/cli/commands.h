#pragma once

#include <QStringList>

// The `gatewatch` subcommands. Each takes the full argument list (argv[0], the command name,
// then its options), parses it with its own QCommandLineParser and returns the process exit
// code: 0 on success, 1 on a runtime failure, 2 on bad arguments (after a one-line error).
// Each expects a QCoreApplication (or subclass) to exist and runs its event loop as needed.
namespace Cli {
int runRecord(const QStringList &arguments);
int runExport(const QStringList &arguments);
int runSimulate(const QStringList &arguments);
} // namespace Cli
