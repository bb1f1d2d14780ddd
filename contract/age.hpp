// The age v1 file format (https://age-encryption.org/v1), X25519 recipients only: what the collector seals
// a bundle with (`--encrypt-to age1…`) and what the analyzer opens (`--identity KEYFILE`), so the desk can
// use either migready or the standard `age` tool. Header-only over libsodium (every primitive is
// libsodium's: X25519, ChaCha20-Poly1305 IETF, HMAC-SHA-256, randombytes; HKDF-SHA-256 is RFC 5869's two
// steps on libsodium's HMAC, because libsodium 1.0.18 has no HKDF).
//
// A file is a text header, then a binary payload:
//   age-encryption.org/v1
//   -> X25519 <ephemeral share, base64>          one stanza per recipient (the collector writes one)
//   <wrapped 16-byte file key, base64>            body lines of 64 columns, the last one shorter
//   --- <HMAC-SHA-256 of the header up to "---", base64>
//   <16-byte nonce><STREAM: ChaCha20-Poly1305 chunks of 64 KiB plaintext, 16-byte tag each>
// Base64 is the standard alphabet without padding, canonical. The chunk nonce is an 11-byte big-endian
// counter and a last-chunk flag byte (1 on the last chunk only). Keys: HKDF-SHA-256 of the X25519 shared
// secret (salt: share || recipient, info "age-encryption.org/v1/X25519") wraps the file key; of the file key
// (no salt, info "header") the header MAC key; of the file key (salt: the nonce, info "payload") the
// payload key.
//
// Reading is hostile-safe; these limits are enforced while parsing (docs/bundle-format.md, "Sealed bundles"):
// | limit              | value   | why                                                        |
// |--------------------|---------|------------------------------------------------------------|
// | kMaxHeaderBytes    | 64 KiB  | age's own headers are a few hundred bytes per recipient     |
// | kMaxStanzas        | 64      | recipients in one file                                       |
// | kMaxArgs           | 8       | arguments of one stanza line (X25519 has 1)                  |
// | kMaxLineBytes      | 1 KiB   | one header line                                              |
// | kMaxBodyBytes      | 4 KiB   | one stanza's decoded body (X25519's is 32)                   |
// The payload must be whole: every chunk but the last exactly 64 KiB of plaintext, the last one flagged,
// nothing after it, and an empty last chunk only when the whole payload is empty (as the spec says).
// Passphrase (scrypt) files and the ASCII armor are refused as unsupported with a message saying so.
//
//   std::string error;
//   if (!age::init(error)) ...;                                        // sodium_init, once per process
//   auto r = age::parse_recipient("age1…", error);                     // 32-byte X25519 public key
//   age::Encryptor enc; std::string out;
//   enc.begin(*r, out, error); enc.update(p, n, out); enc.finish(out); // out: the whole age file, in pieces
//   auto ids = age::parse_identities(key_file_text, "desk.key", error);
//   age::Failure why; auto plain = age::decrypt(file_bytes, *ids, max_bytes, why);   // why.kind, why.offset
#pragma once

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contract/age_recipient.hpp"
#include "contract/ascii.hpp"
#include "contract/bech32.hpp"

