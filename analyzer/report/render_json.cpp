// The JSON report: the stable, machine-readable form (docs/report-format.md, docs/report.schema.json).
// Keys are written in a fixed order; every string is valid UTF-8 (invalid bundle bytes become U+FFFD).
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <string>

#include "core/json.hpp"
#include "core/text.hpp"
#include "report/report.hpp"
#include "report/report_internal.hpp"

namespace migready::report {

namespace detail {

void json_string(JsonWriter& w, std::string_view s) {
  const std::string clean = text::sanitize_utf8(s).utf8;
  w.String(clean.c_str(), static_cast<rapidjson::SizeType>(clean.size()));
}

void json_string_or_null(JsonWriter& w, std::string_view s) {
  if (s.empty()) w.Null();
  else json_string(w, s);
}

void write_report_head_members(JsonWriter& w, const Report& r) {
  auto str = [&](std::string_view s) { json_string(w, s); };
  auto str_or_null = [&](std::string_view s) { json_string_or_null(w, s); };
  auto key = [&](const char* k) { w.Key(k); };
  key("bundle");
  w.StartObject();
  key("name"); str(r.bundle_name);
  key("complete"); w.Bool(r.bundle_complete);
  key("incomplete_reason"); str_or_null(r.incomplete_reason);
  key("collected_utc"); str(r.collected_utc);
  key("collector"); str(r.collector_version);
  w.EndObject();
  key("host");
  w.StartObject();
  key("computer_name"); str(r.computer_name);
  key("dns_domain"); str_or_null(r.dns_domain);
  key("os"); str(r.os);
  key("user"); str(r.user);
  w.EndObject();
  key("summary");
  w.StartObject();
  key("ready"); w.Bool(ready(r));
  key("verdict"); str(verdict(r));
  key("errors"); w.Uint64(r.errors);
  key("warnings"); w.Uint64(r.warnings);
  key("info"); w.Uint64(r.infos);
  key("status"); w.String(verdict_status_name(verdict_status(r)));
  key("not_checked_errors");
  w.StartArray();
  for (const auto& id : r.not_checked_errors) str(id);
  w.EndArray();
  write_waiver_summary_members(w, r);
  w.EndObject();
}

// findings[].fix (schema_minor 2), only on findings whose rule has fix steps.
void write_fix_steps(JsonWriter& w, const std::vector<rules::FixStep>& steps) {
  auto str = [&](std::string_view s) { json_string(w, s); };
  auto str_or_null = [&](std::string_view s) { json_string_or_null(w, s); };
  w.Key("fix");
  w.StartArray();
  for (const auto& step : steps) {
    w.StartObject();
    w.Key("title"); str(step.title);
    w.Key("command"); str_or_null(step.command);
    w.Key("fillable"); w.Bool(step.fillable);
    w.Key("reason"); str_or_null(step.reason);
    w.Key("command_template"); str(step.command_template);
    w.Key("guard");
    w.StartArray();
    for (const auto& c : step.guard) {
      w.StartObject();
      w.Key("command"); str_or_null(c.command);
      w.Key("done_if");
      w.StartObject();
      w.Key("line"); str(c.line);
      w.Key("word"); w.Int(c.word);
      w.Key("is"); str(c.is);
      w.EndObject();
      w.EndObject();
    }
    w.EndArray();
    w.Key("repeatable"); str_or_null(step.repeatable);
    w.Key("risk"); str(step.risk);
    w.Key("undo"); str(step.undo);
    w.Key("source"); str(step.source);
    w.EndObject();
  }
  w.EndArray();
}

void write_finding_members(JsonWriter& w, const rules::Finding& f) {
  auto str = [&](std::string_view s) { json_string(w, s); };
  auto str_or_null = [&](std::string_view s) { json_string_or_null(w, s); };
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
  key("cause"); str_or_null(f.cause);
  if (!f.fix.empty()) write_fix_steps(w, f.fix);
  if (!f.waiver_note.empty()) {
    key("waiver_note"); str(f.waiver_note);
  }
  if (!f.collect_command.empty()) {  // a "not checked" finding the collector can gather (contract/selection.hpp)
    key("collect_command"); str(f.collect_command);
  }
}

}  // namespace detail

std::string render_json(const Report& report) {
  json::StringBuffer buffer;
  detail::JsonWriter w(buffer);
  w.SetIndent(' ', 2);
  auto str = [&](std::string_view s) { detail::json_string(w, s); };
  auto str_or_null = [&](std::string_view s) { detail::json_string_or_null(w, s); };
  auto key = [&](const char* k) { w.Key(k); };

  w.StartObject();
  key("schema"); w.String(kSchema);
  key("schema_minor"); w.Uint(report.waivers_used ? kSchemaMinorWaivers : kSchemaMinor);
  detail::write_report_head_members(w, report);

  key("fix_first");
  w.StartArray();
  for (const auto& e : report.fix_first) {
    w.StartObject();
    key("cause"); str(e.cause);
    key("severity"); w.String(rules::severity_name(e.severity));
    key("findings"); w.Uint64(e.findings.size());
    key("errors"); w.Uint64(e.errors);
    key("warnings"); w.Uint64(e.warnings);
    key("info"); w.Uint64(e.infos);
    key("rule_ids");
    w.StartArray();
    for (const auto& id : e.rule_ids) str(id);
    w.EndArray();
    key("ranks");
    w.StartArray();
    for (const std::size_t i : e.findings) w.Uint64(i + 1);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();

  key("findings");
  w.StartArray();
  for (const auto& f : report.findings) {
    w.StartObject();
    detail::write_finding_members(w, f);
    w.EndObject();
  }
  w.EndArray();
  detail::write_waivers_json(w, report);

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
