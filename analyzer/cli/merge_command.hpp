// `migready merge BUNDLE PARTIAL... -o NEW` (report/merge.hpp does the work): the CLI's side, kept out of main.cpp.
#pragma once

#include <string>
#include <vector>

namespace migready::cli {

// `bundles`: the positional arguments; `output`: -o's value ("" when missing); `stray_option`: a name of an
// option merge does not take that was given, or "". Prints what was taken from where to stderr, the new
// bundle's path to stdout. Returns 0 when NEW was written, 2 otherwise (nothing written).
int run_merge(const std::vector<std::string>& bundles, const std::string& output, const std::string& stray_option);

}  // namespace migready::cli