namespace migready::contract::age {

inline constexpr std::string_view kIntro = "age-encryption.org/v1\n";
inline constexpr std::string_view kIntroPrefix = "age-encryption.org/";
inline constexpr std::string_view kArmorBegin = "-----BEGIN AGE ENCRYPTED FILE-----";
inline constexpr std::string_view kIdentityHrp = "age-secret-key-";
inline constexpr std::size_t kChunkSize = 64 * 1024;  // plaintext bytes per STREAM chunk
inline constexpr std::size_t kTagSize = 16;           // Poly1305
inline constexpr std::size_t kNonceSize = 16;         // the payload nonce after the header
inline constexpr std::size_t kFileKeySize = 16;
inline constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
inline constexpr std::size_t kMaxStanzas = 64;
inline constexpr std::size_t kMaxArgs = 8;
inline constexpr std::size_t kMaxLineBytes = 1024;
inline constexpr std::size_t kMaxBodyBytes = 4096;
inline constexpr std::size_t kColumns = 64;  // base64 characters per full body line

// Initializes libsodium (idempotent, thread-safe). False when it cannot (no randomness source).
inline bool init(std::string& error) {
  if (sodium_init() < 0) {
    error = "libsodium could not be initialized (no source of random numbers)";
    return false;
  }
  return true;
}

// --- HKDF-SHA-256 (RFC 5869) on libsodium's HMAC-SHA-256 ----------------------------------------------------
// `out_size` at most 255 * 32. An empty salt is HMAC's all-zero key, as RFC 5869 2.2 says.
inline void hkdf_sha256(const void* ikm, std::size_t ikm_size, const void* salt, std::size_t salt_size,
                        std::string_view info, std::uint8_t* out, std::size_t out_size) {
  std::uint8_t prk[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  const unsigned char no_salt[1] = {0};  // HMAC pads any key to its block with zeros: empty == all-zero
  crypto_auth_hmacsha256_init(&st, salt_size == 0 ? no_salt : static_cast<const unsigned char*>(salt), salt_size);
  crypto_auth_hmacsha256_update(&st, static_cast<const unsigned char*>(ikm), ikm_size);
  crypto_auth_hmacsha256_final(&st, prk);
  std::uint8_t t[crypto_auth_hmacsha256_BYTES] = {};
  std::size_t t_size = 0;
  std::size_t done = 0;
  for (std::uint8_t counter = 1; done < out_size; ++counter) {
    crypto_auth_hmacsha256_init(&st, prk, sizeof prk);
    crypto_auth_hmacsha256_update(&st, t, t_size);
    crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(info.data()), info.size());
    crypto_auth_hmacsha256_update(&st, &counter, 1);
    crypto_auth_hmacsha256_final(&st, t);
    t_size = sizeof t;
    const std::size_t take = out_size - done < sizeof t ? out_size - done : sizeof t;
    for (std::size_t i = 0; i < take; ++i) out[done + i] = t[i];
    done += take;
  }
  sodium_memzero(prk, sizeof prk);
  sodium_memzero(t, sizeof t);
  sodium_memzero(&st, sizeof st);
}

// --- base64, standard alphabet, no padding, canonical --------------------------------------------------------
inline std::string b64_encode(const std::uint8_t* data, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// Nullopt unless `text` is canonical unpadded base64 (no '=', no other characters, zero trailing bits).
inline std::optional<std::vector<std::uint8_t>> b64_decode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::vector<std::uint8_t> out(text.size() * 3 / 4 + 3);
  std::size_t got = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &got, &end,
                        sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(got);
  return out;
}

// --- keys --------------------------------------------------------------------------------------------------
struct Identity {
  Key secret{};
  Key public_key{};
  void wipe() { sodium_memzero(secret.data(), secret.size()); }
};

// AGE-SECRET-KEY-1… (upper case, as age-keygen writes it).
inline std::string encode_identity(const Identity& id) {
  std::string s = bech32::encode(kIdentityHrp, id.secret.data(), id.secret.size());
  std::string upper = ascii_upper(s);
  sodium_memzero(s.data(), s.size());
  return upper;
}

// A new X25519 key pair from libsodium's generator (init() first).
inline Identity generate_identity() {
  Identity id;
  randombytes_buf(id.secret.data(), id.secret.size());
  crypto_scalarmult_base(id.public_key.data(), id.secret.data());
  return id;
}

// An identity file as age-keygen writes it; `created` is an RFC 3339 time ("2026-12-07T09:30:00Z").
inline std::string identity_file_text(const Identity& id, std::string_view created) {
  return "# created: " + std::string(created) + "\n# public key: " + encode_recipient(id.public_key) + "\n" +
         encode_identity(id) + "\n";
}

inline std::optional<Identity> parse_identity(std::string_view text, std::string& error) {
  std::string why;
  auto d = bech32::decode(text, why);
  if (!d) {
    error = "not an age identity: it " + why;
    return std::nullopt;
  }
  if (d->hrp != kIdentityHrp || d->data.size() != 32) {
    sodium_memzero(d->data.data(), d->data.size());
    error = "not an age X25519 identity (AGE-SECRET-KEY-1 followed by 32 bytes)";
    return std::nullopt;
  }
  Identity id;
  for (std::size_t i = 0; i < id.secret.size(); ++i) id.secret[i] = d->data[i];
  sodium_memzero(d->data.data(), d->data.size());
  crypto_scalarmult_base(id.public_key.data(), id.secret.data());
  return id;
}

// An identity file as age-keygen writes it: `#` comment lines, blank lines, one AGE-SECRET-KEY-1… per line.
// Errors name `where`:line. At least one identity; at most 1,024 lines of at most kMaxLineBytes.
inline std::optional<std::vector<Identity>> parse_identities(std::string_view text, const std::string& where,
                                                             std::string& error) {
  std::vector<Identity> ids;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    ++line_no;
    if (line_no > 1024) {
      error = where + ": more than 1024 lines: not an age identity file";
      return std::nullopt;
    }
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > kMaxLineBytes) {
      error = where + ":" + std::to_string(line_no) + ": line longer than " + std::to_string(kMaxLineBytes) +
              " bytes: not an age identity file";
      return std::nullopt;
    }
    if (line.empty() || line.front() == '#') continue;
    std::string why;
    auto id = parse_identity(line, why);
    if (!id) {
      error = where + ":" + std::to_string(line_no) + ": " + why;
      for (Identity& i : ids) i.wipe();
      return std::nullopt;
    }
    ids.push_back(*id);
    id->wipe();
  }
  if (ids.empty()) {
    error = where + ": no identity in the file (expected a line AGE-SECRET-KEY-1…)";
    return std::nullopt;
  }
  return ids;
}

