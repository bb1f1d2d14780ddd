// Checks an API document (what the collector's core writes, a sample's system/*.json) against its JSON
// Schema in contract/api/, the way the analyzer does before it reads one. Shared by the collector's and
// the bundle's unit tests:
//
//   CHECK(test::api_document_problem(aj::services_json(doc)) == "");   // "" = valid
//
// The document names its schema ("schema": "migready-api-services/1"); a document without a known one is
// itself the problem.
#pragma once

#include <string>
#include <string_view>

namespace migready::test {

// "" when `json` parses as untrusted input and satisfies its schema; otherwise the analyzer's error
// ("<where>#/services/0/state: not a valid migready-api-services/1 document: ...").
std::string api_document_problem(std::string_view json, const std::string& where = "document");

}  // namespace migready::test
