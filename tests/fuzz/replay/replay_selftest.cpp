// A stand-in fuzz target for the replay's own tests (tests/fuzz/replay/CMakeLists.txt): an input starting
// "crash" aborts, one starting "hang" never returns, any other returns. So a reintroduced crash or hang in a
// real target is known to fail its fuzz_regressions test.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (input.starts_with("crash")) std::abort();
  if (input.starts_with("hang")) {
    for (;;) pause();  // until the replay's alarm ends the process
  }
  return 0;
}
