#include "cli/merge_command.hpp"

#include <filesystem>
#include <iostream>
#include <system_error>

#include "bundle/bundle.hpp"
#include "core/diagnostics.hpp"
#include "platform/platform.hpp"
#include "report/merge.hpp"

namespace migready::cli {

int run_merge(const std::vector<std::string>& bundles, const std::string& output, const std::string& stray_option) {
  constexpr int kWritten = 0, kFailed = 2;
  const char* usage = "usage: migready merge BUNDLE PARTIAL... -o NEW";
  if (!stray_option.empty()) {
    std::cerr << "migready: " << stray_option << " is not an option of merge\n" << usage << "\n";
    return kFailed;
  }
  if (bundles.size() < 2 || output.empty()) {
    std::cerr << "migready: merge needs two or more bundles of one host and -o NEW\n" << usage << "\n";
    return kFailed;
  }
  // -o must be a new file, never one of the inputs (the inputs are the evidence).
  for (const std::string& in : bundles) {
    std::error_code ec;
    if (std::filesystem::equivalent(platform::fs_path(in), platform::fs_path(output), ec) && !ec) {
      std::cerr << "migready: -o " << output << " is one of the bundles to merge; write the merged bundle elsewhere\n";
      return kFailed;
    }
  }
  Diagnostics diags;
  auto merged = report::merge_bundles(bundles, bundle::Limits{}, diags);
  if (!merged) {
    std::cerr << "migready: merge: " << merged.error().to_string() << "\nnothing was written\n";
    return kFailed;
  }
  for (const std::string& note : merged->clock_notes) std::cerr << "migready: warning: " << note << "\n";
  for (const std::string& line : merged->taken) std::cerr << "  " << line << "\n";
  if (auto written = platform::write_file_atomically(output, merged->zip); !written) {
    std::cerr << "migready: merge: " << written.error().to_string() << "\nnothing was written\n";
    return kFailed;
  }
  std::cerr << "migready: merged " << bundles.size() << " bundles, " << merged->artifacts << " artifacts\n";
  std::cout << output << "\n";
  return kWritten;
}

}  // namespace migready::cli
