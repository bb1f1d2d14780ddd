// Artifacts read from Win32 APIs (contract rows with Kind::api): each is one UTF-8 JSON document whose
// fields docs/bundle-format.md ("API artifacts") lists and whose JSON Schema is in contract/api/. Read-only:
// nothing here changes the server.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "contract/api/documents.hpp"
#include "core/manifest.hpp"
#include "core/options.hpp"

namespace migready::collector::win32 {

struct ApiOutput {
  Status status = Status::failed;        // ok; denied when access was refused; failed otherwise
  std::string json;                      // the document; may be partial (with `error`) when not ok
  std::optional<std::int64_t> exit_code;  // the Win32 error of a failed call
  std::optional<std::string> error;
};

// The API table: one row per row of contract::kApiDocuments (checked at compile time), the document's
// artifact id and schema, and the function that produces it. A producer never stops the run: what fails is
// in the output's status and error (and, partially read, in the document).
struct ApiProducer {
  const contract::ApiDocumentSpec* document;  // the artifact id ("api.services") and the document's schema
  ApiOutput (*produce)(const Options& options);
};

// The row of the API artifact `id`, or null for an id this collector cannot produce.
const ApiProducer* find_api_producer(std::string_view id);

}  // namespace migready::collector::win32
