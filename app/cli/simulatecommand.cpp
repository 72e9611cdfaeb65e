#include "commands.h"

int Cli::runSimulate(const QStringList &)
{
    return 1; // replaced by the simulator work
}
