// libFuzzer target: Hive::open_regf on arbitrary bytes, then a full walk of every key and value with every
// typed decoder, so lazy navigation re-reads every cell the open walk accepted; and the one-pass open with a
// visitor (`hive walk`).
#include <cstddef>
#include <cstdint>
#include <span>

#include "exercise_hive.hpp"
#include "hive/hive.hpp"

using namespace migready;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Small limits keep one input fast; the parser's own bounds are what is under test.
  hive::Limits limits;
  limits.max_cells = 200'000;
  limits.max_value_size = 1u << 20;
  limits.max_subkeys_per_key = 4096;
  limits.max_values_per_key = 4096;

  const std::span<const std::uint8_t> bytes(data, size);
  // The one-pass open that `hive walk` uses: the visitor runs inside open's validating walk.
  fuzz::DecodingVisitor visitor;
  Diagnostics walk_diag;
  (void)hive::Hive::open_regf(bytes, "FUZZ", walk_diag, visitor, limits);

  Diagnostics diag;
  auto opened = hive::Hive::open_regf(bytes, "FUZZ", diag, limits);
  if (!opened) return 0;
  fuzz::exercise_hive(*opened);
  return 0;
}
