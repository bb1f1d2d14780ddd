#include "report/report.hpp"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>

namespace migready::report {
namespace {

int rank(rules::Severity s) { return s == rules::Severity::error ? 0 : s == rules::Severity::warning ? 1 : 2; }

const char* diag_severity(Severity s) {
  return s == Severity::error ? "error" : s == Severity::warning ? "warning" : "info";
}

// Wraps text at `width` columns, every line after the first indented by `indent`.
std::string wrap(const std::string& text, std::size_t width, const std::string& indent) {
  std::string out, line;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = text.find(' ', i);
    if (j == std::string::npos) j = text.size();
    const std::string word = text.substr(i, j - i);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += line + "\n" + indent;
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    i = j + 1;
  }
  return out + line;
}

}  // namespace

std::vector<rules::Finding> collection_findings(const bundle::Bundle& bundle) {
  std::vector<rules::Finding> out;
  if (!bundle.manifest.complete) {
    rules::Finding f;
    f.rule_id = "COLLECTION_INCOMPLETE";
    f.severity = rules::Severity::warning;
    f.category = "collection";
    f.section = "collection";
    f.title = "The collection did not finish";
    f.message = "The collector stopped early: " + bundle.manifest.incomplete_reason.value_or("no reason recorded") +
                ". Checks that need what was not collected are reported as not checked.";
    f.remediation = {"Run migready-collect.exe again on the server and let it finish.", "Analyze the new bundle."};
    f.evidence.push_back({"", "complete: false", "manifest"});
    out.push_back(std::move(f));
  }
  for (const auto& p : bundle.problems) {
    const bundle::ArtifactRecord* art = bundle.artifact(p.artifact_id);
    const std::string what = art ? art->source_what : p.artifact_id;
    // Three kinds: not on this server (info), stored in part (info: what is there is still read), and
    // unusable (failed, denied, or bytes that do not match the manifest: a warning).
    const bool status_problem = art != nullptr && art->status != contract::Status::ok;
    const bool has_bytes = art != nullptr && bundle.entry_bytes(*art) != nullptr;
    rules::Finding f;
    f.category = "collection";
    f.section = "collection";
    if (status_problem && art->status == contract::Status::missing) {
      f.rule_id = "COLLECTION_ARTIFACT_MISSING";
      f.severity = rules::Severity::info;
      f.title = "Artifact " + p.artifact_id + " is not on this server";
      f.message = "The collector looked for " + what + " and did not find it (" + p.problem + ").";
      f.remediation = {"If it should exist (for example the Windows Support Tools), install it and collect again."};
      for (const auto& place : art->searched) f.evidence.push_back({"", "searched " + place, "manifest"});
    } else if (status_problem && has_bytes &&
               (art->status == contract::Status::truncated || art->status == contract::Status::timeout)) {
      f.rule_id = "COLLECTION_ARTIFACT_PARTIAL";
      f.severity = rules::Severity::info;
      f.title = "Artifact " + p.artifact_id + " was collected in part";
      f.message = "The artifact " + p.artifact_id + " holds only part of its output (" + p.problem +
                  "); what it holds is read.";
      f.remediation = {"If the missing part matters, run " + what + " on the server by hand, or collect again with a "
                       "longer --timeout."};
    } else {
      f.rule_id = "COLLECTION_ARTIFACT_PROBLEM";
      f.severity = rules::Severity::warning;
      f.title = "Artifact " + p.artifact_id + " is not usable";
      f.message = "The artifact " + p.artifact_id + " could not be used: " + p.problem + ".";
      f.remediation = {"Re-run migready-collect.exe on the server as a domain administrator.",
                       "If the problem repeats, check on the server: " + what};
    }
    f.evidence.push_back({"", p.problem, art && art->path ? "bundle:" + *art->path : "manifest"});
    out.push_back(std::move(f));
  }
  return out;
}

Report make_report(const bundle::Bundle& bundle, std::vector<rules::Finding> findings, const Diagnostics& diags) {
  Report r;
  r.bundle_name = bundle.name;
  r.computer_name = bundle.manifest.host.computer_name;
  r.collected_utc = bundle.manifest.collection.started_utc;
  r.bundle_complete = bundle.manifest.complete;
  std::stable_sort(findings.begin(), findings.end(), [](const rules::Finding& a, const rules::Finding& b) {
    if (rank(a.severity) != rank(b.severity)) return rank(a.severity) < rank(b.severity);
    if (a.category != b.category) return a.category == "rule";
    return a.rule_id < b.rule_id;
  });
  for (const auto& f : findings) {
    if (f.severity == rules::Severity::error) ++r.errors;
    else if (f.severity == rules::Severity::warning) ++r.warnings;
    else ++r.infos;
  }
  r.findings = std::move(findings);
  r.diagnostics = diags.entries();
  return r;
}

