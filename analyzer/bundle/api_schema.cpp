// The API documents' schemas: compiled per thread on first use, then a RapidJSON SchemaValidator per call.
// RapidJSON 1.1's validator names the failing keyword and the two JSON Pointers (in the document, in the
// schema); what the keyword expected is read back from the schema at that pointer.
#include "bundle/api_schema.hpp"

#include <rapidjson/pointer.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <array>
#include <memory>

#include "bundle/api_schema_data.hpp"
#include "bundle/lent.hpp"
#include "contract/api/documents.hpp"
#include "core/json.hpp"

namespace migready::bundle {
namespace {

constexpr std::size_t kDocuments = std::size(contract::kApiDocuments);

struct CompiledSchema {
  json::Document source;  // the schema as JSON: what a failing keyword expected is read from it
  std::unique_ptr<json::SchemaDocument> schema;  // null when the embedded text is not a JSON object
};

std::size_t index_of(const contract::ApiDocumentSpec& spec) {
  return static_cast<std::size_t>(&spec - std::begin(contract::kApiDocuments));
}

// A set per thread at work, each schema compiled on first use (the header: the schema object is not
// shareable; lent.hpp: why lent, not thread_local).
using SchemaSet = std::array<std::unique_ptr<CompiledSchema>, kDocuments>;

detail::LendingPool<SchemaSet>& schema_sets() {
  static detail::LendingPool<SchemaSet> pool;
  return pool;
}

const CompiledSchema& compiled(SchemaSet& set, const contract::ApiDocumentSpec& spec) {
  auto& slot = set[index_of(spec)];
  if (!slot) {
    slot = std::make_unique<CompiledSchema>();
    const std::string_view text = detail::embedded_api_schema(spec.schema_file);
    slot->source.Parse(text.data(), text.size());
    // The schemas are ours and tested; one that does not parse is a build defect, and refuses every document
    // (below) rather than accepting anything.
    if (!slot->source.HasParseError() && slot->source.IsObject()) {
      slot->schema = std::make_unique<json::SchemaDocument>(slot->source);
    }
  }
  return *slot;
}

std::string compact(const json::Value& v, std::size_t max_chars) {
  json::StringBuffer out;
  json::Writer<json::StringBuffer> writer(out);
  v.Accept(writer);
  std::string text(out.GetString(), out.GetSize());
  if (text.size() > max_chars) text = text.substr(0, max_chars) + "...";
  return text;
}

std::string json_type(const json::Value& v) {
  switch (v.GetType()) {
    case rapidjson::kNullType: return "null";
    case rapidjson::kFalseType:
    case rapidjson::kTrueType: return "a boolean";
    case rapidjson::kObjectType: return "an object with " + std::to_string(v.MemberCount()) + " members";
    case rapidjson::kArrayType: return "an array of " + std::to_string(v.Size()) + " items";
    case rapidjson::kStringType: return "a string of " + std::to_string(v.GetStringLength()) + " bytes";
    case rapidjson::kNumberType: return v.IsDouble() ? "a number with a fraction" : "an integer";
  }
  return "a value";
}

// What `keyword` of the schema at `schema_at` asked for, in words: "expected ...".
std::string expected(const json::Value& schema_root, const json::Pointer& schema_at, std::string_view keyword,
                     const json::Value* actual) {
  const json::Value* node = schema_at.Get(schema_root);
  if (node == nullptr || !node->IsObject()) return {};
  const auto it = node->FindMember(rapidjson::StringRef(keyword.data(), keyword.size()));
  if (it == node->MemberEnd()) return {};
  const json::Value& rule = it->value;
  if (keyword == "required" && rule.IsArray() && actual != nullptr && actual->IsObject()) {
    std::string missing;
    for (const auto& name : rule.GetArray()) {
      if (name.IsString() && !actual->HasMember(name)) missing += (missing.empty() ? "" : ", ") + compact(name, 80);
    }
    return "missing member " + missing;
  }
  if (keyword == "oneOf" || keyword == "anyOf" || keyword == "allOf") {
    return std::string("expected ") + (keyword == "oneOf" ? "exactly one" : keyword == "anyOf" ? "at least one" : "every one") +
           " of its " + std::to_string(rule.IsArray() ? rule.Size() : 0) + " alternatives to match";
  }
  std::string out = keyword == "enum" ? "expected one of " : "expected " + std::string(keyword) + " ";
  if (keyword == "enum" && rule.IsArray()) {
    std::string list;
    for (const auto& v : rule.GetArray()) list += (list.empty() ? "" : ", ") + compact(v, 80);
    return out + (list.size() > 200 ? list.substr(0, 200) + "..." : list);
  }
  return out + compact(rule, 200);
}

}  // namespace

std::string_view api_schema_json(std::string_view artifact_id) {
  const auto* spec = contract::find_api_document(artifact_id);
  return spec != nullptr ? detail::embedded_api_schema(spec->schema_file) : std::string_view();
}

Result<void> validate_api_document(std::string_view artifact_id, const json::Value& doc, const std::string& where) {
  const auto* spec = contract::find_api_document(artifact_id);
  if (spec == nullptr) {
    return Error{Errc::not_found, "no API document schema for artifact " + std::string(artifact_id), where};
  }
  const std::string schema(spec->schema);
  // The "schema" member first: a document of another kind gets one plain sentence, not a list of mismatches.
  // (No iterator of a document that is no object: RapidJSON asserts, and without assertions reads garbage.)
  const json::Value* member = nullptr;
  if (doc.IsObject()) {
    const auto it = doc.FindMember("schema");
    if (it != doc.MemberEnd()) member = &it->value;
  }
  if (member == nullptr || !member->IsString() ||
      std::string_view(member->GetString(), member->GetStringLength()) != spec->schema) {
    std::string found = !doc.IsObject()        ? json_type(doc)
                        : member == nullptr    ? "no \"schema\" member"
                        : !member->IsString()  ? "\"schema\" " + json_type(*member)
                                               : "\"schema\": " + compact(*member, 80);
    return Error{Errc::schema, "not a " + schema + " document (found " + found + ")",
                 where + (member != nullptr ? "#/schema" : "#/")};
  }

  const auto schemas = schema_sets().lend([] { return std::make_unique<SchemaSet>(); });
  const CompiledSchema& compiled_schema = compiled(*schemas, *spec);
  if (!compiled_schema.schema) {
    return Error{Errc::unsupported, "the compiled-in schema " + std::string(spec->schema_file) + " does not parse", where};
  }
  json::SchemaValidator validator(*compiled_schema.schema);
  if (doc.Accept(validator)) return {};

  const json::Pointer doc_at = validator.GetInvalidDocumentPointer();
  const json::Pointer schema_at = validator.GetInvalidSchemaPointer();
  json::StringBuffer doc_pointer, schema_pointer;
  doc_at.StringifyUriFragment(doc_pointer);
  schema_at.StringifyUriFragment(schema_pointer);
  std::string at = doc_pointer.GetString();
  if (at == "#") at = "#/";
  const std::string keyword = validator.GetInvalidSchemaKeyword();
  const json::Value* actual = doc_at.Get(doc);
  std::string message = "not a valid " + schema + " document: '" + keyword + "' of " + schema_pointer.GetString();
  if (const std::string want = expected(compiled_schema.source, schema_at, keyword, actual); !want.empty()) {
    message += ": " + want;
  }
  if (actual != nullptr && keyword != "required") message += "; found " + json_type(*actual);
  return Error{Errc::schema, message, where + at};
}

Result<void> check_api_document(std::string_view artifact_id, std::string_view bytes, const std::string& where) {
  auto doc = parse_untrusted_json(bytes, kApiDocumentMaxDepth, where);
  if (!doc) return std::move(doc).error();
  return validate_api_document(artifact_id, *doc, where);
}

}  // namespace migready::bundle
