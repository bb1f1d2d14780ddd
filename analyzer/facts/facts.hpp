// The facts document: everything the rules may ask about one bundle, each fact with its provenance.
//
// A fact is a leaf object in a JSON tree addressed by a dotted path ("os.service_pack_number"):
//
//   {"status": "present", "value": 1, "source": "registry.software:Microsoft\\Windows NT\\CurrentVersion\\CSDVersion"}
//   {"status": "collection_failed", "source": "command.ipconfig_all", "reason": "collection timeout"}
//
// status: present (value holds it; null is a real "does not exist" answer, e.g. no DNS domain),
// missing (the source was read and the fact is not in it), collection_failed (the artifact was not
// collected or failed verification), parse_failed (collected, but the parser could not read it).
// Rules see a fact's value only when it is present; for the others they yield a collection finding
// naming what to re-collect. Every fact is declared in facts/catalogue.hpp's table (catalogue.cpp) and
// documented with its source in docs/facts.md.
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <string_view>

#include "core/json.hpp"
#include "bundle/bundle.hpp"
#include "core/diagnostics.hpp"

namespace migready::facts {

enum class FactStatus { present, missing, collection_failed, parse_failed };
const char* fact_status_name(FactStatus status) noexcept;

class Facts {
 public:
  Facts();

  // Sets a present fact. `source` is "artifact-id" or "artifact-id:location".
  void set(std::string_view path, json::Value value, std::string_view source);
  void set(std::string_view path, std::string_view value, std::string_view source);
  void set(std::string_view path, std::int64_t value, std::string_view source);
  void set(std::string_view path, bool value, std::string_view source);
  void set_null(std::string_view path, std::string_view source);
  // Sets a fact that has no value, with the reason.
  void set_unavailable(std::string_view path, FactStatus status, std::string_view source, std::string_view reason);

  // The fact object at `path`, or null when no such fact was ever set.
  const json::Value* find(std::string_view path) const;
  json::Document::AllocatorType& allocator() { return m_doc.GetAllocator(); }
  const json::Document& document() const { return m_doc; }

  std::string to_json(bool pretty) const;

 private:
  json::Value& node(std::string_view path);
  json::Document m_doc;
};

// Builds the facts of a bundle from its manifest, hives and command outputs. Never fails: an artifact
// that cannot be read makes its facts collection_failed / parse_failed, with a diagnostic.
Facts build_facts(const bundle::Bundle& bundle, Diagnostics& diags);

}  // namespace migready::facts
