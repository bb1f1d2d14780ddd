#include "core/disk_space.hpp"

#include <algorithm>
#include <limits>

#include "contract/ascii.hpp"

namespace migready::collector {
namespace {

std::uint64_t add(std::uint64_t a, std::uint64_t b) {
  return a > std::numeric_limits<std::uint64_t>::max() - b ? std::numeric_limits<std::uint64_t>::max() : a + b;
}

// One volume's verdict: the message part, or "" when the need fits.
std::string short_of(const VolumeSpace& v, std::uint64_t need, const std::string& what) {
  if (fits(v, need)) return {};
  return v.root + " (" + what + ") has " + format_bytes(v.free_bytes) + " free of " + format_bytes(v.total_bytes) +
         "; the collection may need up to " + format_bytes(need) + " there and must leave " +
         format_bytes(safety_margin(v.total_bytes)) + " free (" + std::to_string(kMarginPercent) +
         " % of the volume, at least " + format_bytes(kMarginFloorBytes) + ")";
}

}  // namespace

bool same_volume(const VolumeSpace& a, const VolumeSpace& b) {
  return a.total_bytes == b.total_bytes && contract::equals_ci(a.root, b.root);
}

std::uint64_t safety_margin(std::uint64_t total_bytes) {
  return std::max(total_bytes / 100 * kMarginPercent + total_bytes % 100 * kMarginPercent / 100, kMarginFloorBytes);
}

std::uint64_t stored_bound(std::uint64_t bytes) { return add(add(bytes, bytes / 1024), 4096); }

SpaceEstimate estimate_space(const SpaceInputs& in) {
  SpaceEstimate e;
  e.largest_temp = in.command_output_cap;
  std::uint64_t zip = stored_bound(in.command_output_cap);
  for (const std::uint64_t hive : in.hive_bytes) {
    e.largest_temp = std::max(e.largest_temp, hive);
    zip = add(zip, stored_bound(hive));
  }
  for (const std::uint64_t evt : in.event_log_bytes) {
    // Over the cap, BackupEventLogW's whole file and the capped copy of its head exist together.
    const std::uint64_t kept = std::min(evt, in.event_log_cap);
    e.largest_temp = std::max(e.largest_temp, evt > in.event_log_cap ? add(evt, kept) : evt);
    zip = add(zip, stored_bound(kept));
  }
  for (const std::uint64_t cap : in.file_caps) {
    e.largest_temp = std::max(e.largest_temp, cap);
    zip = add(zip, stored_bound(cap));
  }
  e.zip = add(zip, 1ull << 20);  // manifest.json and the API documents: well under 1 MiB together
  return e;
}

std::optional<std::string> check_space(const VolumeSpace& temp, const VolumeSpace& out, const SpaceEstimate& need) {
  std::string problem;
  if (same_volume(temp, out)) {
    problem = short_of(out, add(need.largest_temp, need.zip), "temporary files and the bundle");
  } else {
    problem = short_of(temp, need.largest_temp, "temporary files");
    const std::string out_problem = short_of(out, need.zip, "the bundle");
    if (!out_problem.empty()) problem = problem.empty() ? out_problem : problem + "; " + out_problem;
  }
  if (problem.empty()) return std::nullopt;
  return "not enough free space to collect safely: " + problem +
         ". Nothing was written. Run again with --out DIR (the bundle) and --temp DIR (temporary files) on a "
         "volume with more room, such as a data volume or a USB disk, or free space first.";
}

std::vector<std::string> order_temp_folders(const std::vector<TempCandidate>& candidates,
                                            const std::optional<VolumeSpace>& best) {
  const auto steps = [&](const TempCandidate& c) -> std::uint64_t {
    if (!c.volume) return 0;
    for (const TempCandidate& other : candidates) {
      if (other.volume && same_volume(*other.volume, *c.volume)) return other.volume->free_bytes / kMarginFloorBytes;
    }
    return c.volume->free_bytes / kMarginFloorBytes;
  };
  std::vector<const TempCandidate*> order;
  for (const TempCandidate& c : candidates) order.push_back(&c);
  std::stable_sort(order.begin(), order.end(),
                   [&](const TempCandidate* a, const TempCandidate* b) { return steps(*a) > steps(*b); });
  std::vector<std::string> out;
  if (best && !best->root.empty() && (order.empty() || best->free_bytes / kMarginFloorBytes > steps(*order.front())) &&
      std::none_of(candidates.begin(), candidates.end(),
                   [&](const TempCandidate& c) { return c.volume && same_volume(*c.volume, *best); })) {
    std::string root = best->root;
    while (!root.empty() && (root.back() == '\\' || root.back() == '/')) root.pop_back();
    out.push_back(root);
  }
  for (const TempCandidate* c : order) out.push_back(c->folder);
  return out;
}

bool fits(const VolumeSpace& volume, std::uint64_t bytes) {
  const std::uint64_t margin = safety_margin(volume.total_bytes);
  return volume.free_bytes >= margin && volume.free_bytes - margin >= bytes;
}

std::string format_bytes(std::uint64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  std::uint64_t unit = 1024;
  std::size_t i = 0;
  while (i + 1 < std::size(kUnits) && bytes / unit >= 1024) unit *= 1024, ++i;
  const std::uint64_t tenths = (bytes % unit * 10 + unit / 2) / unit;  // rounded to one decimal
  const std::uint64_t whole = bytes / unit + tenths / 10;
  return std::to_string(whole) + "." + std::to_string(tenths % 10) + " " + kUnits[i];
}

std::string disk_full_hint(const std::string& root) {
  return "free space on " + root +
         " or run again with --out DIR and --temp DIR on a volume with more room (a data volume or a USB disk)";
}

std::string hive_file_name(const std::string& root, const std::string& subkey) {
  if (contract::equals_ci(root, "HKEY_LOCAL_MACHINE")) {
    for (const char* name : {"SYSTEM", "SOFTWARE", "SAM", "SECURITY"}) {
      if (contract::equals_ci(subkey, name)) return name;
    }
  } else if (contract::equals_ci(root, "HKEY_USERS") && contract::equals_ci(subkey, ".DEFAULT")) {
    return "DEFAULT";
  }
  return {};
}

}  // namespace migready::collector
