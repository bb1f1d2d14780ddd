// libFuzzer target: Hive::open_reg (.reg text, REGEDIT4 / version 5, UTF-16LE or 8-bit) on arbitrary bytes,
// then a full walk with every typed decoder.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "exercise_hive.hpp"
#include "hive/hive.hpp"

using namespace migready;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  hive::Limits limits;
  limits.max_keys = 100'000;
  limits.max_line_length = 1u << 20;
  limits.max_value_size = 1u << 20;

  // The first byte picks the root prefix, so both hive-relative and HKLM-rooted files are exercised.
  std::string_view prefix;
  if (size > 0) {
    prefix = (data[0] & 1) ? std::string_view("HKEY_LOCAL_MACHINE\\SYSTEM") : std::string_view();
    ++data;
    --size;
  }
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Diagnostics diag;
  auto opened = hive::Hive::open_reg(text, "fuzz.reg", prefix, diag, limits);
  if (!opened) return 0;
  fuzz::exercise_hive(*opened);
  return 0;
}