namespace detail {

inline void chunk_nonce(std::uint64_t counter, bool last, std::uint8_t (&nonce)[12]) {
  for (int i = 0; i < 11; ++i) nonce[i] = 0;
  for (int i = 10; i >= 3; --i) {
    nonce[i] = static_cast<std::uint8_t>(counter & 0xff);
    counter >>= 8;
  }
  nonce[11] = last ? 1 : 0;
}

inline void header_mac(const std::uint8_t* file_key, std::string_view header_to_dashes, std::uint8_t (&mac)[32]) {
  std::uint8_t key[32];
  hkdf_sha256(file_key, kFileKeySize, nullptr, 0, "header", key, sizeof key);
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, key, sizeof key);
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(header_to_dashes.data()),
                                header_to_dashes.size());
  crypto_auth_hmacsha256_final(&st, mac);
  sodium_memzero(key, sizeof key);
}

inline std::string wrap_body(const std::string& b64) {
  std::string out;
  std::size_t i = 0;
  for (; i + kColumns <= b64.size(); i += kColumns) out += b64.substr(i, kColumns) + "\n";
  out += b64.substr(i) + "\n";  // shorter than 64 columns, possibly empty
  return out;
}

}  // namespace detail

// --- writing ---------------------------------------------------------------------------------------------------
namespace detail {

// The header for one X25519 recipient, wrapping `file_key` (age's "-> X25519" stanza and the MAC line).
inline bool x25519_header(const std::uint8_t (&file_key)[kFileKeySize], const Key& recipient, std::string& out,
                          std::string& error) {
  Key ephemeral{};
  randombytes_buf(ephemeral.data(), ephemeral.size());
  Key share{};
  Key shared{};
  crypto_scalarmult_base(share.data(), ephemeral.data());
  const bool ok = crypto_scalarmult(shared.data(), ephemeral.data(), recipient.data()) == 0;
  sodium_memzero(ephemeral.data(), ephemeral.size());
  if (!ok) {
    error = "the recipient's public key is a low-order point: X25519 refuses it";
    return false;
  }
  std::uint8_t salt[64];
  for (std::size_t i = 0; i < 32; ++i) {
    salt[i] = share[i];
    salt[32 + i] = recipient[i];
  }
  std::uint8_t wrap_key[32];
  hkdf_sha256(shared.data(), shared.size(), salt, sizeof salt, "age-encryption.org/v1/X25519", wrap_key,
              sizeof wrap_key);
  sodium_memzero(shared.data(), shared.size());
  std::uint8_t body[kFileKeySize + kTagSize];
  const std::uint8_t zero_nonce[12] = {};
  crypto_aead_chacha20poly1305_ietf_encrypt(body, nullptr, file_key, kFileKeySize, nullptr, 0, nullptr, zero_nonce,
                                            wrap_key);
  sodium_memzero(wrap_key, sizeof wrap_key);
  std::string header(kIntro);
  // Appended piece by piece: GCC 12's -Wrestrict misfires on "literal" + std::string temporaries.
  header += "-> X25519 ";
  header += b64_encode(share.data(), share.size());
  header += '\n';
  header += wrap_body(b64_encode(body, sizeof body));
  header += "---";
  std::uint8_t mac[32];
  header_mac(file_key, header, mac);
  header += ' ';
  header += b64_encode(mac, sizeof mac);
  header += '\n';
  out += header;
  return true;
}

inline Key payload_key(const std::uint8_t (&file_key)[kFileKeySize], const std::uint8_t* nonce) {
  Key key{};
  hkdf_sha256(file_key, kFileKeySize, nonce, kNonceSize, "payload", key.data(), key.size());
  return key;
}

// Appends chunk `counter` of `plain` (at most kChunkSize bytes), sealed under `key`.
inline void seal_chunk(const Key& key, std::uint64_t counter, bool last, std::string_view plain, std::string& out) {
  std::uint8_t nonce[12];
  chunk_nonce(counter, last, nonce);
  const std::size_t at = out.size();
  out.resize(at + plain.size() + kTagSize);
  crypto_aead_chacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(out.data() + at), nullptr,
                                            reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                                            nullptr, 0, nullptr, nonce, key.data());
}

}  // namespace detail

