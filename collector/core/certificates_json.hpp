// api.certificates (system/certificates.json): the certificates of LocalMachine\MY, shaped portably so the
// caps, the dates, the hex and the OID names are unit-tested natively. The Win32 half
// (collector/win32/certificates.cpp) only copies what crypt32 decoded into a CertificatesReading. Contract:
// docs/bundle-format.md, "api.certificates"; the JSON Schema is contract/api/certificates.schema.json.
//
//   CertificateEntry{subject "CN=remote.contoso.com", issuer "CN=remote.contoso.com" (same encoded bytes),
//                    not_after 2007-06-01 as FILETIME, key_algorithm_oid "1.2.840.113549.1.1.1", key_bits 1024,
//                    signature_algorithm_oid "1.2.840.113549.1.1.5", eku nullopt, has_private_key true, ...}
//   -> {"thumbprint": "3F0C...", "subject": "CN=remote.contoso.com", "self_signed": true,
//       "not_after_utc": "2007-06-01T00:00:00Z", "key_algorithm": "rsa", "key_bits": 1024,
//       "signature_algorithm": "sha1RSA", "signature_hash": "sha1", "enhanced_key_usage": null,
//       "server_authentication": true, ...}
//
// Why decoded fields and not the certificates' DER: crypt32, the server's own parser, has already decoded
// them; shipping the DER would give the analyzer an ASN.1 parser of hostile bytes to keep safe for no fact
// the rules need. The thumbprint names each certificate for the partner (MMC, IIS's SSLCertHash).
// Caps: 256 certificates (then `truncated`), 1024 characters per name, 64 DNS names of 255, 32 EKU OIDs,
// 16 errors per certificate, 64 bytes of serial number.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contract/api/documents.hpp"

namespace migready::collector::certificates {

inline constexpr std::string_view kSchema = contract::find_api_document("api.certificates")->schema;
inline constexpr std::size_t kMaxCertificates = 256;
inline constexpr std::size_t kMaxNameChars = 1024;  // bytes of UTF-8, cut at a character boundary
inline constexpr std::size_t kMaxDnsNames = 64;
inline constexpr std::size_t kMaxDnsNameChars = 255;
inline constexpr std::size_t kMaxEkus = 32;
inline constexpr std::size_t kMaxOidChars = 128;
inline constexpr std::size_t kMaxErrors = 16;
inline constexpr std::size_t kMaxSerialBytes = 64;

inline constexpr std::string_view kServerAuthOid = "1.3.6.1.5.5.7.3.1";
inline constexpr std::string_view kAnyPurposeOid = "2.5.29.37.0";

// One certificate as crypt32 hands it over (CERT_CONTEXT and its properties), strings already UTF-8.
struct CertificateEntry {
  std::optional<std::array<std::uint8_t, 20>> thumbprint;  // CERT_SHA1_HASH_PROP_ID
  std::string subject;                                    // CERT_X500_NAME_STR
  std::optional<std::string> subject_cn;
  std::string issuer;
  std::vector<std::uint8_t> subject_encoded;  // pCertInfo->Subject (CERT_NAME_BLOB): compared with the issuer's
  std::vector<std::uint8_t> issuer_encoded;
  std::uint64_t not_before = 0;  // FILETIME ticks, UTC
  std::uint64_t not_after = 0;
  std::vector<std::uint8_t> serial_le;  // CRYPT_INTEGER_BLOB: least significant byte first
  std::string key_algorithm_oid;
  std::optional<std::uint32_t> key_bits;  // CertGetPublicKeyLength; 0 = could not compute (nullopt)
  std::string signature_algorithm_oid;
  bool has_private_key = false;
  std::optional<std::vector<std::string>> eku;  // nullopt: good for every purpose
  std::vector<std::string> dns_names;           // SAN dNSName entries
  std::optional<std::string> friendly_name;
  std::vector<std::string> errors;  // "<call>: <message> (Win32 error N)"
};

struct CertificatesReading {
  std::vector<CertificateEntry> certificates;  // the store's first kMaxCertificates (the reader stops there)
  bool more = false;                           // the store holds more than kMaxCertificates
  std::optional<std::uint32_t> open_error;     // CertOpenStore failed: its Win32 error
  std::string open_error_text;                 // "CertOpenStore: <message> (Win32 error N)"
};

// The document. Always written; `complete` when the store was read whole without a failed call.
std::string certificates_json(const CertificatesReading& reading);

// ---- the pieces, exposed for their tests --------------------------------------------------------------

// FILETIME ticks (100 ns since 1601-01-01 UTC) as "YYYY-MM-DDThh:mm:ssZ" (seconds truncated); years outside
// 1601..9999 (a FILETIME cannot say more) are clamped to that range.
std::string filetime_utc_text(std::uint64_t filetime);
// A CRYPT_INTEGER_BLOB (little-endian) as uppercase hex, most significant byte first; at most 64 bytes (the
// least significant ones are kept).
std::string serial_hex(const std::vector<std::uint8_t>& little_endian);
std::string upper_hex(const std::uint8_t* bytes, std::size_t size);
// "sha1RSA" for 1.2.840.113549.1.1.5 ... as certutil and the MMC name them; nullopt when not in the table.
std::optional<std::string_view> signature_algorithm_name(std::string_view oid);
// The signature algorithm's hash ("md5", "sha1", "sha256" ...); nullopt when unknown.
std::optional<std::string_view> signature_hash(std::string_view oid);
// rsa, dsa, ecc, dh, else other.
std::string_view key_algorithm_name(std::string_view oid);
// nullopt (every purpose), or a list holding Server Authentication or any purpose.
bool server_authentication(const std::optional<std::vector<std::string>>& eku);
// `text` cut to at most `max` bytes at a UTF-8 character boundary.
std::string cut_utf8(std::string_view text, std::size_t max);
// Digits and dots only, at most 128 characters; anything else becomes "".
std::string clean_oid(std::string_view oid);

}  // namespace migready::collector::certificates
