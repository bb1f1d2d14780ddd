#include "report/report.hpp"

#include <algorithm>
#include <map>
#include <string_view>

#include "core/json.hpp"
#include "contract/ascii.hpp"
#include "core/printable.hpp"
#include "core/text.hpp"
#include "report/report_internal.hpp"
#include "rules/findings.hpp"
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
    f.subject = p.artifact_id;
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

std::string severity_counts(std::size_t errors, std::size_t warnings, std::size_t infos) {
  std::string out;
  if (errors) out += count_phrase(errors, "error");
  if (warnings) out += (out.empty() ? "" : ", ") + count_phrase(warnings, "warning");
  if (infos) out += (out.empty() ? "" : ", ") + count_phrase(infos, "info");
  return out;
}

const char* verdict_ansi(VerdictStatus s) {
  return s == VerdictStatus::ready ? "1;32" : s == VerdictStatus::cannot_tell ? "1;33" : "1;31";
}

std::string finding_anchor(std::size_t index) { return "finding-" + std::to_string(index + 1); }

std::string display_title(const rules::Finding& f) { return f.subject.empty() ? f.title : f.title + ": " + f.subject; }

std::string section_label(std::string_view id) {
  const rules::Section* s = rules::find_section(id);
  if (s == nullptr) return std::string(id);
  return s->number.empty() ? std::string(s->title) : std::string(s->number) + " " + std::string(s->title);
}

std::string printable(std::string_view text, bool keep_newlines) {
  return text::printable(text, {.keep_newlines = keep_newlines});
}

}  // namespace detail

namespace {

// A fact's value when its status is present, else null.
const json::Value* present_value(const facts::Facts& facts, std::string_view path) {
  const json::Value* fact = facts.find(path);
  if (fact == nullptr || !fact->IsObject() || !fact->HasMember("status") || !(*fact)["status"].IsString()) return nullptr;
  if (std::string_view((*fact)["status"].GetString()) != "present" || !fact->HasMember("value")) return nullptr;
  return &(*fact)["value"];
}

// A member of a row object as text: strings as they are, numbers in decimal, anything else "".
std::string member_text(const json::Value& row, const char* name) {
  if (!row.IsObject()) return {};
  const auto it = row.FindMember(name);
  if (it == row.MemberEnd()) return {};
  const json::Value& v = it->value;
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsUint64()) return std::to_string(v.GetUint64());
  return {};
}

