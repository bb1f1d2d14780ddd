#include "rules/rules.hpp"

#include "contract/artifacts.hpp"
#include "contract/civil_time.hpp"
#include "contract/version.hpp"

#include <rapidjson/encodedstream.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>

#include "facts/catalogue.hpp"
#include "rules/evaluate.hpp"
#include "rules/load.hpp"
#include "rules/model.hpp"
#include "rules/sections.hpp"
#include "rules/value_text.hpp"

namespace migready::rules {

namespace {

const Value* ref_value(const facts::Facts& facts, const Value* item, const Ref& ref) {
  if (ref.item) return field(item, ref.path);
  return resolve(facts, ref.path).value;
}

std::string interpolate(const Template& t, const facts::Facts& facts, const Value* item) {
  std::string out;
  for (const auto& p : t.pieces) {
    if (!p.ref) {
      out += p.text;
      continue;
    }
    const Value* v = ref_value(facts, item, *p.ref);
    if (v == nullptr) {
      out += "(unknown)";
      continue;
    }
    const auto when = instant_of(v);
    switch (p.filter) {
      case Piece::Filter::none:
        out += render(*v);
        break;
      case Piece::Filter::date:
        out += when ? contract::format_iso(when->seconds, false, false) : render(*v);
        break;
      case Piece::Filter::add_days:
        out += when ? contract::format_iso(when->seconds + p.days * 86400, false, false) : render(*v);
        break;
      case Piece::Filter::after_last: {
        const std::string text = render(*v);
        const std::size_t at = text.rfind(p.after);
        out += at == std::string::npos ? text : text.substr(at + p.after.size());
        break;
      }
      case Piece::Filter::days_to: {
        const auto to = instant_of(ref_value(facts, item, p.to));
        if (!when)
          out += render(*v);
        else if (!to)
          out += "(unknown)";
        else
          out += std::to_string(
              static_cast<std::int64_t>(std::floor(static_cast<double>(to->seconds - when->seconds) / 86400.0)));
        break;
      }
    }
  }
  return out;
}

// ---- findings -------------------------------------------------------------------------------------------

// True when `source` (a fact source's part before ':') is something the collector gathers: an artifact of the
// contract, one file of a file-search row ("file.ntbackup_logs.<profile>.<file>"), or the manifest.
bool is_collected_source(std::string_view source) {
  if (source == "manifest" || contract::find_artifact(source) != nullptr) return true;
  for (const auto& spec : contract::kArtifacts) {
    if (source.size() > spec.id.size() && source.substr(0, spec.id.size()) == spec.id && source[spec.id.size()] == '.')
      return true;
  }
  return false;
}

Finding not_checked(const Rule& rule, const std::map<std::string, std::string>& unknown, const facts::Facts& facts) {
  Finding f;
  f.rule_id = rule.id;
  f.section = rule.section;
  f.severity = Severity::warning;
  f.not_checked = true;
  f.rule_severity = rule.severity;
  f.category = "collection";
  f.title = "Not checked: " + rule.title;
  // Sources the collector gathers (a bundle artifact, or the manifest) can be collected again; the others
  // ("file-version:...", "windows-update-agent:...") are not gathered by this collector at all.
  std::set<std::string> collectable, not_gathered;
  for (const auto& [path, why] : unknown) {
    const Resolved r = resolve(facts, path);
    std::string reason = !why.empty()                                       ? why
                         : r.fact != nullptr && r.fact->HasMember("reason") ? (*r.fact)["reason"].GetString()
                                                                            : "not collected";
    const std::string source = fact_source(r);
    f.evidence.push_back({path, reason, source});
    const std::string artifact = source.substr(0, source.find(':'));
    (is_collected_source(artifact) ? collectable : not_gathered).insert(artifact);
  }
  auto join = [](const std::set<std::string>& items) {
    std::string list;
    for (const auto& a : items) list += (list.empty() ? "" : ", ") + a;
    return list;
  };
  f.message = "Rule " + rule.id + " could not be evaluated because facts it needs were not available";
  if (!collectable.empty()) f.message += " (" + join(collectable) + ")";
  if (!not_gathered.empty()) {
    f.message += std::string(collectable.empty() ? ": " : "; ") + "this collector does not gather " + join(not_gathered);
  }
  f.message += ".";
  if (!collectable.empty()) {
    f.remediation.push_back("Re-run migready-collect.exe on the server (as a domain administrator) and check that " +
                            join(collectable) + " is collected without errors.");
    f.remediation.push_back("Then analyze the new bundle.");
  }
  if (!not_gathered.empty()) {
    f.remediation.push_back("Check this by hand on the server: the evidence says where the answer is (" +
                            join(not_gathered) + ").");
  }
  return f;
}

std::string default_subject(const Rule& rule, const Value& element, std::size_t index) {
  if (element.IsObject() && element.HasMember("name") && element["name"].IsString()) return render(element["name"]);
  if (!element.IsObject() && !element.IsArray()) return render(element);
  return rule.for_each + "[" + std::to_string(index) + "]";
}

// A finding of a rule whose condition holds; `element` is the for_each element, or null.
Finding fire(const Rule& rule, const facts::Facts& facts, const Value* element, std::size_t index,
             const Resolved* list) {
  Finding f;
  f.rule_id = rule.id;
  f.section = rule.section;
  f.severity = rule.severity;
  f.rule_severity = rule.severity;
  f.category = "rule";
  f.title = rule.title;
  f.message = interpolate(rule.message, facts, element);
  if (!rule.cause.pieces.empty()) f.cause = interpolate(rule.cause, facts, element);
  for (const auto& step : rule.remediation) f.remediation.push_back(interpolate(step, facts, element));
  if (element != nullptr) {
    f.subject = rule.subject.pieces.empty() ? default_subject(rule, *element, index)
                                            : interpolate(rule.subject, facts, element);
    std::string source = fact_source(*list);
    // Elements read from a tool's output carry their line: point at it.
    if (element->IsObject() && element->HasMember("line") && (*element)["line"].IsUint64() &&
        (*element)["line"].GetUint64() > 0 && source.find(':') == std::string::npos) {
      source += ":" + std::to_string((*element)["line"].GetUint64());
    }
    const bool structured = element->IsObject() || element->IsArray();
    f.evidence.push_back({rule.for_each + "[" + std::to_string(index) + "]",
                          structured ? cap(compact_json(*element)) : render(*element), source});
  }
  for (const auto& path : rule.facts) {
    if (element != nullptr && path == rule.for_each) continue;
    const Resolved r = resolve(facts, path);
    f.evidence.push_back({path, r.value != nullptr ? render(*r.value) : "(unknown)", fact_source(r)});
  }
  return f;
}

// The one place a rule joins a set: a rule whose id is already there replaces it in its place (so it keeps its
// load order, which the report ranks by); a new id goes at the end. Built-in rules replaced by --rules DIR
// files and a file loaded after another both come through here.
void put_rule(std::vector<Rule>& rules, Rule rule) {
  auto existing = std::find_if(rules.begin(), rules.end(), [&](const Rule& x) { return x.id == rule.id; });
  if (existing != rules.end())
    *existing = std::move(rule);
  else
    rules.push_back(std::move(rule));
}

// Records where `rule` is defined (`where`: id -> "file:line"); an error when another file of the same
// directory defined its id first. Ids are unique across one directory's files.
std::optional<Error> claim_id(std::map<std::string, std::string>& where, const Rule& rule) {
  auto [it, fresh] = where.emplace(rule.id, rule.where);
  if (fresh) return std::nullopt;
  return Error{Errc::format, "rule id '" + rule.id + "' is also defined at " + it->second, rule.where};
}

// One rule's findings, appended to `out`.
void evaluate_rule(const Rule& rule, const facts::Facts& facts, std::vector<Finding>& out) {
  if (rule.for_each.empty()) {
    Eval e(facts);
    const Tri result = eval(e, *rule.when);
    if (result == Tri::yes)
      out.push_back(fire(rule, facts, nullptr, 0, nullptr));
    else if (result == Tri::unknown)
      out.push_back(not_checked(rule, e.unknown, facts));
    return;
  }
  const Resolved list = resolve(facts, rule.for_each);
  if (list.value == nullptr) {
    out.push_back(not_checked(rule, {{list.fact_path, ""}}, facts));
    return;
  }
  if (list.value->IsNull()) return;  // "there is none": no element to report
  if (!list.value->IsArray()) {
    out.push_back(
        not_checked(rule, {{rule.for_each, "present, but not a list: for_each needs an array"}}, facts));
    return;
  }
  std::map<std::string, std::string> unknown;
  std::size_t fired = 0, more = 0;
  for (rapidjson::SizeType i = 0; i < list.value->Size(); ++i) {
    const Value& element = (*list.value)[i];
    Eval e(facts);
    e.items.push_back(&element);
    const Tri result = rule.when ? eval(e, *rule.when) : Tri::yes;
    if (result == Tri::unknown) unknown.insert(e.unknown.begin(), e.unknown.end());
    if (result != Tri::yes) continue;
    if (fired == kMaxFindingsPerRule) {
      ++more;
      continue;
    }
    out.push_back(fire(rule, facts, &element, i, &list));
    ++fired;
  }
  if (more > 0) {
    out.back().evidence.push_back({rule.for_each,
                                   std::to_string(more) + " more elements match; only the first " +
                                       std::to_string(kMaxFindingsPerRule) + " are reported",
                                   fact_source(list)});
  }
  if (!unknown.empty()) out.push_back(not_checked(rule, unknown, facts));
}

}  // namespace

const char* severity_name(Severity severity) noexcept {
  switch (severity) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::info:
      return "info";
  }
  return "info";
}

