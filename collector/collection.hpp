// One collection run: walks migready::contract::kArtifacts in order, collects each row through the Win32
// layer into the bundle zip, writes manifest.json last and renames <name>.zip.partial to <name>.zip.
// Fault isolation: a failing step becomes an artifact entry with its status and error, never a stopped run;
// only Ctrl-C (remaining steps skipped, manifest `complete: false`) or a broken zip stop it early.
#pragma once

#include "core/options.hpp"

namespace migready::collector {

// Runs the collection; returns the process exit code (core/options.hpp).
int run_collection(const Options& options);

}  // namespace migready::collector
