#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "contract/age.hpp"
#include "contract/bech32.hpp"

namespace age = migready::contract::age;
namespace bech32 = migready::contract::bech32;
using Kind = age::Failure::Kind;

namespace {

std::vector<std::uint8_t> unhex(std::string_view hex) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

std::string tohex(const std::uint8_t* p, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[p[i] >> 4];
    out += digits[p[i] & 15];
  }
  return out;
}

std::vector<std::uint8_t> range(int from, int to) {
  std::vector<std::uint8_t> v;
  for (int i = from; i < to; ++i) v.push_back(static_cast<std::uint8_t>(i));
  return v;
}

std::string okm(const std::vector<std::uint8_t>& ikm, const std::vector<std::uint8_t>& salt,
                const std::vector<std::uint8_t>& info, std::size_t length) {
  std::vector<std::uint8_t> out(length);
  age::hkdf_sha256(ikm.data(), ikm.size(), salt.data(), salt.size(),
                   std::string_view(reinterpret_cast<const char*>(info.data()), info.size()), out.data(), length);
  return tohex(out.data(), out.size());
}

std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 131 + 7) & 0xff);
  return s;
}

struct Sealed {
  age::Identity id;
  std::string file;
};

Sealed seal(std::string_view plain, std::size_t piece = 4096) {
  std::string error;
  REQUIRE(age::init(error));
  Sealed s{age::generate_identity(), {}};
  age::Encryptor enc;
  REQUIRE(enc.begin(s.id.public_key, s.file, error));
  for (std::size_t i = 0; i < plain.size(); i += piece) {
    enc.update(plain.data() + i, std::min(piece, plain.size() - i), s.file);
  }
  enc.finish(s.file);
  return s;
}

age::Failure fails(std::string_view file, const std::vector<age::Identity>& ids, std::uint64_t max = 1ull << 32) {
  age::Failure why;
  const auto plain = age::decrypt(file, ids, max, why);
  CHECK_FALSE(plain.has_value());
  return why;
}

std::size_t header_size(std::string_view file) {
  age::Failure why;
  const auto h = age::parse_header(file, why);
  REQUIRE(h.has_value());
  return h->size;
}

}  // namespace

