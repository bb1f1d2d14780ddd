// Values as text, in both directions. instant_of reads the dates rules compare and print ("YYYY-MM-DD",
// optionally with a time and "Z", contract::parse_iso_instant); render writes a fact's value for people in messages and evidence
// (strings as they are, yes/no, lists joined, at most kMaxRendered bytes); readable_json writes a rule's
// condition for `rules show`. Relies on contract/civil_time.hpp for the calendar, and on nothing of the
// other phases: load, evaluate and findings all use it.
#include "rules/value_text.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <sstream>

#include "core/json.hpp"
#include "contract/civil_time.hpp"

namespace migready::rules {

namespace {

constexpr std::size_t kMaxRendered = 2000;  // characters of one rendered value, so hostile lists stay readable

// One line, with a space after ':' and ',' as people write it.
std::string spaced_json(const Value& v) {
  if (!v.IsObject() && !v.IsArray()) return compact_json(v);
  std::string out = v.IsObject() ? "{" : "[";
  bool first = true;
  if (v.IsObject()) {
    for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
      out += (first ? "" : ", ") + compact_json(m->name) + ": " + spaced_json(m->value);
      first = false;
    }
  } else {
    for (const auto& e : v.GetArray()) {
      out += (first ? "" : ", ") + spaced_json(e);
      first = false;
    }
  }
  return out + (v.IsObject() ? "}" : "]");
}

}  // namespace


std::optional<Instant> instant_of(const Value* v) {
  if (v == nullptr || !v->IsString()) return std::nullopt;
  return contract::parse_iso_instant(std::string_view(v->GetString(), v->GetStringLength()));
}

std::string cap(std::string s) {
  if (s.size() <= kMaxRendered) return s;
  std::size_t cut = kMaxRendered;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
  s.resize(cut);
  return s + "…";
}

std::string compact_json(const Value& v) {
  json::StringBuffer buffer;
  json::Writer<json::StringBuffer> writer(buffer);
  v.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string render(const Value& v) {
  if (v.IsString()) return cap(std::string(v.GetString(), v.GetStringLength()));
  if (v.IsBool()) return v.GetBool() ? "yes" : "no";
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsUint64()) return std::to_string(v.GetUint64());
  if (v.IsNumber()) {
    std::ostringstream s;
    s << v.GetDouble();
    return s.str();
  }
  if (v.IsNull()) return "(none)";
  if (v.IsArray()) {
    if (v.Empty()) return "(none)";
    std::string out;
    for (const auto& item : v.GetArray()) {
      if (!out.empty()) out += ", ";
      out += item.IsObject() && item.HasMember("name") ? render(item["name"]) : render(item);
      if (out.size() > kMaxRendered) break;
    }
    return cap(std::move(out));
  }
  return cap(compact_json(v));
}

void readable_json(const Value& v, std::size_t indent, std::string& out) {
  const std::string flat = spaced_json(v);
  if ((!v.IsObject() && !v.IsArray()) || indent + flat.size() <= 100) {
    out += flat;
    return;
  }
  const std::string pad(indent + 2, ' ');
  out += v.IsObject() ? "{\n" : "[\n";
  bool first = true;
  if (v.IsObject()) {
    for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
      out += (first ? "" : ",\n") + pad + compact_json(m->name) + ": ";
      readable_json(m->value, indent + 2, out);
      first = false;
    }
  } else {
    for (const auto& e : v.GetArray()) {
      out += (first ? "" : ",\n") + pad;
      readable_json(e, indent + 2, out);
      first = false;
    }
  }
  out += "\n" + std::string(indent, ' ') + (v.IsObject() ? "}" : "]");
}

}  // namespace migready::rules
