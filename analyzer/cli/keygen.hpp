// `migready keygen [-o FILE]`: a new age X25519 key pair for the support desk (docs/support-desk.md).
// The identity is written in age-keygen's format (contract/age.hpp, identity_file_text), so `age -d -i FILE`
// reads it too. With -o: FILE is created readable by its owner only and never overwritten; the public key
// (age1…, what the collector's --encrypt-to takes) goes to standard output. Without -o: the identity goes to
// standard output and "Public key: age1…" to standard error, as age-keygen does.
#pragma once

#include <string>

namespace migready::cli {

// The process exit code: 0 written, 2 the file exists or cannot be written (message on stderr).
int run_keygen(const std::string& output);

}  // namespace migready::cli
