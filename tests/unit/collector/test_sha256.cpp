#include <catch2/catch.hpp>

#include <string>

#include "contract/sha256.hpp"

using migready::contract::Sha256;
using migready::contract::sha256_hex;

// NIST FIPS 180-4 examples (csrc.nist.gov "SHA256.pdf", "SHA2_Additional.pdf").
TEST_CASE("sha256: NIST short vectors", "[contract][sha256]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu") ==
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST_CASE("sha256: one million 'a'", "[contract][sha256]") {
  const std::string block(1000, 'a');
  Sha256 h;
  for (int i = 0; i < 1000; ++i) h.update(block);
  CHECK(h.hex_digest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256: split updates equal one update", "[contract][sha256]") {
  std::string data;
  for (int i = 0; i < 1000; ++i) data.push_back(static_cast<char>(i * 7));
  const std::string whole = sha256_hex(data);
  for (const std::size_t step : {std::size_t{1}, std::size_t{3}, std::size_t{55}, std::size_t{56},
                                 std::size_t{63}, std::size_t{64}, std::size_t{65}, std::size_t{999}}) {
    Sha256 h;
    for (std::size_t pos = 0; pos < data.size(); pos += step) h.update(std::string_view(data).substr(pos, step));
    CHECK(h.hex_digest() == whole);
  }
  // Lengths around the padding boundary (55/56/64 bytes) against known digests.
  CHECK(sha256_hex(std::string(55, 'a')) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  CHECK(sha256_hex(std::string(56, 'a')) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  CHECK(sha256_hex(std::string(64, 'a')) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}
