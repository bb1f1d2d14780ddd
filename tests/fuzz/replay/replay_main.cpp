// The regression replay: a main() for a libFuzzer target's LLVMFuzzerTestOneInput, so the inputs the fuzzers
// once crashed or hung on (tests/fuzz/regressions/<target>/) run in every ctest, without clang or libFuzzer,
// under the normal build and under ASan + UBSan (the `asan` preset).
//
//   replay_<target> DIR [SECONDS]
//
// Runs every regular file in DIR (sorted by name; dot files skipped) through the target, printing each name
// first, so a crash report names its input. Per input, SIGALRM ends the process after SECONDS (default 10):
// a hang fails the test instead of running into ctest's TIMEOUT, which backs this up. Exit status:
//   0  every input returned
//   2  DIR is missing, is not a folder, holds no input, or a file cannot be read (a replay that
//      replays nothing must not pass)
//   otherwise the crash (abort, SIGSEGV, a sanitizer's report) or the timeout's signal, as ctest sees it.
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

constexpr unsigned kDefaultSeconds = 10;

int refuse(const std::string& message) {
  std::fprintf(stderr, "replay: %s\n", message.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) return refuse("usage: replay_<target> DIR [SECONDS]");
  const fs::path dir = argv[1];
  unsigned seconds = kDefaultSeconds;
  if (argc == 3) {
    const std::string_view s = argv[2];
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), seconds);
    if (ec != std::errc() || end != s.data() + s.size() || seconds == 0)
      return refuse("SECONDS must be a whole number >= 1");
  }
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return refuse(dir.string() + " is not a folder");
  std::vector<fs::path> inputs;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().filename().string().front() != '.') inputs.push_back(entry.path());
  }
  if (ec) return refuse("cannot list " + dir.string() + ": " + ec.message());
  if (inputs.empty()) return refuse(dir.string() + " holds no input");
  std::sort(inputs.begin(), inputs.end());

  for (const fs::path& input : inputs) {
    std::ifstream in(input, std::ios::binary);
    if (!in) return refuse("cannot read " + input.string());
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return refuse("cannot read " + input.string());
    std::printf("replay: %s (%zu bytes)\n", input.filename().c_str(), bytes.size());
    std::fflush(stdout);
    alarm(seconds);
    // A copy of exactly the input's size, as libFuzzer passes it: ASan sees a read one past the end.
    const std::vector<std::uint8_t> data(bytes.begin(), bytes.end());
    LLVMFuzzerTestOneInput(data.empty() ? nullptr : data.data(), data.size());
    alarm(0);
  }
  std::printf("replay: %zu input(s) from %s, none crashed or hung\n", inputs.size(), dir.c_str());
  return 0;
}
