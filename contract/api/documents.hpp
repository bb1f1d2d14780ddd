// The API documents: one row per `Kind::api` artifact of contract/artifacts.hpp, naming the JSON document
// it holds and the JSON Schema that document satisfies (contract/api/<schema_file>, draft-04).
//
// Shared by both programs: the collector's API table (collector/api_table.hpp) adds each row's producer and
// its tests validate what the writers produce; the analyzer compiles the schemas in
// (analyzer/bundle/api_schema.hpp) and validates a document before it reads it. Field meanings:
// docs/bundle-format.md, "API artifacts"; the schemas carry the same words per member.
//
// Adding an API artifact: a row in contract/artifacts.hpp, a row here, its schema file in contract/api/, a row
// in the collector's API table with the function that produces it. A schema id is
// "migready-api-<name>/<major>": removing or re-typing a member bumps the major; adding one does not.
// Header-only, C++17, no dependencies beyond contract/artifacts.hpp.
#pragma once

#include <cstddef>
#include <string_view>

#include "contract/artifacts.hpp"

namespace migready::contract {

struct ApiDocumentSpec {
  std::string_view artifact_id;  // "api.services": a Kind::api row of kArtifacts
  std::string_view schema;       // the document's "schema" member, "migready-api-services/1"
  std::string_view schema_file;  // its JSON Schema, in contract/api/
};

inline constexpr ApiDocumentSpec kApiDocuments[] = {
    {"api.services", "migready-api-services/1", "services.schema.json"},
    {"api.volumes", "migready-api-volumes/1", "volumes.schema.json"},
    {"api.hardware", "migready-api-hardware/1", "hardware.schema.json"},
    {"api.time", "migready-api-time/1", "time.schema.json"},
    {"api.directory", "migready-api-directory/1", "directory.schema.json"},
    {"api.file_versions", "migready-api-file-versions/1", "file-versions.schema.json"},
    {"api.volatile_registry", "migready-api-volatile-registry/1", "volatile-registry.schema.json"},
    {"api.replication", "migready-api-replication/1", "replication.schema.json"},
    {"api.network", "migready-api-network/1", "network.schema.json"},
    {"api.certificates", "migready-api-certificates/1", "certificates.schema.json"},
};

constexpr const ApiDocumentSpec* find_api_document(std::string_view artifact_id) {
  for (const auto& doc : kApiDocuments) {
    if (doc.artifact_id == artifact_id) return &doc;
  }
  return nullptr;
}

constexpr const ApiDocumentSpec* find_api_document_by_schema(std::string_view schema) {
  for (const auto& doc : kApiDocuments) {
    if (doc.schema == schema) return &doc;
  }
  return nullptr;
}

namespace detail {
// Every Kind::api row of the artifact table has exactly one document row, and every document row is one.
constexpr bool api_documents_match_artifacts() {
  std::size_t api_rows = 0;
  for (const auto& spec : kArtifacts) {
    if (spec.kind != Kind::api) continue;
    ++api_rows;
    std::size_t found = 0;
    for (const auto& doc : kApiDocuments) if (doc.artifact_id == spec.id) ++found;
    if (found != 1) return false;
  }
  return api_rows == std::size(kApiDocuments);
}
}  // namespace detail
static_assert(detail::api_documents_match_artifacts(),
              "every api.* row of contract/artifacts.hpp needs one row in kApiDocuments (and its schema)");

}  // namespace migready::contract