RuleSet::RuleSet(const facts::Catalogue& catalogue) : m_catalogue(&catalogue) {}
RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;
RuleSet::~RuleSet() = default;

std::size_t RuleSet::size() const noexcept {
  return m_rules.size();
}

std::vector<std::string> RuleSet::ids() const {
  std::vector<std::string> ids;
  for (const auto& r : m_rules) ids.push_back(r.id);
  return ids;
}

std::optional<RuleInfo> RuleSet::info(std::string_view id) const {
  auto it = std::find_if(m_rules.begin(), m_rules.end(), [&](const Rule& r) { return r.id == id; });
  if (it == m_rules.end()) return std::nullopt;
  RuleInfo i;
  i.id = it->id;
  i.severity = it->severity;
  i.title = it->title;
  i.section = it->section;
  i.message = it->message.text;
  for (const auto& step : it->remediation) i.remediation.push_back(step.text);
  i.where = it->where;
  i.for_each = it->for_each;
  i.subject = it->subject.text;
  i.cause = it->cause.text;
  i.when = it->when_json;
  i.facts = it->facts;
  return i;
}

Result<RuleSet> RuleSet::builtin() {
  RuleSet set;
  for (const auto& file : embedded_rule_files()) {
    if (auto r = set.add_file(file.text, std::string("rules/") + file.name); !r) return r.error();
  }
  return set;
}

