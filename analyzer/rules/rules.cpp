// The public rule set (rules.hpp): the phases put together. Loading (load.cpp) turns each file into checked
// rules, and put_rule adds them to the set, a rule with an id already there replacing it in its place; the
// built-in files load first, then --rules DIR. Evaluating runs every rule in load order (findings.cpp)
// and stamps each finding with its rule's place. Relies on load, findings and the model; knows nothing of
// JSON or of how a condition is decided.
#include "rules/rules.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "platform/platform.hpp"
#include "rules/findings.hpp"
#include "rules/load.hpp"
#include "rules/model.hpp"

namespace migready::rules {

namespace {

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
  for (const auto& step : it->fix) {
    FixInfo f;
    f.title = step.title.text;
    f.command = step.command.text;
    f.source = step.source;
    f.syntax_source = step.syntax_source;
    for (const auto& c : step.guard) f.guard.push_back({c.command.text, c.line, c.word, c.is});
    i.fix.push_back(std::move(f));
  }
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
    FileRules loaded = load_rules(*text, platform::path_utf8(path), catalogue);
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
    FileRules loaded = load_rules(*text, platform::path_utf8(path), *m_catalogue);
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
