// `migready verify`: the bundle's integrity (verify.hpp).
#include "report/verify.hpp"

#include <set>
#include <string>
#include <string_view>

#include "core/json.hpp"
#include "bundle/api_schema.hpp"
#include "contract/api/documents.hpp"
#include "core/text.hpp"
#include "report/report_internal.hpp"

namespace migready::report {

Verification verify(const bundle::Bundle& b) {
  Verification v;
  v.bundle_name = b.name;
  v.artifacts = b.manifest.artifacts.size();
  v.verified = b.verified_paths.size();
  if (!b.manifest.complete) {
    v.problems.push_back({"", "the collector marked the collection incomplete: " +
                                  b.manifest.incomplete_reason.value_or("no reason recorded")});
  }
  for (const auto& p : b.problems) (p.corrupt ? v.problems : v.notes).push_back({p.artifact_id, p.problem});
  std::set<std::string_view> named;
  for (const auto& art : b.manifest.artifacts) {
    if (art.path) named.insert(*art.path);
  }
  for (const auto& [path, bytes] : b.entries) {
    if (path != "manifest.json" && named.count(path) == 0) {
      v.problems.push_back({"", "entry '" + path + "' (" + std::to_string(bytes.size()) +
                                    " bytes) is in the bundle but no artifact of the manifest names it"});
    }
  }
  // An API document that does not satisfy its schema (contract/api/) is one the analyzer cannot read.
  for (const auto& art : b.manifest.artifacts) {
    const std::string* bytes = contract::find_api_document(art.id) != nullptr ? b.entry_bytes(art) : nullptr;
    if (bytes == nullptr) continue;
    if (auto valid = bundle::check_api_document(art.id, *bytes, *art.path); !valid) {
      v.problems.push_back({art.id, valid.error().to_string()});
    }
  }
  return v;
}

Result<Verification> verify_bundle(const std::string& path, const bundle::Limits& limits, Diagnostics& diags) {
  auto opened = bundle::open_bundle(path, limits, diags);
  if (!opened) return opened.error();
  return verify(*opened);
}

std::string verify_verdict(const Verification& v) {
  const std::string artifacts = detail::count_phrase(v.artifacts, "artifact");
  if (!v.intact()) {
    return "NOT INTACT: " + detail::count_phrase(v.problems.size(), "problem") + " in " + artifacts + " (" +
           std::to_string(v.verified) + " verified)";
  }
  return "INTACT: " + artifacts + ", " + std::to_string(v.verified) + " verified (size and SHA-256)" +
         (v.notes.empty() ? std::string()
                          : ", " + std::to_string(v.notes.size()) + " not collected in full by the collector");
}

std::string render_verify_text(const Verification& v) {
  std::string out;
  auto line = [&](const char* label, const VerifyLine& l) {
    out += std::string(label) + " " + (l.artifact_id.empty() ? "(bundle)" : detail::printable(l.artifact_id)) +
           ": " + detail::printable(l.problem) + "\n";
  };
  for (const auto& p : v.problems) line("PROBLEM", p);
  for (const auto& n : v.notes) line("note", n);
  out += detail::printable(v.bundle_name) + ": " + verify_verdict(v) + "\n";
  return out;
}

namespace {

void write_string(detail::JsonWriter& w, std::string_view s) {
  const std::string clean = text::sanitize_utf8(s).utf8;
  w.String(clean.c_str(), static_cast<rapidjson::SizeType>(clean.size()));
}

void write_lines(detail::JsonWriter& w, const std::vector<VerifyLine>& lines) {
  w.StartArray();
  for (const auto& l : lines) {
    w.StartObject();
    w.Key("artifact");
    if (l.artifact_id.empty()) w.Null();
    else write_string(w, l.artifact_id);
    w.Key("problem");
    write_string(w, l.problem);
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

std::string render_verify_json(const Verification& v) {
  json::StringBuffer buffer;
  detail::JsonWriter w(buffer);
  w.SetIndent(' ', 2);
  w.StartObject();
  w.Key("schema"); w.String(kVerifySchema);
  w.Key("bundle"); write_string(w, v.bundle_name);
  w.Key("readable"); w.Bool(true);
  w.Key("intact"); w.Bool(v.intact());
  w.Key("verdict"); write_string(w, verify_verdict(v));
  w.Key("artifacts"); w.Uint64(v.artifacts);
  w.Key("verified"); w.Uint64(v.verified);
  w.Key("problems"); write_lines(w, v.problems);
  w.Key("notes"); write_lines(w, v.notes);
  w.Key("error"); w.Null();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

std::string render_verify_error_json(const std::string& bundle_name, const Error& error) {
  json::StringBuffer buffer;
  detail::JsonWriter w(buffer);
  w.SetIndent(' ', 2);
  w.StartObject();
  w.Key("schema"); w.String(kVerifySchema);
  w.Key("bundle"); write_string(w, bundle_name);
  w.Key("readable"); w.Bool(false);
  w.Key("intact"); w.Bool(false);
  w.Key("verdict"); write_string(w, "UNREADABLE: " + error.to_string());
  w.Key("artifacts"); w.Uint64(0);
  w.Key("verified"); w.Uint64(0);
  w.Key("problems"); w.StartArray(); w.EndArray();
  w.Key("notes"); w.StartArray(); w.EndArray();
  w.Key("error");
  w.StartObject();
  w.Key("code"); w.String(errc_name(error.code));
  w.Key("message"); write_string(w, error.message);
  w.Key("where"); write_string(w, error.where);
  w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace migready::report