Result<void> RuleSet::add_file(std::string_view text, const std::string& file) {
  FileRules loaded = load_rules(text, file, *m_catalogue);
  if (!loaded.errors.empty()) return loaded.errors.front();
  for (auto& rule : loaded.rules) {
    put_rule(m_rules, std::move(rule));
  }
  return {};
}

CheckResult RuleSet::check_directory(const std::string& dir, const facts::Catalogue& catalogue) {
  CheckResult out;
  auto files = rule_files(dir);
  if (!files) {
    out.errors.push_back(files.error());
    return out;
  }
  if (files->empty()) out.errors.push_back(Error{Errc::not_found, "no rule files (*.json) in the directory", dir});
  std::map<std::string, std::string> where;  // id -> where defined
  for (const auto& path : *files) {
    ++out.files;
    auto text = read_rule_file(path);
    if (!text) {
      out.errors.push_back(text.error());
      continue;
    }
    FileRules loaded = load_rules(*text, path.string(), catalogue);
    for (const auto& rule : loaded.rules) {
      if (auto clash = claim_id(where, rule)) {
        loaded.errors.push_back(std::move(*clash));
        continue;
      }
      ++out.rules;
      out.ids.push_back(rule.id);
    }
    // In the order of the file's lines.
    auto line = [](const Error& e) { return std::strtoul(e.where.c_str() + e.where.rfind(':') + 1, nullptr, 10); };
    std::stable_sort(loaded.errors.begin(), loaded.errors.end(),
                     [&](const Error& a, const Error& b) { return line(a) < line(b); });
    for (auto& e : loaded.errors) out.errors.push_back(std::move(e));
  }
  return out;
}

Result<void> RuleSet::add_directory(const std::string& dir) {
  auto files = rule_files(dir);
  if (!files) return files.error();
  std::vector<Rule> all;
  std::map<std::string, std::string> where;
  for (const auto& path : *files) {
    auto text = read_rule_file(path);
    if (!text) return text.error();
    FileRules loaded = load_rules(*text, path.string(), *m_catalogue);
    if (!loaded.errors.empty()) return loaded.errors.front();
    for (auto& rule : loaded.rules) {
      if (auto clash = claim_id(where, rule)) return std::move(*clash);
      all.push_back(std::move(rule));
    }
  }
  for (auto& rule : all) {
    put_rule(m_rules, std::move(rule));
  }
  return {};
}

std::vector<Finding> RuleSet::evaluate(const facts::Facts& facts) const {
  std::vector<Finding> findings;
  for (std::size_t r = 0; r < m_rules.size(); ++r) {
    const std::size_t first = findings.size();
    evaluate_rule(m_rules[r], facts, findings);
    // The rule's place in the set, for the report's ranking within a section.
    for (std::size_t k = first; k < findings.size(); ++k) findings[k].rule_order = r;
  }
  return findings;
}

}  // namespace migready::rules