LobTable lob_table(const facts::Facts& facts) {
  LobTable t;
  if (const json::Value* apps = present_value(facts, "lob.applications"); apps != nullptr && apps->IsArray()) {
    t.fact = "lob.applications";
    t.status = "present";
    for (const auto& row : apps->GetArray()) {
      if (t.rows.size() >= kMaxLobRows) break;
      t.rows.push_back({member_text(row, "application"), member_text(row, "version"), member_text(row, "publisher"),
                        member_text(row, "data_path"), member_text(row, "notes")});
    }
    return t;
  }
  if (const json::Value* programs = present_value(facts, "programs.installed");
      programs != nullptr && programs->IsArray()) {
    t.fact = "programs.installed";
    t.status = "present";
    for (const auto& row : programs->GetArray()) {
      std::string publisher = member_text(row, "publisher");
      if (contract::starts_with_ci(publisher, "microsoft")) {
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
    const json::Value* fact = facts.find(path);
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
  if (const json::Value* v = present_value(facts, "os.product_name"); v != nullptr && v->IsString()) {
    name = std::string(v->GetString(), v->GetStringLength());
  }
  if (!os.service_pack.empty()) name += ", " + os.service_pack;
  name += " (" + std::to_string(os.major) + "." + std::to_string(os.minor) + "." + std::to_string(os.build) + ")";
  if (contract::suite_is_sbs(os.suite_mask)) name += ", Small Business Server";
  return name;
}

}  // namespace

bool speaks_for_artifact(const rules::Finding& f, std::string_view artifact) {
  if (f.category != "rule") return false;
  if (f.subject == artifact) return true;
  for (const auto& e : f.evidence) {
    // A source is "artifact", "artifact:location", or several of them joined by ", ".
    std::string_view rest = e.source;
    while (!rest.empty()) {
      const std::size_t comma = rest.find(", ");
      std::string_view one = rest.substr(0, comma);
      if (one.substr(0, one.find(':')) == artifact) return true;
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 2);
    }
  }
  return false;
}

void drop_spoken_for_missing(std::vector<rules::Finding>& findings) {
  std::vector<rules::Finding> kept;
  kept.reserve(findings.size());
  for (auto& f : findings) {
    const bool spoken_for = f.rule_id == "COLLECTION_ARTIFACT_MISSING" && !f.subject.empty() &&
                            std::any_of(findings.begin(), findings.end(), [&](const rules::Finding& other) {
                              return speaks_for_artifact(other, f.subject);
                            });
    if (!spoken_for) kept.push_back(std::move(f));
  }
  findings = std::move(kept);
}

namespace {

// The artifacts a not-checked finding waits for: its evidence sources up to ':', sorted, without repeats.
std::vector<std::string> missing_artifacts(const rules::Finding& f) {
  std::vector<std::string> ids;
  for (const auto& e : f.evidence) ids.push_back(e.source.substr(0, e.source.find(':')));
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::string joined(const std::vector<std::string>& items) {
  std::string list;
  for (const auto& id : items) list += (list.empty() ? "" : ", ") + id;
  return list;
}

// What a not-checked finding is grouped by: the rule finding that already speaks for every artifact it waits
// for (HEALTH_SUPPORT_TOOLS_MISSING for dcdiag's, netdiag's and repadmin's rules), else those artifacts.
std::string not_checked_key(const rules::Finding& f, const std::vector<rules::Finding>& all) {
  const auto artifacts = missing_artifacts(f);
  for (const auto& other : all) {
    if (other.category != "rule" || artifacts.empty()) continue;
    if (std::all_of(artifacts.begin(), artifacts.end(),
                    [&](const std::string& a) { return speaks_for_artifact(other, a); }))
      return "finding " + other.rule_id;
  }
  return "artifacts " + joined(artifacts);
}

}  // namespace

void merge_not_checked(std::vector<rules::Finding>& ranked) {
  std::map<std::string, std::vector<std::size_t>> groups;  // key -> indexes, in rank order
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    // A finding without evidence names no artifact: nothing says it shares a cause.
    if (ranked[i].not_checked && !ranked[i].evidence.empty()) groups[not_checked_key(ranked[i], ranked)].push_back(i);
  }
  std::vector<bool> merged_away(ranked.size(), false);
  for (const auto& [key, indexes] : groups) {
    if (indexes.size() < 2) continue;
    std::vector<std::string> all;
    for (const std::size_t i : indexes) {
      for (auto& a : missing_artifacts(ranked[i])) all.push_back(std::move(a));
    }
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    const std::string artifacts = joined(all);
    rules::Finding& first = ranked[indexes.front()];
    rules::Finding m;
    m.rule_id = "COLLECTION_RULES_NOT_CHECKED";
    m.category = "collection";
    m.severity = rules::Severity::warning;
    m.not_checked = true;
    m.rule_severity = first.rule_severity;
    m.section = first.section;
    m.rule_order = first.rule_order;
    m.subject = artifacts;
    m.title = "Not checked: " + std::to_string(indexes.size()) + " rules";
    m.message = "These rules could not be evaluated because facts they need were not available (" + artifacts + "):";
    std::vector<std::string> facts_seen;
    for (std::size_t k = 0; k < indexes.size(); ++k) {
      const rules::Finding& f = ranked[indexes[k]];
      const std::string title = f.title.rfind("Not checked: ", 0) == 0 ? f.title.substr(13) : f.title;
      m.message += std::string(k ? "; " : " ") + f.rule_id + " (" + title + ", " +
                   rules::severity_name(f.rule_severity) + ")";
      if (detail::severity_rank(f.rule_severity) < detail::severity_rank(m.rule_severity))
        m.rule_severity = f.rule_severity;
      for (const auto& e : f.evidence) {
        if (std::find(facts_seen.begin(), facts_seen.end(), e.fact) != facts_seen.end()) continue;
        facts_seen.push_back(e.fact);
        m.evidence.push_back(e);
      }
      if (k > 0) merged_away[indexes[k]] = true;
    }
    m.message += ".";
    m.remediation = {"Re-run migready-collect.exe on the server (as a domain administrator) and check that " + artifacts +
                         " " + (all.size() == 1 ? "is" : "are") + " collected without errors" +
                         (key.rfind("finding ", 0) == 0 ? " (first fix what " + key.substr(8) + " says)" : "") + ".",
                     "Then analyze the new bundle."};
    for (const std::size_t i : indexes) {
      for (const auto& a : ranked[i].collect_artifacts) m.collect_artifacts.push_back(a);
    }
    std::sort(m.collect_artifacts.begin(), m.collect_artifacts.end());
    m.collect_artifacts.erase(std::unique(m.collect_artifacts.begin(), m.collect_artifacts.end()),
                              m.collect_artifacts.end());
    rules::end_with_collect_command(m);
    first = std::move(m);
  }
  std::vector<rules::Finding> kept;
  kept.reserve(ranked.size());
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    if (!merged_away[i]) kept.push_back(std::move(ranked[i]));
  }
  ranked = std::move(kept);
}

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
  drop_spoken_for_missing(findings);
  std::stable_sort(findings.begin(), findings.end(), ranks_before);
  // The verdict names every blocking rule that was not checked, before those are merged into one finding per
  // set of missing artifacts.
  for (const auto& f : findings) {
    if (f.not_checked && f.rule_severity == rules::Severity::error &&
        std::find(r.not_checked_errors.begin(), r.not_checked_errors.end(), f.rule_id) == r.not_checked_errors.end())
      r.not_checked_errors.push_back(f.rule_id);
  }
  merge_not_checked(findings);
  for (const auto& f : findings) {
    if (f.severity == rules::Severity::error) ++r.errors;
    else if (f.severity == rules::Severity::warning) ++r.warnings;
    else ++r.infos;
  }
  r.findings = std::move(findings);
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

namespace {
std::string verdict_without_waivers(const Report& report) {
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
}  // namespace

std::string verdict(const Report& report) {
  std::string out = verdict_without_waivers(report);
  if (!report.accepted.empty()) out += "; " + std::to_string(report.accepted.size()) + " accepted";
  return out;
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
