// Every OS-specific call of the analyzer lives in platform.cpp, so a Windows build swaps one file.
#pragma once

namespace migready::platform {

// True when standard output is a terminal (colors, progress).
bool stdout_is_terminal();

}  // namespace migready::platform
