#include "core/summary.hpp"

#include <array>
#include <cstdio>

namespace migready::collector {
namespace {

// Length of the UTF-8 sequence starting with `lead` (1 for a stray continuation or invalid byte, so a cut
// never loops and never splits a valid sequence).
std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC2) return 2;
  return 1;
}

}  // namespace

std::string shorten_for_console(std::string_view utf8, std::size_t max_code_points) {
  // One line: controls become spaces, runs of spaces collapse, ends trimmed.
  std::string line;
  line.reserve(utf8.size());
  for (const char c : utf8) {
    const bool space = static_cast<unsigned char>(c) < 0x20 || c == ' ' || c == 0x7F;
    if (space) {
      if (!line.empty() && line.back() != ' ') line.push_back(' ');
    } else {
      line.push_back(c);
    }
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();

  // Byte offsets of two cuts: after `keep` code points (room for "...") and after max_code_points.
  std::size_t count = 0;
  std::size_t cut_small = line.size();  // after max_code_points - 3 code points
  std::size_t cut_exact = line.size();  // after max_code_points code points
  const std::size_t keep = max_code_points >= 4 ? max_code_points - 3 : max_code_points;
  for (std::size_t i = 0; i < line.size();) {
    if (count == keep && cut_small == line.size()) cut_small = i;
    if (count == max_code_points) {
      cut_exact = i;
      break;
    }
    std::size_t n = sequence_length(static_cast<unsigned char>(line[i]));
    if (i + n > line.size()) n = line.size() - i;
    i += n;
    ++count;
  }
  if (cut_exact == line.size()) return line;  // fits
  std::string out = line.substr(0, cut_small);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (max_code_points >= 4) out += "...";
  return out;
}

std::string format_byte_size(std::uint64_t bytes) {
  std::string text = std::to_string(bytes) + " bytes";
  constexpr std::array<const char*, 3> kUnits = {"KiB", "MiB", "GiB"};
  if (bytes < 1024) return text;
  double value = static_cast<double>(bytes) / 1024.0;
  std::size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < kUnits.size()) {
    value /= 1024.0;
    ++unit;
  }
  std::array<char, 32> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.1f %s", value, kUnits[unit]);
  return text + ", " + buffer.data();
}

std::string format_summary(std::string_view bundle_path_utf8, std::uint64_t bundle_size, const Manifest& manifest,
                           std::size_t skipped, StopCause cause) {
  std::string out = "bundle: " + std::string(bundle_path_utf8);
  if (bundle_size != kUnknownSize) out += " (" + format_byte_size(bundle_size) + ")";
  out += "\n";

  std::array<std::size_t, std::size(contract::kStatusNames)> counts{};
  for (const ArtifactRecord& rec : manifest.artifacts) {
    const auto i = static_cast<std::size_t>(rec.status);
    if (i < counts.size()) ++counts[i];
  }
  out += "artifacts: " + std::to_string(manifest.artifacts.size()) + " collected";
  std::string separator = ": ";
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] == 0) continue;
    out += separator + std::to_string(counts[i]) + " " + std::string(contract::kStatusNames[i]);
    separator = ", ";
  }
  if (skipped > 0) out += "; " + std::to_string(skipped) + " not collected";
  if (!manifest.complete) {
    out += cause == StopCause::disk_margin  ? " (stopped at the disk margin)"
           : cause == StopCause::zip_failed ? " (stopped: the zip could not be written)"
                                            : " (interrupted)";
  }
  out += "\n";

  bool header = false;
  for (const ArtifactRecord& rec : manifest.artifacts) {
    if (rec.status == Status::ok) continue;
    if (!header) out += "not ok:\n";
    header = true;
    out += "  " + rec.id + ": " + std::string(status_name(rec.status));
    if (rec.error && !rec.error->empty()) out += ": " + shorten_for_console(*rec.error, kSummaryErrorChars);
    out += "\n";
  }
  if (!manifest.complete) {
    out += "incomplete: " + (manifest.incomplete_reason ? *manifest.incomplete_reason : std::string("(no reason)")) +
           "\n";
  }
  return out;
}

std::string format_sealed_note(std::string_view bundle_path_utf8, std::string_view recipient) {
  const std::string path(bundle_path_utf8);
  const std::string name = path.substr(path.find_last_of("\\/") + 1);
  return "Sealed: the bundle is encrypted (age) to " + std::string(recipient) +
         "; only the holder of that key opens it, and no unencrypted copy was written.\n"
         "The desk opens it with: migready analyze " + name + " --identity KEYFILE  (or: age -d -i KEYFILE)\n";
}

}  // namespace migready::collector
