// The API documents' JSON Schemas (contract/api/*.schema.json, one per row of contract::kApiDocuments),
// compiled in, and the check that a document satisfies its schema before anything reads it.
//
//   auto doc = parse_untrusted_json(bytes, 16, "system/services.json");          // untrusted bytes -> JSON
//   Result<void> ok = bundle::validate_api_document("api.services", *doc, "system/services.json");
//   if (!ok) ok.error();  // Errc::schema, where "system/services.json#/services/3/state", message
//                         // "not a valid migready-api-services/1 document: 'enum' of
//                         //  #/definitions/service/properties/state: expected one of "stopped", ...; found a number"
//
// The schemas are strict where the collector always writes a member (required, typed, bounded) and open
// where a later 1.x collector may add one (unknown members are allowed). Validation is recursive over the
// document, so the document must come from parse_untrusted_json, whose nesting limit keeps the recursion
// bounded. Thread-safe: a thread at work holds its own compiled schemas (RapidJSON's schema keeps regex state
// in the schema object, see manifest.cpp), so triage's workers never share one.
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "core/json.hpp"
#include "core/result.hpp"

namespace migready::bundle {

// The nesting limit API documents are parsed with (parse_untrusted_json): the deepest, api.directory, is 5.
inline constexpr std::size_t kApiDocumentMaxDepth = 16;

// Checks `doc` against the schema of the API artifact `artifact_id` ("api.services"). `where` names the
// document in errors (the path in the bundle). Errors:
//   not_found  `artifact_id` is not an API artifact of contract::kApiDocuments
//   schema     the document's "schema" member is not the artifact's schema id, or the document violates the
//              schema; `where` is "<where>#<JSON Pointer of the offending member>" ("#/" for the document)
//   unsupported  the compiled-in schema does not parse (a build defect; the unit tests compile every one)
Result<void> validate_api_document(std::string_view artifact_id, const json::Value& doc, const std::string& where);

// Parses `bytes` as untrusted JSON (kApiDocumentMaxDepth) and validates it: one call for a document read
// from a bundle. Errors: as parse_untrusted_json (format, limit; `where` "<where>:<line>"), then as above.
Result<void> check_api_document(std::string_view artifact_id, std::string_view bytes, const std::string& where);

// The embedded text of an API artifact's schema (contract/api/<schema_file>); "" for an id without one.
std::string_view api_schema_json(std::string_view artifact_id);

}  // namespace migready::bundle
