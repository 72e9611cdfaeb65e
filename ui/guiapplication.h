#pragma once

#include <QStringList>

// Running `gatewatch` without a command: the options of the window, then the window itself.
namespace Gui {
// Parses `arguments` (argv[0] then options), opens the session and the main window and runs
// the event loop. Expects a QApplication. Returns the exit code (2 on bad arguments).
int run(const QStringList &arguments);
// The options of the window, for `gatewatch --help`.
QString optionsHelp();
} // namespace Gui
