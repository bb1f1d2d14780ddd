// age-seal RECIPIENT < PLAIN > SEALED: the collector's encryptor (contract/age.hpp, age::Encryptor) as a
// filter, fed in the odd-sized pieces libarchive's callbacks pass, so tests/cli/check-sealed can hand its
// output to the `age` tool. A test helper, never shipped.
#include <cstdio>
#include <string>

#include "contract/age.hpp"

int main(int argc, char** argv) {
  namespace age = migready::contract::age;
  if (argc != 2) {
    std::fputs("usage: age-seal RECIPIENT < PLAIN > SEALED\n", stderr);
    return 2;
  }
  std::string error;
  const auto recipient = age::parse_recipient(argv[1], error);
  if (!recipient) {
    std::fprintf(stderr, "age-seal: %s\n", error.c_str());
    return 2;
  }
  age::Encryptor enc;
  std::string out;
  if (!enc.begin(*recipient, out, error)) {
    std::fprintf(stderr, "age-seal: %s\n", error.c_str());
    return 1;
  }
  char buffer[10240];  // libarchive's default block
  std::size_t piece = 1;
  for (;;) {
    const std::size_t got = std::fread(buffer, 1, piece, stdin);
    if (got == 0) break;
    enc.update(buffer, got, out);
    if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size()) return 1;
    out.clear();
    piece = piece * 7 % sizeof buffer + 1;
  }
  enc.finish(out);
  return std::fwrite(out.data(), 1, out.size(), stdout) == out.size() && std::fflush(stdout) == 0 ? 0 : 1;
}
