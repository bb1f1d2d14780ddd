#include "core/certificates_json.hpp"

#include <algorithm>

#include "contract/civil_time.hpp"
#include "core/json_writer.hpp"

namespace migready::collector::certificates {
namespace {

struct SignatureRow {
  std::string_view oid;
  std::string_view name;  // as CryptoAPI's OID table (CryptFindOIDInfo) names it, so as certutil shows it
  std::string_view hash;  // "" = unknown
};

// wincrypt.h's szOID_* signature algorithms (RSA PKCS #1, OIW, DSA, ECDSA).
constexpr SignatureRow kSignatures[] = {
    {"1.2.840.113549.1.1.2", "md2RSA", "md2"},       {"1.2.840.113549.1.1.3", "md4RSA", "md4"},
    {"1.2.840.113549.1.1.4", "md5RSA", "md5"},       {"1.2.840.113549.1.1.5", "sha1RSA", "sha1"},
    {"1.2.840.113549.1.1.11", "sha256RSA", "sha256"}, {"1.2.840.113549.1.1.12", "sha384RSA", "sha384"},
    {"1.2.840.113549.1.1.13", "sha512RSA", "sha512"}, {"1.2.840.113549.1.1.10", "RSASSA-PSS", ""},
    {"1.3.14.3.2.3", "md5RSA", "md5"},               {"1.3.14.3.2.29", "sha1RSA", "sha1"},
    {"1.3.14.3.2.27", "dsaSHA1", "sha1"},            {"1.2.840.10040.4.3", "sha1DSA", "sha1"},
    {"1.2.840.10045.4.1", "sha1ECDSA", "sha1"},      {"1.2.840.10045.4.3.2", "sha256ECDSA", "sha256"},
    {"1.2.840.10045.4.3.3", "sha384ECDSA", "sha384"}, {"1.2.840.10045.4.3.4", "sha512ECDSA", "sha512"},
};

const SignatureRow* find_signature(std::string_view oid) {
  for (const auto& row : kSignatures) {
    if (row.oid == oid) return &row;
  }
  return nullptr;
}

// 1601-01-01 to 1970-01-01 in seconds.
constexpr std::int64_t kFiletimeEpochSeconds = 11644473600LL;
// 9999-12-31T23:59:59Z as seconds since 1970.
constexpr std::int64_t kMaxSeconds = 253402300799LL;

}  // namespace

std::string filetime_utc_text(std::uint64_t filetime) {
  const std::int64_t seconds =
      std::min(static_cast<std::int64_t>(filetime / 10000000ULL) - kFiletimeEpochSeconds, kMaxSeconds);
  return contract::format_iso(seconds);
}

std::string upper_hex(const std::uint8_t* bytes, std::size_t size) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 0xF];
  }
  return out;
}

std::string serial_hex(const std::vector<std::uint8_t>& little_endian) {
  const std::size_t n = std::min(little_endian.size(), kMaxSerialBytes);
  std::vector<std::uint8_t> big(little_endian.begin(), little_endian.begin() + static_cast<std::ptrdiff_t>(n));
  std::reverse(big.begin(), big.end());
  return upper_hex(big.data(), big.size());
}

std::optional<std::string_view> signature_algorithm_name(std::string_view oid) {
  const SignatureRow* row = find_signature(oid);
  if (row == nullptr) return std::nullopt;
  return row->name;
}

std::optional<std::string_view> signature_hash(std::string_view oid) {
  const SignatureRow* row = find_signature(oid);
  if (row == nullptr || row->hash.empty()) return std::nullopt;
  return row->hash;
}

std::string_view key_algorithm_name(std::string_view oid) {
  if (oid == "1.2.840.113549.1.1.1") return "rsa";  // szOID_RSA_RSA
  if (oid == "1.2.840.10040.4.1") return "dsa";     // szOID_X957_DSA
  if (oid == "1.2.840.10045.2.1") return "ecc";     // szOID_ECC_PUBLIC_KEY
  if (oid == "1.2.840.10046.2.1") return "dh";      // szOID_ANSI_X942_DH
  return "other";
}

bool server_authentication(const std::optional<std::vector<std::string>>& eku) {
  if (!eku) return true;
  return std::any_of(eku->begin(), eku->end(),
                     [](const std::string& oid) { return oid == kServerAuthOid || oid == kAnyPurposeOid; });
}

std::string cut_utf8(std::string_view text, std::size_t max) {
  if (text.size() <= max) return std::string(text);
  std::size_t n = max;
  // Back up over continuation bytes (10xxxxxx) so the cut falls before a character's first byte.
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return std::string(text.substr(0, n));
}

std::string clean_oid(std::string_view oid) {
  if (oid.empty() || oid.size() > kMaxOidChars) return {};
  bool previous_dot = true;
  for (char c : oid) {
    if (c == '.') {
      if (previous_dot) return {};
      previous_dot = true;
    } else if (c >= '0' && c <= '9') {
      previous_dot = false;
    } else {
      return {};
    }
  }
  return previous_dot ? std::string() : std::string(oid);
}