// Streams one age file to one X25519 recipient. Memory: at most one chunk (64 KiB) of plaintext is held;
// each call appends the finished bytes to `out` for the caller to write.
class Encryptor {
 public:
  Encryptor() = default;
  Encryptor(const Encryptor&) = delete;
  Encryptor& operator=(const Encryptor&) = delete;
  ~Encryptor() { wipe(); }

  // Appends the header and the payload nonce. False (with `error`) for a recipient key X25519 refuses.
  bool begin(const Key& recipient, std::string& out, std::string& error) {
    if (!init(error)) return false;
    std::uint8_t file_key[kFileKeySize];
    randombytes_buf(file_key, sizeof file_key);
    std::string header;
    if (!detail::x25519_header(file_key, recipient, header, error)) {
      sodium_memzero(file_key, sizeof file_key);
      return false;
    }
    std::uint8_t nonce[kNonceSize];
    randombytes_buf(nonce, sizeof nonce);
    m_key = detail::payload_key(file_key, nonce);
    sodium_memzero(file_key, sizeof file_key);
    out += header;
    out.append(reinterpret_cast<const char*>(nonce), sizeof nonce);
    m_buffer.clear();
    m_buffer.reserve(kChunkSize);
    m_counter = 0;
    m_open = true;
    return true;
  }

  // Appends every chunk that is now known not to be the last.
  void update(const void* data, std::size_t size, std::string& out) {
    const auto* p = static_cast<const char*>(data);
    while (size > 0) {
      if (m_buffer.size() == kChunkSize) seal(false, out);  // more follows: this one is not the last
      const std::size_t take = kChunkSize - m_buffer.size() < size ? kChunkSize - m_buffer.size() : size;
      m_buffer.append(p, take);
      p += take;
      size -= take;
    }
  }

  // Appends the last chunk (empty only when nothing was written at all). The key is wiped.
  void finish(std::string& out) {
    seal(true, out);
    wipe();
  }

  bool is_open() const { return m_open; }