// RFC 5869, appendix A, the three SHA-256 cases.
TEST_CASE("hkdf_sha256: RFC 5869 test vectors", "[contract][age]") {
  std::string error;
  REQUIRE(age::init(error));
  const std::vector<std::uint8_t> ikm(22, 0x0b);
  CHECK(okm(ikm, range(0, 13), range(0xf0, 0xfa), 42) ==
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  CHECK(okm(range(0, 0x50), range(0x60, 0xb0), range(0xb0, 0x100), 82) ==
        "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f"
        "09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87");
  CHECK(okm(ikm, {}, {}, 42) ==
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
}

// BIP 173's valid and invalid test strings (those that do not depend on its 90-character limit).
TEST_CASE("bech32: BIP 173 vectors, age's case rules", "[contract][age]") {
  std::string error;
  for (const char* valid : {"A12UEL5L", "a12uel5l", "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
                            "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w", "?1ezyfcl"}) {
    INFO(valid);
    CHECK(bech32::decode(valid, error).has_value());
  }
  CHECK(bech32::decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", error)->data ==
        unhex("00443214c74254b635cf84653a56d7c675be77df"));
  const std::pair<const char*, const char*> invalid[] = {
      {"pzry9x0s0muk", "separator"},   {"1pzry9x0s0muk", "separator"}, {"x1b4n0q5v", "alphabet"},
      {"li1dgmt3", "too short"},       {"A1G7SGD8", "checksum"},       {"10a06t8", "separator"},
      {"a12UEL5L", "mixes"},           {"a1 2uel5l", "printable"},
  };
  for (const auto& [text, why] : invalid) {
    INFO(text);
    error.clear();
    CHECK_FALSE(bech32::decode(text, error).has_value());
    CHECK_THAT(error, Catch::Contains(why));
  }
  const auto bytes = range(0, 32);
  const std::string encoded = bech32::encode("age", bytes.data(), bytes.size());
  CHECK(bech32::decode(encoded, error)->data == bytes);
}

TEST_CASE("age keys: recipient and identity round trip, key file format, mistakes refused", "[contract][age]") {
  std::string error;
  REQUIRE(age::init(error));
  age::Identity id = age::generate_identity();
  const std::string recipient = age::encode_recipient(id.public_key);
  CHECK(recipient.starts_with("age1"));
  CHECK(recipient.size() == 62);
  CHECK(age::parse_recipient(recipient, error) == id.public_key);
  const std::string secret = age::encode_identity(id);
  CHECK(secret.starts_with("AGE-SECRET-KEY-1"));
  const std::string file = age::identity_file_text(id, "2026-12-07T09:00:00Z");
  CHECK(file.starts_with("# created: 2026-12-07T09:00:00Z\n# public key: " + recipient + "\n"));
  auto ids = age::parse_identities("\r\n" + file + "# another\r\n" + secret + "\r\n", "desk.key", error);
  REQUIRE(ids.has_value());
  REQUIRE(ids->size() == 2);
  CHECK((*ids)[0].public_key == id.public_key);

  // The secret key given as a recipient: refused, never echoed.
  CHECK_FALSE(age::parse_recipient(secret, error).has_value());
  CHECK_THAT(error, Catch::Contains("secret key"));
  CHECK(error.find(secret.substr(16)) == std::string::npos);
  std::string typo = recipient;
  typo[10] = typo[10] == 'q' ? 'p' : 'q';
  CHECK_FALSE(age::parse_recipient(typo, error).has_value());
  CHECK_THAT(error, Catch::Contains("bad checksum"));
  CHECK_FALSE(age::parse_recipient(bech32::encode("age", id.public_key.data(), 31), error).has_value());
  CHECK_THAT(error, Catch::Contains("31 bytes"));
  CHECK_FALSE(age::parse_recipient(bech32::encode("agx", id.public_key.data(), 32), error).has_value());
  CHECK_THAT(error, Catch::Contains("not 'age1'"));
  CHECK_FALSE(age::parse_identities("# only comments\n\n", "k", error).has_value());
  CHECK_THAT(error, Catch::Contains("k: no identity"));
  CHECK_FALSE(age::parse_identities("# c\n" + recipient + "\n", "k", error).has_value());
  CHECK_THAT(error, Catch::StartsWith("k:2: "));
}

// The payload's chunking at the edges: nothing, one byte, exactly one chunk, one chunk and one byte.
TEST_CASE("age STREAM: chunking at 0, 1, 65536 and 65537 bytes", "[contract][age]") {
  const std::pair<std::size_t, std::size_t> cases[] = {
      {0, 16}, {1, 17}, {65536, 65536 + 16}, {65537, 65536 + 16 + 1 + 16}};
  for (const auto& [size, payload] : cases) {
    INFO(size);
    const std::string plain = pattern(size);
    for (const std::size_t piece : {std::size_t{1}, std::size_t{4096}, std::size_t{65536}, std::size_t{100000}}) {
      if (piece == 1 && size > 70000) continue;
      const Sealed s = seal(plain, piece);
      CHECK(s.file.size() - header_size(s.file) - age::kNonceSize == payload);
      age::Failure why;
      const auto back = age::decrypt(s.file, {s.id}, 1ull << 32, why);
      REQUIRE(back.has_value());
      CHECK(*back == plain);
    }
  }
}

// Each check of decrypt(), proved by a fault planted in an otherwise good file.
TEST_CASE("age decrypt: each check fails on its planted fault", "[contract][age]") {
  const std::string plain = pattern(65536 + 100);
  const Sealed s = seal(plain);
  const std::size_t payload_at = header_size(s.file) + age::kNonceSize;
  std::string error;

  SECTION("wrong key") {
    const age::Identity other = age::generate_identity();
    const age::Failure why = fails(s.file, {other});
    CHECK(why.kind == Kind::no_identity);
    CHECK_THAT(why.message, Catch::Contains("wrong key"));
    CHECK_THAT(why.message, Catch::Contains(age::encode_recipient(other.public_key)));
  }
  SECTION("several identities: the second one opens it") {
    age::Failure why;
    CHECK(age::decrypt(s.file, {age::generate_identity(), s.id}, 1ull << 32, why) == plain);
  }
  SECTION("header altered: a stanza added, so the MAC no longer matches") {
    std::string file = s.file;
    file.insert(age::kIntro.size(), "-> grease x\n\n");
    const age::Failure why = fails(file, {s.id});
    CHECK(why.kind == Kind::header_mac);
    CHECK(why.offset == header_size(file) - 48);  // "--- " + 43 + LF
  }
  SECTION("header MAC itself altered") {
    std::string file = s.file;
    const std::size_t mac_at = header_size(file) - 44;
    file[mac_at] = file[mac_at] == 'A' ? 'B' : 'A';
    CHECK(fails(file, {s.id}).kind == Kind::header_mac);
  }
  SECTION("wrapped file key altered") {
    std::string file = s.file;
    const std::size_t body_at = file.find('\n', age::kIntro.size()) + 1;
    file[body_at] = file[body_at] == 'A' ? 'B' : 'A';
    CHECK(fails(file, {s.id}).kind == Kind::no_identity);
  }
  SECTION("payload altered in chunk 0 and in the last chunk") {
    std::string file = s.file;
    file[payload_at + 5] = static_cast<char>(file[payload_at + 5] ^ 1);
    age::Failure why = fails(file, {s.id});
    CHECK(why.kind == Kind::payload);
    CHECK(why.offset == payload_at);
    CHECK_THAT(why.message, Catch::Contains("chunk 0"));
    file = s.file;
    file[file.size() - 3] = static_cast<char>(file[file.size() - 3] ^ 1);
    why = fails(file, {s.id});
    CHECK(why.kind == Kind::payload);
    CHECK_THAT(why.message, Catch::Contains("chunk 1"));
  }
  SECTION("payload nonce altered") {
    std::string file = s.file;
    file[payload_at - 1] = static_cast<char>(file[payload_at - 1] ^ 0x80);
    CHECK(fails(file, {s.id}).kind == Kind::payload);
  }
  SECTION("truncated at the chunk boundary: chunk 0 whole but not last") {
    const age::Failure why = fails(std::string_view(s.file).substr(0, payload_at + 65536 + 16), {s.id});
    CHECK(why.kind == Kind::truncated);
    CHECK_THAT(why.message, Catch::Contains("not the last chunk"));
  }
  SECTION("truncated inside the last chunk, inside the nonce, inside the header, before any chunk") {
    CHECK(fails(std::string_view(s.file).substr(0, s.file.size() - 1), {s.id}).kind == Kind::payload);
    CHECK(fails(std::string_view(s.file).substr(0, payload_at - 3), {s.id}).kind == Kind::truncated);
    CHECK(fails(std::string_view(s.file).substr(0, 40), {s.id}).kind == Kind::truncated);
    CHECK(fails(std::string_view(s.file).substr(0, payload_at), {s.id}).kind == Kind::truncated);
    CHECK(fails(std::string_view(s.file).substr(0, payload_at + 10), {s.id}).kind == Kind::truncated);
  }
  SECTION("bytes after a full last chunk") {
    const Sealed one = seal(pattern(65536));
    const age::Failure why = fails(one.file + "extra", {one.id});
    CHECK(why.kind == Kind::trailing);
    CHECK_THAT(why.message, Catch::Contains("5 bytes follow"));
  }
  SECTION("the plaintext limit") {
    const age::Failure why = fails(s.file, {s.id}, 1000);
    CHECK(why.kind == Kind::limit);
  }
}

// An empty last chunk is allowed only when the whole payload is empty (age-encryption.org/v1, "Payload").
TEST_CASE("age decrypt: an empty last chunk after a full one is refused", "[contract][age]") {
  std::string error;
  REQUIRE(age::init(error));
  const age::Identity id = age::generate_identity();
  std::uint8_t file_key[age::kFileKeySize];
  randombytes_buf(file_key, sizeof file_key);
  std::string file;
  REQUIRE(age::detail::x25519_header(file_key, id.public_key, file, error));
  std::uint8_t nonce[age::kNonceSize] = {1, 2, 3};
  file.append(reinterpret_cast<const char*>(nonce), sizeof nonce);
  const age::Key key = age::detail::payload_key(file_key, nonce);
  const std::string full = pattern(age::kChunkSize);
  age::detail::seal_chunk(key, 0, false, full, file);
  std::string good = file;
  age::detail::seal_chunk(key, 1, true, {}, file);
  const age::Failure why = fails(file, {id});
  CHECK(why.kind == Kind::payload);
  CHECK_THAT(why.message, Catch::Contains("empty last chunk"));
  // The control: the same chunk 0 flagged last opens.
  age::detail::seal_chunk(key, 0, true, full, good.erase(good.size() - age::kChunkSize - age::kTagSize));
  age::Failure none;
  CHECK(age::decrypt(good, {id}, 1ull << 32, none) == full);
}

TEST_CASE("age parse_header: hostile headers refused with the check and offset", "[contract][age]") {
  std::string error;
  REQUIRE(age::init(error));
  const std::string mac = " " + std::string(43, 'A') + "\n";
  const std::string x25519 = "-> X25519 " + std::string(43, 'A') + "\n" + std::string(43, 'A') + "\n";
  const std::string long_arg(2000, 'x');
  std::string many;
  for (int i = 0; i < 65; ++i) many += "-> g\n\n";
  std::string big;  // 20 stanzas of 3,000-byte bodies: past kMaxHeaderBytes
  const std::vector<std::uint8_t> body(3000, 7);
  for (int i = 0; i < 20; ++i) big += "-> g\n" + age::detail::wrap_body(age::b64_encode(body.data(), body.size()));
  const std::pair<std::string, Kind> cases[] = {
      {"", Kind::not_age},
      {"PK\x03\x04 a zip", Kind::not_age},
      {"age-encryption.org/v2\n-> X\n\n---" + mac, Kind::unsupported},
      {"-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n", Kind::unsupported},
      {"age-encryption.org/v1\n", Kind::truncated},
      {"age-encryption.org/v1\n-> X25519 a", Kind::truncated},
      {"age-encryption.org/v1\n---" + mac, Kind::header},                         // no stanza
      {"age-encryption.org/v1\n" + x25519 + "---\n", Kind::header},               // no MAC
      {"age-encryption.org/v1\n" + x25519 + "--- AAAA\n", Kind::header},          // MAC too short
      {"age-encryption.org/v1\n" + x25519 + "--- " + std::string(43, 'B') + "=\n", Kind::header},
      {"age-encryption.org/v1\n-> \n\n---" + mac, Kind::header},                  // empty argument
      {"age-encryption.org/v1\n-> X25519  a\n\n---" + mac, Kind::header},         // two spaces
      {"age-encryption.org/v1\n-> X\x01\n\n---" + mac, Kind::header},             // control byte
      {"age-encryption.org/v1\n-> a b c d e f g h i\n\n---" + mac, Kind::header}, // 9 arguments
      {"age-encryption.org/v1\n-> X\n" + std::string(65, 'A') + "\n---" + mac, Kind::header},
      {"age-encryption.org/v1\n-> X\nAB\n---" + mac, Kind::header},               // AB: bits left over
      {"age-encryption.org/v1\n-> X\nA\n---" + mac, Kind::header},                // 1 character
      {"age-encryption.org/v1\n-> X\nAA==\n---" + mac, Kind::header},             // padding
      {"age-encryption.org/v1\nhello\n", Kind::header},
      {"age-encryption.org/v1\n-> X " + long_arg + "\n\n---" + mac, Kind::header},
      {"age-encryption.org/v1\n" + many + "---" + mac, Kind::header},
      {"age-encryption.org/v1\n" + big + "---" + mac, Kind::header},
  };
  int n = 0;
  for (const auto& [text, kind] : cases) {
    INFO("case " << n++ << ": " << text.substr(0, 60));
    const age::Failure why = fails(text, {age::generate_identity()});
    CHECK(age::kind_name(why.kind) == std::string(age::kind_name(kind)));
    CHECK(why.offset <= text.size());
    CHECK_FALSE(why.message.empty());
  }
  // The message names the check (not only some check that failed later).
  CHECK_THAT(fails("age-encryption.org/v1\n-> X\n" + std::string(65, 'A') + "\n" + std::string(64, 'A') + "\n\n---" + mac,
                   {age::generate_identity()}).message,
             Catch::Contains("longer than 64 columns"));
  CHECK_THAT(fails("age-encryption.org/v1\n" + many + "---" + mac, {age::generate_identity()}).message,
             Catch::Contains("more than 64 stanzas"));
  CHECK_THAT(fails("age-encryption.org/v1\n" + big + "---" + mac, {age::generate_identity()}).message,
             Catch::Contains("header longer than 65536 bytes"));
  // Well-formed headers whose stanzas are wrong for X25519, or not ours.
  const auto b64 = [](std::size_t n_bytes) {
    const std::vector<std::uint8_t> zeros(n_bytes, 9);
    return age::b64_encode(zeros.data(), zeros.size());
  };
  const std::pair<std::string, Kind> stanzas[] = {
      {"-> X25519\n" + b64(32) + "\n", Kind::header},                               // no share
      {"-> X25519 " + b64(31) + "\n" + b64(32) + "\n", Kind::header},               // share 31 bytes
      {"-> X25519 " + b64(32) + " extra\n" + b64(32) + "\n", Kind::header},         // 2 arguments
      {"-> X25519 " + b64(32) + "\n" + b64(31) + "\n", Kind::header},               // body 31 bytes
      {"-> scrypt " + b64(16) + " 18\n" + b64(32) + "\n", Kind::unsupported},
      {"-> ssh-ed25519 abc " + b64(32) + "\n" + b64(32) + "\n", Kind::no_identity},  // not an X25519 file
  };
  for (const auto& [stanza, kind] : stanzas) {
    INFO(stanza);
    const age::Failure why = fails("age-encryption.org/v1\n" + stanza + "---" + mac, {age::generate_identity()});
    CHECK(age::kind_name(why.kind) == std::string(age::kind_name(kind)));
  }
}

// Seeded mutations of a good file (libarchive's test_fuzz idea): never a crash, never a wrong plaintext.
TEST_CASE("age decrypt: seeded mutations are refused or yield the original", "[contract][age]") {
  const std::string plain = pattern(70000);
  const Sealed s = seal(plain);
  std::mt19937 rng(18);
  for (int round = 0; round < 300; ++round) {
    std::string file = s.file;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = rng() % file.size();
      switch (rng() % 3) {
        case 0: file[at] = static_cast<char>(rng()); break;
        case 1: file.erase(at, 1 + rng() % 64); break;
        default: file.insert(at, std::string(1 + rng() % 8, static_cast<char>(rng()))); break;
      }
    }
    age::Failure why;
    const auto back = age::decrypt(file, {s.id}, 1ull << 32, why);
    if (back) {
      CHECK(*back == plain);
    } else {
      CHECK_FALSE(why.message.empty());
    }
  }
}