std::string certificates_json(const CertificatesReading& r) {
  JsonWriter w;
  std::string status = "ok";
  std::optional<std::string> store_error;
  std::optional<std::uint32_t> win32_error;
  if (r.open_error) {
    status = "failed";
    win32_error = r.open_error;
    store_error = cut_utf8(r.open_error_text, 8192);
  } else if (r.more || r.certificates.size() > kMaxCertificates) {
    status = "truncated";
    store_error = "more than " + std::to_string(kMaxCertificates) + " certificates, the first " +
                  std::to_string(kMaxCertificates) + " kept";
  }
  const std::size_t kept = r.open_error ? 0 : std::min(r.certificates.size(), kMaxCertificates);
  std::size_t with_errors = 0;
  for (std::size_t i = 0; i < kept; ++i) {
    if (!r.certificates[i].errors.empty()) ++with_errors;
  }
  std::optional<std::string> error;
  if (store_error) error = "local_machine_my: " + *store_error;
  if (with_errors > 0) {
    const std::string text = std::to_string(with_errors) + " certificate(s) with a failed call (their `errors`)";
    error = error ? *error + "; " + text : text;
  }

  w.begin_object();
  w.key("schema").value(kSchema);
  w.key("complete").value(!error.has_value());
  w.key("error").value_or_null(error);
  w.key("local_machine_my").begin_object();
  w.key("status").value(status);
  w.key("win32_error").value_or_null(win32_error);
  w.key("error").value_or_null(store_error);
  w.key("items").begin_array();
  for (std::size_t i = 0; i < kept; ++i) {
    const CertificateEntry& c = r.certificates[i];
    w.begin_object();
    if (c.thumbprint) {
      w.key("thumbprint").value(upper_hex(c.thumbprint->data(), c.thumbprint->size()));
    } else {
      w.key("thumbprint").null();
    }
    w.key("subject").value(cut_utf8(c.subject, kMaxNameChars));
    if (c.subject_cn) {
      w.key("subject_cn").value(cut_utf8(*c.subject_cn, kMaxNameChars));
    } else {
      w.key("subject_cn").null();
    }
    w.key("issuer").value(cut_utf8(c.issuer, kMaxNameChars));
    w.key("self_signed").value(!c.subject_encoded.empty() && c.subject_encoded == c.issuer_encoded);
    w.key("not_before_utc").value(filetime_utc_text(c.not_before));
    w.key("not_after_utc").value(filetime_utc_text(c.not_after));
    w.key("serial_number").value(serial_hex(c.serial_le));
    const std::string key_oid = clean_oid(c.key_algorithm_oid);
    w.key("key_algorithm").value(key_algorithm_name(key_oid));
    w.key("key_algorithm_oid").value(key_oid);
    if (c.key_bits && *c.key_bits > 0 && *c.key_bits <= 1048576) {
      w.key("key_bits").value(static_cast<std::uint64_t>(*c.key_bits));
    } else {
      w.key("key_bits").null();
    }
    const std::string signature_oid = clean_oid(c.signature_algorithm_oid);
    const auto name = signature_algorithm_name(signature_oid);
    w.key("signature_algorithm").value(name ? *name : std::string_view(signature_oid).substr(0, 64));
    w.key("signature_algorithm_oid").value(signature_oid);
    const auto hash = signature_hash(signature_oid);
    if (hash) {
      w.key("signature_hash").value(*hash);
    } else {
      w.key("signature_hash").null();
    }
    w.key("has_private_key").value(c.has_private_key);
    std::optional<std::vector<std::string>> eku;
    if (c.eku) {
      eku.emplace();
      for (const std::string& oid : *c.eku) {
        const std::string clean = clean_oid(oid);
        if (!clean.empty() && eku->size() < kMaxEkus) eku->push_back(clean);
      }
    }
    w.key("enhanced_key_usage");
    if (eku) {
      w.begin_array();
      for (const std::string& oid : *eku) w.value(oid);
      w.end_array();
    } else {
      w.null();
    }
    // Judged on every OID read, not only the 32 written.
    w.key("server_authentication").value(server_authentication(c.eku));
    w.key("dns_names").begin_array();
    std::size_t names = 0;
    for (const std::string& dns : c.dns_names) {
      if (dns.empty() || names == kMaxDnsNames) continue;
      w.value(cut_utf8(dns, kMaxDnsNameChars));
      ++names;
    }
    w.end_array();
    if (c.friendly_name) {
      w.key("friendly_name").value(cut_utf8(*c.friendly_name, kMaxNameChars));
    } else {
      w.key("friendly_name").null();
    }
    w.key("errors").begin_array();
    for (std::size_t e = 0; e < c.errors.size() && e < kMaxErrors; ++e) w.value(cut_utf8(c.errors[e], 1024));
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.end_object();
  return w.str();
}

}  // namespace migready::collector::certificates
