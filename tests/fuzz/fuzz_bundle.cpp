// libFuzzer target: bundle::open_bundle_memory (libarchive reader, path rules, limits, manifest schema and
// hashes) on arbitrary bytes, with small limits so a bomb is cut short quickly.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bundle/bundle.hpp"

using namespace migready;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bundle::Limits limits;
  limits.max_entries = 64;
  limits.max_entry_size = 1u << 20;
  limits.max_total_size = 4u << 20;
  limits.max_ratio = 100;
  limits.ratio_floor = 64u << 10;
  limits.max_path_length = 240;

  Diagnostics diag;
  auto b = bundle::open_bundle_memory(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.zip",
                                      limits, diag);
  if (!b) return 0;
  for (const auto& artifact : b->manifest.artifacts) (void)b->entry_bytes(artifact);
  return 0;
}
