// Artifacts read from Win32 APIs (contract rows with Kind::api): each is one UTF-8 JSON document whose
// fields docs/bundle-format.md ("API artifacts") lists. Read-only: nothing here changes the server.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/manifest.hpp"

namespace migready::collector::win32 {

struct ApiOutput {
  Status status = Status::failed;        // ok; denied when access was refused; failed otherwise
  std::string json;                      // the document; may be partial (with `error`) when not ok
  std::optional<std::int64_t> exit_code;  // the Win32 error of a failed call
  std::optional<std::string> error;
};

// Collects the API artifact `id` (e.g. "api.services"). An id this collector does not know is `failed`.
ApiOutput collect_api(std::string_view id);

}  // namespace migready::collector::win32