std::string render_text(const Report& report, bool color) {
  auto paint = [&](const char* code, const std::string& s) { return color ? std::string("\x1b[") + code + "m" + s + "\x1b[0m" : s; };
  std::string out;
  out += "migready report for " + report.computer_name + " (bundle " + report.bundle_name + ", collected " +
         report.collected_utc + ")\n";
  out += std::to_string(report.errors) + " error(s), " + std::to_string(report.warnings) + " warning(s), " +
         std::to_string(report.infos) + " info\n";
  for (const auto& f : report.findings) {
    const std::string sev = rules::severity_name(f.severity);
    const char* code = f.severity == rules::Severity::error ? "1;31" : f.severity == rules::Severity::warning ? "1;33" : "1;36";
    std::string label = sev;
    std::transform(label.begin(), label.end(), label.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    out += "\n" + paint(code, "[" + label + "]") + " " + f.rule_id + ": " + f.title + "\n";
    out += "  " + wrap(f.message, 100, "  ") + "\n";
    if (f.section != "collection") out += "  Why: see " + f.section + "\n";
    for (const auto& e : f.evidence) {
      out += "  Evidence: " + (e.fact.empty() ? "" : e.fact + " = ") + e.value + "  [" + e.source + "]\n";
    }
    for (std::size_t i = 0; i < f.remediation.size(); ++i) {
      out += "  Fix " + std::to_string(i + 1) + ". " + wrap(f.remediation[i], 96, "         ") + "\n";
    }
  }
  if (!report.diagnostics.empty()) {
    out += "\nReader notes (" + std::to_string(report.diagnostics.size()) + "):\n";
    std::size_t shown = 0;
    for (const auto& d : report.diagnostics) {
      if (++shown > 20) {
        out += "  ... " + std::to_string(report.diagnostics.size() - 20) + " more (see --format json)\n";
        break;
      }
      out += std::string("  ") + diag_severity(d.severity) + ": " + (d.where.empty() ? "" : d.where + ": ") + d.message + "\n";
    }
  }
  if (report.findings.empty()) out += "\nNo findings: nothing checked blocks or risks the migration.\n";
  return out;
}

std::string render_json(const Report& report) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
  w.SetIndent(' ', 2);
  auto str = [&](const std::string& s) { w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size())); };
  w.StartObject();
  w.Key("report_format"); w.String("1.0");
  w.Key("bundle"); str(report.bundle_name);
  w.Key("computer_name"); str(report.computer_name);
  w.Key("collected_utc"); str(report.collected_utc);
  w.Key("bundle_complete"); w.Bool(report.bundle_complete);
  w.Key("summary");
  w.StartObject();
  w.Key("errors"); w.Uint64(report.errors);
  w.Key("warnings"); w.Uint64(report.warnings);
  w.Key("infos"); w.Uint64(report.infos);
  w.EndObject();
  w.Key("findings");
  w.StartArray();
  for (const auto& f : report.findings) {
    w.StartObject();
    w.Key("id"); str(f.rule_id);
    w.Key("severity"); w.String(rules::severity_name(f.severity));
    w.Key("category"); str(f.category);
    w.Key("title"); str(f.title);
    w.Key("section"); str(f.section);
    w.Key("message"); str(f.message);
    w.Key("remediation");
    w.StartArray();
    for (const auto& step : f.remediation) str(step);
    w.EndArray();
    w.Key("evidence");
    w.StartArray();
    for (const auto& e : f.evidence) {
      w.StartObject();
      w.Key("fact"); str(e.fact);
      w.Key("value"); str(e.value);
      w.Key("source"); str(e.source);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("diagnostics");
  w.StartArray();
  for (const auto& d : report.diagnostics) {
    w.StartObject();
    w.Key("severity"); w.String(diag_severity(d.severity));
    w.Key("code"); w.String(errc_name(d.code));
    w.Key("where"); str(d.where);
    w.Key("message"); str(d.message);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace migready::report
