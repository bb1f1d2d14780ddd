#include "support/api_documents.hpp"

#include "bundle/api_schema.hpp"
#include "contract/api/documents.hpp"
#include "core/json.hpp"

namespace migready::test {

std::string api_document_problem(std::string_view json, const std::string& where) {
  // The nesting limit the analyzer reads API documents with.
  auto doc = parse_untrusted_json(json, 16, where);
  if (!doc) return doc.error().to_string();
  const auto schema = doc->IsObject() ? doc->FindMember("schema") : doc->MemberEnd();
  if (!doc->IsObject() || schema == doc->MemberEnd() || !schema->value.IsString()) {
    return where + ": no \"schema\" member";
  }
  const auto* spec = contract::find_api_document_by_schema(schema->value.GetString());
  if (spec == nullptr) return where + ": unknown schema " + std::string(schema->value.GetString());
  auto valid = bundle::validate_api_document(spec->artifact_id, *doc, where);
  return valid ? std::string() : valid.error().to_string();
}

}  // namespace migready::test
