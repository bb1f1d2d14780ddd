#include "facts/facts.hpp"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/json.hpp"

namespace migready::facts {

const char* fact_status_name(FactStatus status) noexcept {
  switch (status) {
    case FactStatus::present: return "present";
    case FactStatus::missing: return "missing";
    case FactStatus::collection_failed: return "collection_failed";
    case FactStatus::parse_failed: return "parse_failed";
  }
  return "unknown";
}

Facts::Facts() { m_doc.SetObject(); }

json::Value& Facts::node(std::string_view path) {
  json::Value* at = &m_doc;
  auto& alloc = m_doc.GetAllocator();
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = path.find('.', start);
    const std::string_view part = path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    // A Value key, not a StringRef: StringRef converts to const char* and FindMember would strlen() it.
    const json::Value key(rapidjson::StringRef(part.data(), part.size()));
    auto it = at->FindMember(key);
    if (it == at->MemberEnd()) {
      at->AddMember(json::Value(part.data(), static_cast<rapidjson::SizeType>(part.size()), alloc),
                    json::Value(rapidjson::kObjectType), alloc);
      it = at->MemberEnd() - 1;
    }
    at = &it->value;
    if (dot == std::string_view::npos) return *at;
    start = dot + 1;
  }
}

void Facts::set(std::string_view path, json::Value value, std::string_view source) {
  auto& alloc = m_doc.GetAllocator();
  json::Value& fact = node(path);
  fact.SetObject();
  fact.AddMember("status", "present", alloc);
  fact.AddMember("value", value, alloc);
  fact.AddMember("source", json::Value(source.data(), static_cast<rapidjson::SizeType>(source.size()), alloc),
                 alloc);
}

void Facts::set(std::string_view path, std::string_view value, std::string_view source) {
  set(path, json::Value(value.data(), static_cast<rapidjson::SizeType>(value.size()), m_doc.GetAllocator()),
      source);
}
void Facts::set(std::string_view path, std::int64_t value, std::string_view source) {
  set(path, json::Value(value), source);
}
void Facts::set(std::string_view path, bool value, std::string_view source) {
  set(path, json::Value(value), source);
}
void Facts::set_null(std::string_view path, std::string_view source) { set(path, json::Value(), source); }

void Facts::set_unavailable(std::string_view path, FactStatus status, std::string_view source,
                            std::string_view reason) {
  auto& alloc = m_doc.GetAllocator();
  json::Value& fact = node(path);
  fact.SetObject();
  fact.AddMember("status", rapidjson::StringRef(fact_status_name(status)), alloc);
  fact.AddMember("source", json::Value(source.data(), static_cast<rapidjson::SizeType>(source.size()), alloc),
                 alloc);
  fact.AddMember("reason", json::Value(reason.data(), static_cast<rapidjson::SizeType>(reason.size()), alloc),
                 alloc);
}

const json::Value* Facts::find(std::string_view path) const {
  const json::Value* at = &m_doc;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = path.find('.', start);
    const std::string_view part = path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (!at->IsObject()) return nullptr;
    // A Value key, not a StringRef: StringRef converts to const char* and FindMember would strlen() it.
    const json::Value key(rapidjson::StringRef(part.data(), part.size()));
    auto it = at->FindMember(key);
    if (it == at->MemberEnd()) return nullptr;
    at = &it->value;
    if (dot == std::string_view::npos) {
      return at->IsObject() && at->HasMember("status") ? at : nullptr;
    }
    start = dot + 1;
  }
}

std::string Facts::to_json(bool pretty) const {
  json::StringBuffer buffer;
  if (pretty) {
    json::PrettyWriter<json::StringBuffer> writer(buffer);
    writer.SetIndent(' ', 2);
    m_doc.Accept(writer);
  } else {
    json::Writer<json::StringBuffer> writer(buffer);
    m_doc.Accept(writer);
  }
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace migready::facts