 private:
  void seal(bool last, std::string& out) {
    detail::seal_chunk(m_key, m_counter, last, m_buffer, out);
    sodium_memzero(m_buffer.data(), m_buffer.size());
    m_buffer.clear();
    ++m_counter;
  }
  void wipe() {
    sodium_memzero(m_key.data(), m_key.size());
    if (!m_buffer.empty()) sodium_memzero(m_buffer.data(), m_buffer.size());
    m_buffer.clear();
    m_open = false;
  }

  Key m_key{};
  std::string m_buffer;
  std::uint64_t m_counter = 0;
  bool m_open = false;
};

// --- reading -------------------------------------------------------------------------------------------------
// Why a file could not be opened. `offset` is the byte offset in the file the check failed at.
struct Failure {
  enum class Kind {
    not_age,      // does not start with the age header line
    unsupported,  // another age version, the ASCII armor, a passphrase (scrypt) file
    header,       // the header breaks the format or a limit
    no_identity,  // none of the identities opens any X25519 stanza (wrong key)
    header_mac,   // the header MAC does not match: the header was altered
    payload,      // a payload chunk fails authentication: altered
    truncated,    // the file ends early (no nonce, no chunk, or the last chunk missing)
    trailing,     // bytes after the last chunk
    limit,        // the plaintext would exceed the caller's limit
  };
  Kind kind = Kind::not_age;
  std::string message;
  std::uint64_t offset = 0;
};

inline const char* kind_name(Failure::Kind k) {
  switch (k) {
    case Failure::Kind::not_age: return "not_age";
    case Failure::Kind::unsupported: return "unsupported";
    case Failure::Kind::header: return "header";
    case Failure::Kind::no_identity: return "no_identity";
    case Failure::Kind::header_mac: return "header_mac";
    case Failure::Kind::payload: return "payload";
    case Failure::Kind::truncated: return "truncated";
    case Failure::Kind::trailing: return "trailing";
    case Failure::Kind::limit: return "limit";
  }
  return "?";
}

// Whether `prefix` (a file's first bytes) is an age file of any version or armor: the analyzer's test.
inline bool looks_like_age(std::string_view prefix) {
  return prefix.starts_with(kIntroPrefix) || prefix.starts_with(kArmorBegin);
}

struct Stanza {
  std::vector<std::string> args;  // args[0] is the type
  std::vector<std::uint8_t> body;
  std::uint64_t offset = 0;  // of its "->" line
};

struct Header {
  std::vector<Stanza> stanzas;
  std::size_t mac_offset = 0;      // of "---"; the MAC covers bytes [0, mac_offset + 3)
  std::array<std::uint8_t, 32> mac{};
  std::size_t size = 0;            // bytes up to and including the MAC line's LF: the payload starts here
};

