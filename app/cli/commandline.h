#pragma once

#include <QString>
#include <QStringList>

#include <optional>

class QCommandLineParser;

// What every subcommand shares: help handling, one-line argument errors with exit code 2.
namespace Cli {
inline constexpr int ExitOk = 0;
inline constexpr int ExitFailure = 1;
inline constexpr int ExitUsage = 2;

// Parses `arguments` (argv[0], the command, its options; no positional arguments). Returns an
// exit code when the command must stop here: 0 after printing --help, 2 after a one-line error
// on stderr.
std::optional<int> parseArguments(QCommandLineParser &parser, const QStringList &arguments,
                                  const QString &command);

// Prints "gatewatch COMMAND: MESSAGE" and a pointer to --help on stderr; returns 2.
int usageError(const QString &command, const QString &message);

// Prints "gatewatch COMMAND: MESSAGE" on stderr.
void printError(const QString &command, const QString &message);

// Reads a whole file that holds a secret (a password), without its trailing newline.
std::optional<QString> readSecretFile(const QString &path, QString *error);
} // namespace Cli
