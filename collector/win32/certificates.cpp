#include "win32/certificates.hpp"

#include <windows.h>
#include <wincrypt.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "win32/wide.hpp"

namespace migready::collector::win32 {
namespace {

namespace cj = certificates;

// A name longer than this many UTF-16 units is not read whole (the document keeps 1024 characters anyway).
constexpr DWORD kMaxNameUnits = 16384;
// A decoded subject alternative name larger than this is not decoded.
constexpr DWORD kMaxDecodedBytes = 1u << 20;

// A C string's length, at most `max` (no strnlen: Server 2003's msvcrt.dll does not export it).
std::size_t bounded_length(const char* text, std::size_t max) {
  std::size_t n = 0;
  while (n < max && text[n] != '\0') ++n;
  return n;
}

void add_error(cj::CertificateEntry& c, const char* call, DWORD code) {
  c.errors.push_back(std::string(call) + ": " + error_text(code));
}

// CertGetNameStringW of `type` (flags, type parameter); "" when the certificate has no such name.
std::string name_string(PCCERT_CONTEXT cert, DWORD type, DWORD flags, void* type_para) {
  const DWORD units = CertGetNameStringW(cert, type, flags, type_para, nullptr, 0);
  if (units <= 1) return {};
  std::vector<wchar_t> buffer(std::min(units, kMaxNameUnits) + 1, L'\0');
  const DWORD got = CertGetNameStringW(cert, type, flags, type_para, buffer.data(), static_cast<DWORD>(buffer.size()));
  if (got <= 1) return {};
  const std::size_t length = std::wcslen(buffer.data());
  return to_utf8(std::wstring_view(buffer.data(), length));
}

std::vector<std::uint8_t> blob_bytes(const CRYPT_DATA_BLOB& blob) {
  if (blob.pbData == nullptr || blob.cbData == 0) return {};
  return std::vector<std::uint8_t>(blob.pbData, blob.pbData + blob.cbData);
}

std::uint64_t ticks(const FILETIME& ft) {
  return (static_cast<std::uint64_t>(ft.dwHighDateTime) << 32) | ft.dwLowDateTime;
}

void read_thumbprint(PCCERT_CONTEXT cert, cj::CertificateEntry& c) {
  std::array<std::uint8_t, 20> hash{};
  DWORD size = static_cast<DWORD>(hash.size());
  if (CertGetCertificateContextProperty(cert, CERT_SHA1_HASH_PROP_ID, hash.data(), &size) && size == hash.size()) {
    c.thumbprint = hash;
  } else {
    add_error(c, "CertGetCertificateContextProperty(CERT_SHA1_HASH_PROP_ID)", GetLastError());
  }
}

// Only whether the property is there: the key itself is never acquired.
void read_private_key_presence(PCCERT_CONTEXT cert, cj::CertificateEntry& c) {
  DWORD size = 0;
  if (CertGetCertificateContextProperty(cert, CERT_KEY_PROV_INFO_PROP_ID, nullptr, &size)) {
    c.has_private_key = true;
    return;
  }
  const DWORD error = GetLastError();
  if (error != static_cast<DWORD>(CRYPT_E_NOT_FOUND)) {
    add_error(c, "CertGetCertificateContextProperty(CERT_KEY_PROV_INFO_PROP_ID)", error);
  }
}

void read_friendly_name(PCCERT_CONTEXT cert, cj::CertificateEntry& c) {
  DWORD size = 0;
  if (!CertGetCertificateContextProperty(cert, CERT_FRIENDLY_NAME_PROP_ID, nullptr, &size)) return;  // none
  if (size < sizeof(wchar_t) || size > kMaxNameUnits * sizeof(wchar_t)) return;
  std::vector<wchar_t> buffer(size / sizeof(wchar_t) + 1, L'\0');
  if (!CertGetCertificateContextProperty(cert, CERT_FRIENDLY_NAME_PROP_ID, buffer.data(), &size)) {
    add_error(c, "CertGetCertificateContextProperty(CERT_FRIENDLY_NAME_PROP_ID)", GetLastError());
    return;
  }
  const std::size_t length = std::wcslen(buffer.data());
  if (length > 0) c.friendly_name = to_utf8(std::wstring_view(buffer.data(), length));
}

// Extension and property together, as the MMC's "Intended Purposes" shows them.
void read_eku(PCCERT_CONTEXT cert, cj::CertificateEntry& c) {
  DWORD size = 0;
  if (!CertGetEnhancedKeyUsage(cert, 0, nullptr, &size) || size < sizeof(CERT_ENHKEY_USAGE) ||
      size > kMaxDecodedBytes) {
    add_error(c, "CertGetEnhancedKeyUsage", GetLastError());
    return;
  }
  std::vector<std::uint64_t> buffer(size / sizeof(std::uint64_t) + 1, 0);
  auto* usage = reinterpret_cast<CERT_ENHKEY_USAGE*>(buffer.data());
  if (!CertGetEnhancedKeyUsage(cert, 0, usage, &size)) {
    add_error(c, "CertGetEnhancedKeyUsage", GetLastError());
    return;
  }
  if (usage->cUsageIdentifier == 0) {
    // CRYPT_E_NOT_FOUND: good for every purpose (nullopt); otherwise for none.
    if (GetLastError() != static_cast<DWORD>(CRYPT_E_NOT_FOUND)) c.eku.emplace();
    return;
  }
  c.eku.emplace();
  for (DWORD i = 0; i < usage->cUsageIdentifier && i < 256; ++i) {
    const char* oid = usage->rgpszUsageIdentifier[i];
    if (oid != nullptr) c.eku->push_back(std::string(oid, bounded_length(oid, cj::kMaxOidChars + 1)));
  }
}

void read_dns_names(PCCERT_CONTEXT cert, cj::CertificateEntry& c) {
  const CERT_INFO* info = cert->pCertInfo;
  PCERT_EXTENSION ext = CertFindExtension(szOID_SUBJECT_ALT_NAME2, info->cExtension, info->rgExtension);
  if (ext == nullptr) ext = CertFindExtension(szOID_SUBJECT_ALT_NAME, info->cExtension, info->rgExtension);
  if (ext == nullptr) return;
  DWORD size = 0;
  if (!CryptDecodeObject(X509_ASN_ENCODING, X509_ALTERNATE_NAME, ext->Value.pbData, ext->Value.cbData, 0, nullptr,
                         &size) ||
      size > kMaxDecodedBytes) {
    add_error(c, "CryptDecodeObject(X509_ALTERNATE_NAME)", GetLastError());
    return;
  }
  std::vector<std::uint64_t> buffer(size / sizeof(std::uint64_t) + 1, 0);
  if (!CryptDecodeObject(X509_ASN_ENCODING, X509_ALTERNATE_NAME, ext->Value.pbData, ext->Value.cbData, 0,
                         buffer.data(), &size)) {
    add_error(c, "CryptDecodeObject(X509_ALTERNATE_NAME)", GetLastError());
    return;
  }
  const auto* names = reinterpret_cast<const CERT_ALT_NAME_INFO*>(buffer.data());
  for (DWORD i = 0; i < names->cAltEntry && c.dns_names.size() < cj::kMaxDnsNames; ++i) {
    const CERT_ALT_NAME_ENTRY& entry = names->rgAltEntry[i];
    if (entry.dwAltNameChoice == CERT_ALT_NAME_DNS_NAME && entry.pwszDNSName != nullptr) {
      c.dns_names.push_back(to_utf8(std::wstring_view(entry.pwszDNSName, std::wcslen(entry.pwszDNSName))));
    }
  }
}

cj::CertificateEntry read_certificate(PCCERT_CONTEXT cert) {
  cj::CertificateEntry c;
  const CERT_INFO* info = cert->pCertInfo;
  DWORD x500 = CERT_X500_NAME_STR;
  c.subject = name_string(cert, CERT_NAME_RDN_TYPE, 0, &x500);
  c.issuer = name_string(cert, CERT_NAME_RDN_TYPE, CERT_NAME_ISSUER_FLAG, &x500);
  const std::string cn = name_string(cert, CERT_NAME_ATTR_TYPE, 0, const_cast<char*>(szOID_COMMON_NAME));
  if (!cn.empty()) c.subject_cn = cn;
  c.subject_encoded = blob_bytes(info->Subject);
  c.issuer_encoded = blob_bytes(info->Issuer);
  c.not_before = ticks(info->NotBefore);
  c.not_after = ticks(info->NotAfter);
  c.serial_le = blob_bytes(info->SerialNumber);
  if (info->SubjectPublicKeyInfo.Algorithm.pszObjId != nullptr) {
    c.key_algorithm_oid = info->SubjectPublicKeyInfo.Algorithm.pszObjId;
  }
  const DWORD bits = CertGetPublicKeyLength(X509_ASN_ENCODING | PKCS_7_ASN_ENCODING,
                                            const_cast<PCERT_PUBLIC_KEY_INFO>(&info->SubjectPublicKeyInfo));
  if (bits > 0) {
    c.key_bits = bits;
  } else {
    add_error(c, "CertGetPublicKeyLength", GetLastError());
  }
  if (info->SignatureAlgorithm.pszObjId != nullptr) c.signature_algorithm_oid = info->SignatureAlgorithm.pszObjId;
  read_thumbprint(cert, c);
  read_private_key_presence(cert, c);
  read_friendly_name(cert, c);
  read_eku(cert, c);
  read_dns_names(cert, c);
  return c;
}

}  // namespace

cj::CertificatesReading read_certificates() {
  cj::CertificatesReading r;
  // READONLY: never a write; OPEN_EXISTING: never create the store where it is missing.
  HCERTSTORE store =
      CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0,
                    CERT_SYSTEM_STORE_LOCAL_MACHINE | CERT_STORE_READONLY_FLAG | CERT_STORE_OPEN_EXISTING_FLAG, L"MY");
  if (store == nullptr) {
    const DWORD error = GetLastError();
    // No such store (OPEN_EXISTING on a computer that never had one): it holds no certificate.
    if (error == ERROR_FILE_NOT_FOUND) return r;
    r.open_error = static_cast<std::uint32_t>(error);
    r.open_error_text = "CertOpenStore(LocalMachine\\MY): " + error_text(error);
    return r;
  }
  PCCERT_CONTEXT cert = nullptr;
  while ((cert = CertEnumCertificatesInStore(store, cert)) != nullptr) {
    if (r.certificates.size() == cj::kMaxCertificates) {
      r.more = true;
      CertFreeCertificateContext(cert);  // the enumeration stops here: free the context it handed over
      break;
    }
    r.certificates.push_back(read_certificate(cert));
  }
  CertCloseStore(store, 0);
  return r;
}

}  // namespace migready::collector::win32