// Parses and checks the header's form (not its MAC, which needs the file key).
inline std::optional<Header> parse_header(std::string_view file, Failure& why) {
  auto fail = [&](Failure::Kind k, std::uint64_t at, std::string message) -> std::optional<Header> {
    why = {k, std::move(message), at};
    return std::nullopt;
  };
  if (file.starts_with(kArmorBegin)) {
    return fail(Failure::Kind::unsupported, 0,
                "an ASCII-armored age file (-----BEGIN AGE ENCRYPTED FILE-----): remove the armor with "
                "'age -d' or save the binary form");
  }
  if (!file.starts_with(kIntroPrefix)) {
    return fail(Failure::Kind::not_age, 0, "not an age file: it does not begin with 'age-encryption.org/v1'");
  }
  if (!file.starts_with(kIntro)) {
    const std::size_t eol = file.find('\n');
    const std::string_view line = file.substr(0, eol == std::string_view::npos ? 40 : std::min<std::size_t>(eol, 40));
    return fail(Failure::Kind::unsupported, 0,
                "an age file of another version ('" + std::string(line) + "'); only age-encryption.org/v1 is read");
  }
  Header h;
  std::size_t pos = kIntro.size();
  std::size_t line_no = 1;
  // The next line, without its LF; nullopt (with why set) past the limits or at the end of the file.
  auto next_line = [&](std::string_view& line) -> bool {
    ++line_no;
    const std::size_t window = std::min(file.size(), kMaxHeaderBytes);
    if (pos >= window) {
      why = pos >= kMaxHeaderBytes
                ? Failure{Failure::Kind::header, "header longer than " + std::to_string(kMaxHeaderBytes) + " bytes", pos}
                : Failure{Failure::Kind::truncated,
                          "truncated: the file ends inside the header (line " + std::to_string(line_no) + ")", pos};
      return false;
    }
    const std::size_t eol = file.find('\n', pos);
    if (eol == std::string_view::npos || eol >= window) {
      why = eol == std::string_view::npos
                ? Failure{Failure::Kind::truncated, "truncated: the file ends inside header line " + std::to_string(line_no), pos}
                : Failure{Failure::Kind::header, "header longer than " + std::to_string(kMaxHeaderBytes) + " bytes", pos};
      return false;
    }
    if (eol - pos > kMaxLineBytes) {
      why = {Failure::Kind::header,
             "header line " + std::to_string(line_no) + " is longer than " + std::to_string(kMaxLineBytes) + " bytes", pos};
      return false;
    }
    line = file.substr(pos, eol - pos);
    return true;
  };
  for (;;) {
    const std::size_t line_at = pos;
    std::string_view line;
    if (!next_line(line)) return std::nullopt;
    pos = line_at + line.size() + 1;
    const std::string where = "header line " + std::to_string(line_no);
    if (line.starts_with("---")) {
      if (!line.starts_with("--- ")) return fail(Failure::Kind::header, line_at, where + ": '---' without the MAC");
      const auto mac = b64_decode(line.substr(4));
      if (!mac || mac->size() != 32) {
        return fail(Failure::Kind::header, line_at + 4, where + ": the MAC is not 32 bytes of canonical base64");
      }
      if (h.stanzas.empty()) return fail(Failure::Kind::header, line_at, where + ": a header without any stanza");
      for (std::size_t i = 0; i < 32; ++i) h.mac[i] = (*mac)[i];
      h.mac_offset = line_at;
      h.size = pos;
      return h;
    }
    if (!line.starts_with("-> ")) {
      return fail(Failure::Kind::header, line_at, where + ": expected a stanza ('-> ') or the MAC line ('--- ')");
    }
    if (h.stanzas.size() == kMaxStanzas) {
      return fail(Failure::Kind::header, line_at, "more than " + std::to_string(kMaxStanzas) + " stanzas");
    }
    Stanza s;
    s.offset = line_at;
    std::string_view rest = line.substr(3);
    for (;;) {
      const std::size_t sp = rest.find(' ');
      const std::string_view arg = rest.substr(0, sp);
      if (arg.empty()) return fail(Failure::Kind::header, line_at, where + ": an empty stanza argument");
      for (const char c : arg) {
        if (c < 33 || c > 126) {
          return fail(Failure::Kind::header, line_at, where + ": a stanza argument with a non-printable byte");
        }
      }
      if (s.args.size() == kMaxArgs) {
        return fail(Failure::Kind::header, line_at, where + ": more than " + std::to_string(kMaxArgs) + " arguments");
      }
      s.args.emplace_back(arg);
      if (sp == std::string_view::npos) break;
      rest = rest.substr(sp + 1);
    }
    std::string b64;
    for (;;) {
      const std::size_t body_at = pos;
      std::string_view body_line;
      if (!next_line(body_line)) return std::nullopt;
      pos = body_at + body_line.size() + 1;
      if (body_line.size() > kColumns) {
        return fail(Failure::Kind::header, body_at, "header line " + std::to_string(line_no) +
                                                        ": a stanza body line longer than 64 columns");
      }
      b64 += body_line;
      if (b64.size() > kMaxBodyBytes * 4 / 3 + 4) {
        return fail(Failure::Kind::header, body_at, "a stanza body larger than " + std::to_string(kMaxBodyBytes) + " bytes");
      }
      if (body_line.size() < kColumns) break;  // the last body line is the short one (possibly empty)
    }
    auto body = b64_decode(b64);
    if (!body) {
      return fail(Failure::Kind::header, line_at, where + ": the stanza body is not canonical base64");
    }
    s.body = std::move(*body);
    h.stanzas.push_back(std::move(s));
  }
}

