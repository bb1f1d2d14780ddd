#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "report/hmac_sha256.hpp"

using namespace migready;

namespace {

std::string hex(const report::Hmac256& mac, std::size_t bytes = 32) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes; ++i) {
    out += digits[mac[i] >> 4];
    out += digits[mac[i] & 15];
  }
  return out;
}

std::vector<std::uint8_t> repeat(std::uint8_t byte, std::size_t n) { return std::vector<std::uint8_t>(n, byte); }

std::string text(std::uint8_t byte, std::size_t n) { return std::string(n, static_cast<char>(byte)); }

}  // namespace

// RFC 4231, section 4: the HMAC-SHA-256 of each test case.
TEST_CASE("hmac_sha256: RFC 4231 test cases 1 to 7", "[report][hmac]") {
  CHECK(hex(report::hmac_sha256(repeat(0x0b, 20), "Hi There")) ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  const std::vector<std::uint8_t> jefe = {'J', 'e', 'f', 'e'};
  CHECK(hex(report::hmac_sha256(jefe, "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(hex(report::hmac_sha256(repeat(0xaa, 20), text(0xdd, 50))) ==
        "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
  std::vector<std::uint8_t> key4;
  for (std::uint8_t b = 1; b <= 25; ++b) key4.push_back(b);
  CHECK(hex(report::hmac_sha256(key4, text(0xcd, 50))) ==
        "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
  // Case 5 is truncated to 128 bits.
  CHECK(hex(report::hmac_sha256(repeat(0x0c, 20), "Test With Truncation"), 16) == "a3b6167473100ee06e0c796c2955552b");
  // Cases 6 and 7: a key longer than the block is hashed first.
  CHECK(hex(report::hmac_sha256(repeat(0xaa, 131), "Test Using Larger Than Block-Size Key - Hash Key First")) ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  CHECK(hex(report::hmac_sha256(repeat(0xaa, 131),
                                "This is a test using a larger than block-size key and a larger than block-size data. "
                                "The key needs to be hashed before being used by the HMAC algorithm.")) ==
        "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

TEST_CASE("hmac_sha256: a key of exactly one block is used as it is, not hashed", "[report][hmac]") {
  CHECK(hex(report::hmac_sha256(repeat(0x01, 64), "x")) != hex(report::hmac_sha256(repeat(0x01, 65), "x")));
  CHECK(hex(report::hmac_sha256({}, "")) == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}
