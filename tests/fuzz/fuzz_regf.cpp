// libFuzzer target: Hive::open_regf on arbitrary bytes, then a full walk of every key and value with every
// typed decoder, so lazy navigation re-reads every cell the open walk accepted.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "hive/hive.hpp"

using namespace migready;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Small limits keep one input fast; the parser's own bounds are what is under test.
  hive::Limits limits;
  limits.max_cells = 200'000;
  limits.max_value_size = 1u << 20;
  limits.max_subkeys_per_key = 4096;
  limits.max_values_per_key = 4096;

  Diagnostics diag;
  auto opened = hive::Hive::open_regf(std::span<const std::uint8_t>(data, size), "FUZZ", diag, limits);
  if (!opened) return 0;
  const hive::Hive& h = *opened;

  std::size_t visited = 0;
  std::vector<hive::Key> stack{h.root()};
  while (!stack.empty() && visited < 100'000) {
    hive::Key key = stack.back();
    stack.pop_back();
    ++visited;
    (void)key.name();
    (void)key.last_write();
    (void)key.where();
    for (const hive::Value& v : key.values()) {
      (void)v.data();
      (void)hive::value_type_name(v.type());
      (void)v.as_string();
      (void)v.as_multi_sz();
      (void)v.as_dword();
      (void)v.as_qword();
      (void)key.value(v.name());  // lookup by name must find something (or fail cleanly)
    }
    for (hive::Key& sub : key.subkeys()) {
      (void)key.subkey(sub.name());
      stack.push_back(sub);
    }
  }
  (void)h.find("Select\\Current");
  (void)hive::current_control_set(h);
  return 0;
}