// Opens `file` with any of `identities` and returns the plaintext, or nullopt with `why`. The plaintext is
// refused (Kind::limit) as soon as it would pass `max_plaintext` bytes.
inline std::optional<std::string> decrypt(std::string_view file, const std::vector<Identity>& identities,
                                          std::uint64_t max_plaintext, Failure& why) {
  auto fail = [&](Failure::Kind k, std::uint64_t at, std::string message) -> std::optional<std::string> {
    why = {k, std::move(message), at};
    return std::nullopt;
  };
  std::string init_error;
  if (!init(init_error)) return fail(Failure::Kind::unsupported, 0, init_error);
  auto header = parse_header(file, why);
  if (!header) return std::nullopt;

  std::size_t x25519 = 0;
  for (const Stanza& s : header->stanzas) {
    if (s.args[0] == "scrypt") {
      return fail(Failure::Kind::unsupported, s.offset,
                  "a passphrase-encrypted age file (scrypt stanza): migready opens files sealed to an X25519 "
                  "key only; use 'age -d'");
    }
    if (s.args[0] != "X25519") continue;  // another recipient type: not ours, as age skips it
    if (s.args.size() != 2) {
      return fail(Failure::Kind::header, s.offset, "an X25519 stanza needs exactly one argument");
    }
    const auto share = b64_decode(s.args[1]);
    if (!share || share->size() != 32) {
      return fail(Failure::Kind::header, s.offset, "an X25519 stanza's share is not 32 bytes of canonical base64");
    }
    if (s.body.size() != kFileKeySize + kTagSize) {
      return fail(Failure::Kind::header, s.offset,
                  "an X25519 stanza's body is " + std::to_string(s.body.size()) + " bytes, not 32");
    }
    ++x25519;
  }
  if (x25519 == 0) {
    return fail(Failure::Kind::no_identity, 0,
                "no X25519 stanza in the header: the file is not sealed to an age1… key");
  }

  std::uint8_t file_key[kFileKeySize];
  bool opened = false;
  for (const Stanza& s : header->stanzas) {
    if (s.args[0] != "X25519" || opened) continue;
    const auto share = *b64_decode(s.args[1]);
    for (const Identity& id : identities) {
      Key shared{};
      if (crypto_scalarmult(shared.data(), id.secret.data(), share.data()) != 0) {
        return fail(Failure::Kind::header, s.offset, "an X25519 stanza's share is a low-order point");
      }
      std::uint8_t salt[64];
      for (std::size_t i = 0; i < 32; ++i) {
        salt[i] = share[i];
        salt[32 + i] = id.public_key[i];
      }
      std::uint8_t wrap_key[32];
      hkdf_sha256(shared.data(), shared.size(), salt, sizeof salt, "age-encryption.org/v1/X25519", wrap_key,
                  sizeof wrap_key);
      const std::uint8_t zero_nonce[12] = {};
      const int rc = crypto_aead_chacha20poly1305_ietf_decrypt(file_key, nullptr, nullptr, s.body.data(),
                                                               s.body.size(), nullptr, 0, zero_nonce, wrap_key);
      sodium_memzero(shared.data(), shared.size());
      sodium_memzero(wrap_key, sizeof wrap_key);
      if (rc == 0) {
        opened = true;
        break;
      }
    }
  }
  if (!opened) {
    std::string keys;
    for (const Identity& id : identities) keys += (keys.empty() ? "" : ", ") + encode_recipient(id.public_key);
    return fail(Failure::Kind::no_identity, 0,
                "wrong key: the file is sealed to " + std::to_string(x25519) + " X25519 recipient(s), and none is " +
                    (identities.size() == 1 ? "the identity given (" : "any of the identities given (") + keys + ")");
  }

  std::uint8_t mac[32];
  detail::header_mac(file_key, file.substr(0, header->mac_offset + 3), mac);
  if (crypto_verify_32(mac, header->mac.data()) != 0) {
    sodium_memzero(file_key, sizeof file_key);
    return fail(Failure::Kind::header_mac, header->mac_offset,
                "the header MAC does not match: the header was altered after sealing");
  }

  const std::size_t nonce_at = header->size;
  if (file.size() - nonce_at < kNonceSize) {
    sodium_memzero(file_key, sizeof file_key);
    return fail(Failure::Kind::truncated, file.size(),
                "truncated: the file ends " + std::to_string(file.size() - nonce_at) +
                    " bytes into the 16-byte payload nonce");
  }
  Key key{};
  hkdf_sha256(file_key, sizeof file_key, file.data() + nonce_at, kNonceSize, "payload", key.data(), key.size());
  sodium_memzero(file_key, sizeof file_key);

  std::string plain;
  std::size_t pos = nonce_at + kNonceSize;
  constexpr std::size_t kSealed = kChunkSize + kTagSize;
  std::uint8_t nonce[12];
  auto open_chunk = [&](std::size_t at, std::size_t size, std::uint64_t counter, bool last, std::string& into) {
    detail::chunk_nonce(counter, last, nonce);
    const std::size_t base = into.size();
    into.resize(base + size - kTagSize);
    const int rc = crypto_aead_chacha20poly1305_ietf_decrypt(
        reinterpret_cast<unsigned char*>(into.data() + base), nullptr, nullptr,
        reinterpret_cast<const unsigned char*>(file.data() + at), size, nullptr, 0, nonce, key.data());
    if (rc != 0) into.resize(base);
    return rc == 0;
  };
  for (std::uint64_t counter = 0;; ++counter) {
    const std::size_t left = file.size() - pos;
    const std::string chunk = "payload chunk " + std::to_string(counter) + " at offset " + std::to_string(pos);
    if (left == 0) {
      sodium_memzero(key.data(), key.size());
      return fail(Failure::Kind::truncated, pos,
                  counter == 0 ? "truncated: no payload chunk after the nonce"
                               : "truncated: the file ends after chunk " + std::to_string(counter - 1) +
                                     ", which is not the last chunk");
    }
    if (left < kTagSize) {
      sodium_memzero(key.data(), key.size());
      return fail(Failure::Kind::truncated, pos,
                  "truncated: " + chunk + " is " + std::to_string(left) + " bytes, shorter than its 16-byte tag");
    }
    const std::size_t size = left < kSealed ? left : kSealed;
    if (plain.size() + (size - kTagSize) > max_plaintext) {
      sodium_memzero(key.data(), key.size());
      return fail(Failure::Kind::limit, pos,
                  "the sealed content is larger than the limit of " + std::to_string(max_plaintext) + " bytes");
    }
    const bool final_in_file = left <= kSealed;
    if (!final_in_file) {
      if (open_chunk(pos, size, counter, false, plain)) {
        pos += size;
        continue;
      }
      std::string scratch;
      const bool marked_last = open_chunk(pos, size, counter, true, scratch);
      sodium_memzero(scratch.data(), scratch.size());
      sodium_memzero(key.data(), key.size());
      if (marked_last) {
        return fail(Failure::Kind::trailing, pos + size,
                    chunk + " is the last chunk, but " + std::to_string(left - size) + " bytes follow it");
      }
      return fail(Failure::Kind::payload, pos, chunk + " fails authentication: the payload was altered");
    }
    if (open_chunk(pos, size, counter, true, plain)) {
      sodium_memzero(key.data(), key.size());
      if (size == kTagSize && counter > 0) {
        return fail(Failure::Kind::payload, pos, chunk + " is an empty last chunk after a non-empty payload");
      }
      return plain;
    }
    std::string scratch;
    const bool not_last = open_chunk(pos, size, counter, false, scratch);
    sodium_memzero(scratch.data(), scratch.size());
    sodium_memzero(key.data(), key.size());
    sodium_memzero(plain.data(), plain.size());
    if (not_last) {
      return fail(Failure::Kind::truncated, pos + size,
                  "truncated: " + chunk + " is whole but not the last chunk: the file ends early");
    }
    return fail(Failure::Kind::payload, pos, chunk + " fails authentication: the payload was altered or cut short");
  }
}

}  // namespace migready::contract::age
