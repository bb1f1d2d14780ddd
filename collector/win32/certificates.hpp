// Reads api.certificates: the computer's personal certificate store (LocalMachine\MY), opened read-only and
// only if it exists, into core/certificates_json.hpp's CertificatesReading. Every call that fails for one
// certificate is recorded in that certificate's errors and the others still run; no private key is ever
// acquired (its presence is the CERT_KEY_PROV_INFO_PROP_ID property).
#pragma once

#include "core/certificates_json.hpp"

namespace migready::collector::win32 {

certificates::CertificatesReading read_certificates();

}  // namespace migready::collector::win32
