// The key of `--redact` (report/redact.hpp), as the command line asks for it.
//
//   no --redact-key     a fresh random key from the system's generator, in memory for this run only: the
//                       tokens cannot be traced back, nor matched with another run's
//   --redact-key FILE   FILE holds the key (64 hex digits, one line); when FILE does not exist, a fresh key is
//                       written to it first (created new, owner-only: 0600), so the next analyze or diff with
//                       the same FILE gives the same tokens. A FILE that exists but is not a key is an error
//                       (never overwritten). At most kMaxKeyFileBytes are read.
#pragma once

#include <cstddef>
#include <string>

#include "core/result.hpp"
#include "report/redact.hpp"

namespace migready::cli {

inline constexpr std::size_t kMaxKeyFileBytes = 1024;

// `created` is set when FILE was written by this call.
Result<report::RedactKey> redaction_key(const std::string& key_file, bool& created);

}  // namespace migready::cli
