#include "report/report.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <string_view>

#include "core/text.hpp"
#include "report/report_internal.hpp"
#include "rules/sections.hpp"

namespace migready::report {

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
    f.rule_severity = f.severity;
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
    f.rule_severity = f.severity;
    out.push_back(std::move(f));
  }
  return out;
}

namespace detail {

int severity_rank(rules::Severity s) noexcept {
  return s == rules::Severity::error ? 0 : s == rules::Severity::warning ? 1 : 2;
}

const char* diagnostic_severity_name(migready::Severity s) noexcept {
  return s == migready::Severity::error ? "error" : s == migready::Severity::warning ? "warning" : "info";
}

std::string count_phrase(std::size_t n, std::string_view noun) {
  std::string out = std::to_string(n) + " " + std::string(noun);
  if (n != 1 && noun != "info") out += "s";
  return out;
}

std::string finding_anchor(std::size_t index) { return "finding-" + std::to_string(index + 1); }

std::string display_title(const rules::Finding& f) { return f.subject.empty() ? f.title : f.title + ": " + f.subject; }

std::string section_label(std::string_view id) {
  const rules::Section* s = rules::find_section(id);
  if (s == nullptr) return std::string(id);
  return s->number.empty() ? std::string(s->title) : std::string(s->number) + " " + std::string(s->title);
}

std::string printable(std::string_view text, bool keep_newlines) {
  const std::string clean = text::sanitize_utf8(text).utf8;
  std::string out;
  out.reserve(clean.size());
  for (std::size_t i = 0; i < clean.size(); ++i) {
    const auto c = static_cast<unsigned char>(clean[i]);
    if (c == '\n' && keep_newlines) {
      out += '\n';
    } else if (c == '\t') {
      out += ' ';
    } else if (c < 0x20 || c == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else if (c == 0xc2 && i + 1 < clean.size() && static_cast<unsigned char>(clean[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(clean[i + 1]) <= 0x9f) {
      // C1 controls (U+0080..U+009F; U+009B is a one-byte CSI on some terminals).
      static constexpr char kHex[] = "0123456789abcdef";
      const auto c1 = static_cast<unsigned char>(clean[++i]);
      out += "\\u{00";
      out += kHex[c1 >> 4];
      out += kHex[c1 & 0xf];
      out += '}';
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace detail

namespace {

// A fact's value when its status is present, else null.
const rapidjson::Value* present_value(const facts::Facts& facts, std::string_view path) {
  const rapidjson::Value* fact = facts.find(path);
  if (fact == nullptr || !fact->IsObject() || !fact->HasMember("status") || !(*fact)["status"].IsString()) return nullptr;
  if (std::string_view((*fact)["status"].GetString()) != "present" || !fact->HasMember("value")) return nullptr;
  return &(*fact)["value"];
}

// A member of a row object as text: strings as they are, numbers in decimal, anything else "".
std::string member_text(const rapidjson::Value& row, const char* name) {
  if (!row.IsObject()) return {};
  const auto it = row.FindMember(name);
  if (it == row.MemberEnd()) return {};
  const rapidjson::Value& v = it->value;
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsUint64()) return std::to_string(v.GetUint64());
  return {};
}

bool starts_with_microsoft(std::string_view publisher) {
  constexpr std::string_view kMicrosoft = "microsoft";
  if (publisher.size() < kMicrosoft.size()) return false;
  for (std::size_t i = 0; i < kMicrosoft.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(publisher[i])) != kMicrosoft[i]) return false;
  }
  return true;
}

LobTable lob_table(const facts::Facts& facts) {
  LobTable t;
  if (const rapidjson::Value* apps = present_value(facts, "lob.applications"); apps != nullptr && apps->IsArray()) {
    t.fact = "lob.applications";
    t.status = "present";
    for (const auto& row : apps->GetArray()) {
      if (t.rows.size() >= kMaxLobRows) break;
      t.rows.push_back({member_text(row, "application"), member_text(row, "version"), member_text(row, "publisher"),
                        member_text(row, "data_path"), member_text(row, "notes")});
    }
    return t;
  }
  if (const rapidjson::Value* programs = present_value(facts, "programs.installed");
      programs != nullptr && programs->IsArray()) {
    t.fact = "programs.installed";
    t.status = "present";
    for (const auto& row : programs->GetArray()) {
      std::string publisher = member_text(row, "publisher");
      if (starts_with_microsoft(publisher)) {
        ++t.hidden;
        continue;
      }
      if (t.rows.size() >= kMaxLobRows) break;
      t.rows.push_back({member_text(row, "display_name"), member_text(row, "display_version"), std::move(publisher),
                        member_text(row, "install_location"), ""});
    }
    return t;
  }
  // Neither: say why, from the preferred fact if it exists, else from the fallback.
  for (const char* path : {"lob.applications", "programs.installed"}) {
    const rapidjson::Value* fact = facts.find(path);
    if (fact == nullptr || !fact->IsObject()) continue;
    t.status = fact->HasMember("status") && (*fact)["status"].IsString() ? (*fact)["status"].GetString() : "missing";
    t.reason = member_text(*fact, "reason");
    if (t.reason.empty()) t.reason = std::string(path) + " is " + t.status;
    return t;
  }
  t.status = "not_collected";
  t.reason = "no installed-programs list in this bundle";
  return t;
}

std::string os_description(const bundle::Bundle& bundle, const facts::Facts& facts) {
  const auto& os = bundle.manifest.host.os;
  std::string name = "Windows NT " + std::to_string(os.major) + "." + std::to_string(os.minor);
  if (const rapidjson::Value* v = present_value(facts, "os.product_name"); v != nullptr && v->IsString()) {
    name = std::string(v->GetString(), v->GetStringLength());
  }
  if (!os.service_pack.empty()) name += ", " + os.service_pack;
  name += " (" + std::to_string(os.major) + "." + std::to_string(os.minor) + "." + std::to_string(os.build) + ")";
  if (contract::suite_is_sbs(os.suite_mask)) name += ", Small Business Server";
  return name;
}

}  // namespace

bool ranks_before(const rules::Finding& a, const rules::Finding& b) {
  if (a.severity != b.severity) return detail::severity_rank(a.severity) < detail::severity_rank(b.severity);
  const std::size_t sa = rules::section_rank(a.section), sb = rules::section_rank(b.section);
  if (sa != sb) return sa < sb;
  if (a.section != b.section) return a.section < b.section;  // two unknown sections: by id
  if (a.rule_order != b.rule_order) return a.rule_order < b.rule_order;
  if (a.subject != b.subject) return a.subject < b.subject;
  if (a.rule_id != b.rule_id) return a.rule_id < b.rule_id;
  if (a.message != b.message) return a.message < b.message;
  return a.title < b.title;
}

Report make_report(const bundle::Bundle& bundle, const facts::Facts& facts, std::vector<rules::Finding> findings,
                   const Diagnostics& diags) {
  Report r;
  const auto& m = bundle.manifest;
  r.bundle_name = bundle.name;
  r.computer_name = m.host.computer_name;
  r.dns_domain = m.host.dns_domain.value_or("");
  r.os = os_description(bundle, facts);
  r.collected_utc = m.collection.started_utc;
  r.collector_version = m.collector.name + " " + m.collector.version;
  r.user = m.user.name;
  r.bundle_complete = m.complete;
  r.incomplete_reason = m.complete ? "" : m.incomplete_reason.value_or("no reason recorded");
  std::stable_sort(findings.begin(), findings.end(), ranks_before);
  for (const auto& f : findings) {
    if (f.severity == rules::Severity::error) ++r.errors;
    else if (f.severity == rules::Severity::warning) ++r.warnings;
    else ++r.infos;
  }
  r.findings = std::move(findings);
  for (const auto& f : r.findings) {
    if (f.not_checked && f.rule_severity == rules::Severity::error &&
        std::find(r.not_checked_errors.begin(), r.not_checked_errors.end(), f.rule_id) == r.not_checked_errors.end())
      r.not_checked_errors.push_back(f.rule_id);
  }
  r.fix_first = fix_first(r.findings);
  r.diagnostics = diags.entries();
  r.diagnostics_dropped = diags.dropped();
  r.lob = lob_table(facts);
  for (const auto& a : m.artifacts) {
    ArtifactLine line{a.id, std::string(contract::status_name(a.status)), a.path.value_or(""), a.source_what, ""};
    for (const auto& p : bundle.problems) {
      if (p.artifact_id == a.id) line.problem += (line.problem.empty() ? "" : "; ") + p.problem;
    }
    if (line.problem.empty()) line.problem = a.error.value_or("");
    r.artifacts.push_back(std::move(line));
  }
  return r;
}

std::vector<FixFirst> fix_first(const std::vector<rules::Finding>& ranked) {
  // Ranked findings: a cause's first finding is its worst, in the earliest section, of the earliest rule, so
  // entries in the order of their first finding are ranked by what they clear and by the document's order.
  std::vector<FixFirst> out;
  std::map<std::string, std::size_t> index;  // cause -> entry
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    const rules::Finding& f = ranked[i];
    if (f.cause.empty() || f.not_checked) continue;
    auto [it, fresh] = index.emplace(f.cause, out.size());
    if (fresh) {
      out.push_back({});
      out.back().cause = f.cause;
      out.back().severity = f.severity;
    }
    FixFirst& e = out[it->second];
    if (detail::severity_rank(f.severity) < detail::severity_rank(e.severity)) e.severity = f.severity;
    (f.severity == rules::Severity::error ? e.errors : f.severity == rules::Severity::warning ? e.warnings : e.infos)++;
    if (std::find(e.rule_ids.begin(), e.rule_ids.end(), f.rule_id) == e.rule_ids.end()) e.rule_ids.push_back(f.rule_id);
    e.findings.push_back(i);
  }
  // What is only to be known (info) is not something to fix first.
  std::erase_if(out, [](const FixFirst& e) { return e.severity == rules::Severity::info; });
  return out;
}

const char* verdict_status_name(VerdictStatus s) noexcept {
  switch (s) {
    case VerdictStatus::ready: return "ready";
    case VerdictStatus::cannot_tell: return "cannot_tell";
    case VerdictStatus::not_ready: return "not_ready";
  }
  return "not_ready";
}

bool ready(const Report& report) noexcept { return report.errors == 0; }

VerdictStatus verdict_status(const Report& report) noexcept {
  if (report.errors > 0) return VerdictStatus::not_ready;
  return report.not_checked_errors.empty() ? VerdictStatus::ready : VerdictStatus::cannot_tell;
}

std::string verdict(const Report& report) {
  using detail::count_phrase;
  std::string with;
  if (report.warnings > 0) with = count_phrase(report.warnings, "warning");
  if (report.infos > 0) with += (with.empty() ? "" : ", ") + count_phrase(report.infos, "info");
  switch (verdict_status(report)) {
    case VerdictStatus::not_ready:
      return "NOT READY: " + count_phrase(report.errors, "error") + ", " + count_phrase(report.warnings, "warning") +
             ", " + count_phrase(report.infos, "info");
    case VerdictStatus::cannot_tell: {
      const auto& ids = report.not_checked_errors;
      std::string out = "CANNOT TELL: no error found, but " + count_phrase(ids.size(), "blocking check") +
                        " could not be made: ";
      for (std::size_t i = 0; i < ids.size() && i < kVerdictIdsShown; ++i) out += (i ? ", " : "") + ids[i];
      if (ids.size() > kVerdictIdsShown) out += " and " + std::to_string(ids.size() - kVerdictIdsShown) + " more";
      return with.empty() ? out : out + "; with " + with;
    }
    case VerdictStatus::ready:
      break;
  }
  return with.empty() ? "READY" : "READY (with " + with + ")";
}

std::size_t count_at_or_above(const Report& report, rules::Severity severity) noexcept {
  switch (severity) {
    case rules::Severity::error: return report.errors;
    case rules::Severity::warning: return report.errors + report.warnings;
    case rules::Severity::info: return report.errors + report.warnings + report.infos;
  }
  return 0;
}

}  // namespace migready::report
