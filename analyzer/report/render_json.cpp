// The JSON report: the stable, machine-readable form (docs/report-format.md, docs/report.schema.json).
// Keys are written in a fixed order; every string is valid UTF-8 (invalid bundle bytes become U+FFFD).
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <string>

#include "core/text.hpp"
#include "report/report.hpp"
#include "report/report_internal.hpp"

namespace migready::report {

namespace detail {

void write_finding_members(JsonWriter& w, const rules::Finding& f) {
  auto str = [&](std::string_view s) {
    const std::string clean = text::sanitize_utf8(s).utf8;
    w.String(clean.c_str(), static_cast<rapidjson::SizeType>(clean.size()));
  };
  auto str_or_null = [&](std::string_view s) {
    if (s.empty()) w.Null();
    else str(s);
  };
  auto key = [&](const char* k) { w.Key(k); };
  key("id"); str(f.rule_id);
  key("severity"); w.String(rules::severity_name(f.severity));
  key("category"); str(f.category);
  key("title"); str(f.title);
  key("subject"); str_or_null(f.subject);
  key("section");
  w.StartObject();
  const rules::Section* s = rules::find_section(f.section);
  key("id"); str(f.section);
  key("number"); str_or_null(s ? s->number : std::string_view());
  key("title"); str(s ? s->title : std::string_view(f.section));
  w.EndObject();
  key("message"); str(f.message);
  key("evidence");
  w.StartArray();
  for (const auto& e : f.evidence) {
    w.StartObject();
    key("fact"); str_or_null(e.fact);
    key("value"); str(e.value);
    key("source"); str(e.source);
    w.EndObject();
  }
  w.EndArray();
  key("remediation");
  w.StartArray();
  for (const auto& step : f.remediation) str(step);
  w.EndArray();
}

}  // namespace detail

std::string render_json(const Report& report) {
  rapidjson::StringBuffer buffer;
  detail::JsonWriter w(buffer);
  w.SetIndent(' ', 2);
  auto str = [&](std::string_view s) {
    const std::string clean = text::sanitize_utf8(s).utf8;
    w.String(clean.c_str(), static_cast<rapidjson::SizeType>(clean.size()));
  };
  auto str_or_null = [&](std::string_view s) {
    if (s.empty()) w.Null();
    else str(s);
  };
  auto key = [&](const char* k) { w.Key(k); };

  w.StartObject();
  key("schema"); w.String(kSchema);
  key("bundle");
  w.StartObject();
  key("name"); str(report.bundle_name);
  key("complete"); w.Bool(report.bundle_complete);
  key("incomplete_reason"); str_or_null(report.incomplete_reason);
  key("collected_utc"); str(report.collected_utc);
  key("collector"); str(report.collector_version);
  w.EndObject();
  key("host");
  w.StartObject();
  key("computer_name"); str(report.computer_name);
  key("dns_domain"); str_or_null(report.dns_domain);
  key("os"); str(report.os);
  key("user"); str(report.user);
  w.EndObject();
  key("summary");
  w.StartObject();
  key("ready"); w.Bool(ready(report));
  key("verdict"); str(verdict(report));
  key("errors"); w.Uint64(report.errors);
  key("warnings"); w.Uint64(report.warnings);
  key("info"); w.Uint64(report.infos);
  w.EndObject();

  key("findings");
  w.StartArray();
  for (const auto& f : report.findings) {
    w.StartObject();
    detail::write_finding_members(w, f);
    w.EndObject();
  }
  w.EndArray();

  key("line_of_business");
  w.StartObject();
  key("source"); str_or_null(report.lob.fact);
  key("status"); str(report.lob.status);
  key("reason"); str_or_null(report.lob.reason);
  key("hidden"); w.Uint64(report.lob.hidden);
  key("rows");
  w.StartArray();
  for (const auto& row : report.lob.rows) {
    w.StartObject();
    key("application"); str(row.application);
    key("version"); str(row.version);
    key("publisher"); str(row.publisher);
    key("data_path"); str(row.data_path);
    key("notes"); str(row.notes);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();

  key("artifacts");
  w.StartArray();
  for (const auto& a : report.artifacts) {
    w.StartObject();
    key("id"); str(a.id);
    key("status"); str(a.status);
    key("path"); str_or_null(a.path);
    key("what"); str(a.what);
    key("problem"); str_or_null(a.problem);
    w.EndObject();
  }
  w.EndArray();

  key("diagnostics");
  w.StartArray();
  for (const auto& d : report.diagnostics) {
    w.StartObject();
    key("severity"); w.String(detail::diagnostic_severity_name(d.severity));
    key("code"); w.String(errc_name(d.code));
    key("where"); str(d.where);
    key("message"); str(d.message);
    w.EndObject();
  }
  w.EndArray();
  key("diagnostics_dropped"); w.Uint64(report.diagnostics_dropped);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace migready::report
