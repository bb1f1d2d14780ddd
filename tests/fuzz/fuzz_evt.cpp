// libFuzzer target: parse_evt (binary NT 5.x event log, circular, with resynchronisation) and its JSON
// renderer on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "contract/civil_time.hpp"
#include "parsers/evt.hpp"

using namespace migready;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Diagnostics diag;
  auto log = parsers::parse_evt(bytes, "fuzz.evt", diag);
  if (!log) return 0;
  for (const auto& r : log->records) {
    (void)parsers::evt_type_name(r.type);
    (void)contract::format_iso(r.time_generated);
  }
  Diagnostics diag2;
  (void)parsers::evt_json(bytes, "fuzz.evt", diag2);
  return 0;
}
