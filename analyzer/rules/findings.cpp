// Findings: runs one rule (evaluate.cpp decides its condition, per element for a for_each rule) and turns
// the outcome into Findings. A rule that holds fires: its message, cause, subject and remediation templates
// are rendered from the facts and the element (with the date filters of docs/rules.md), and its evidence
// lists every fact it read with its value and source. A rule that could not be decided becomes a "Not
// checked" collection finding naming the missing facts and whether the collector can gather them again
// (contract/artifacts.hpp). Relies on evaluate (eval, resolve) and value_text (render, dates).
#include "rules/findings.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include "contract/artifacts.hpp"
#include "contract/civil_time.hpp"
#include "contract/selection.hpp"
#include "facts/catalogue.hpp"
#include "rules/evaluate.hpp"
#include "rules/value_text.hpp"

namespace migready::rules {

namespace {

const Value* ref_value(const facts::Facts& facts, const Value* item, const Ref& ref) {
  if (ref.item) return field(item, ref.path);
  return resolve(facts, ref.path).value;
}

// A template rendered for one finding: a fact that is not present is "(unknown)"; a value that is no date
// passes the date filters as it is.
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

// A command template filled for one finding. A placeholder whose fact is not there, or whose value could
// carry a command of its own (fix.hpp: unsafe_in_command), leaves the whole command unfilled, with the reason.
// `quoted`: whether the placeholder stands between double quotes, counted over the literal text before it.
bool fill_command(const Template& t, const facts::Facts& facts, const Value* item, std::string& out,
                  std::string& reason) {
  out.clear();
  bool quoted = false;
  for (const auto& p : t.pieces) {
    if (!p.ref) {
      for (const char c : p.text) quoted ^= c == '"';
      out += p.text;
      continue;
    }
    const std::string name = p.ref->item ? (p.ref->path.empty() ? "item" : "item." + p.ref->path) : p.ref->path;
    const Value* v = ref_value(facts, item, *p.ref);
    if (v == nullptr || v->IsNull()) {
      reason = "{" + name + "} has no value: the fact was not collected";
      out.clear();
      return false;
    }
    if (!v->IsString() && !v->IsNumber()) {
      reason = "{" + name + "} is not a single value";
      out.clear();
      return false;
    }
    Template one;
    one.pieces.push_back(p);
    const std::string value = interpolate(one, facts, item);
    if (auto bad = unsafe_in_command(value, quoted)) {
      reason = "the value of {" + name + "} " + *bad + "; fill this step in by hand after checking the value";
      out.clear();
      return false;
    }
    out += value;
  }
  return true;
}

FixStep fill_fix(const FixSpec& spec, const facts::Facts& facts, const Value* item) {
  FixStep step;
  step.title = interpolate(spec.title, facts, item);
  step.command_template = spec.command.text;
  step.source = spec.source;
  step.repeatable = spec.repeatable;
  step.risk = interpolate(spec.risk, facts, item);
  step.undo = interpolate(spec.undo, facts, item);
  std::string reason;
  step.fillable = fill_command(spec.command, facts, item, step.command, reason);
  for (const auto& check : spec.guard) {
    FixCheck c;
    c.line = check.line;
    c.word = check.word;
    c.is = check.is;
    if (step.fillable && !fill_command(check.command, facts, item, c.command, reason)) step.fillable = false;
    step.guard.push_back(std::move(c));
  }
  if (!step.fillable) {
    step.reason = reason;
    step.command.clear();
    for (auto& c : step.guard) c.command.clear();
  }
  return step;
}

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
  std::vector<std::string> only;
  for (const auto& [path, why] : unknown) {
    const Resolved r = resolve(facts, path);
    std::string reason = !why.empty()                                       ? why
                         : r.fact != nullptr && r.fact->HasMember("reason") ? (*r.fact)["reason"].GetString()
                                                                            : "not collected";
    const std::string source = fact_source(r);
    f.evidence.push_back({path, reason, source});
    const std::string artifact = source.substr(0, source.find(':'));
    (is_collected_source(artifact) ? collectable : not_gathered).insert(artifact);
    // What --only must gather: the artifact the fact came from, or, for a fact never set, the artifacts the
    // catalogue reads it from.
    if (contract::row_of(artifact) != nullptr) {
      only.push_back(artifact);
    } else if (r.fact == nullptr) {
      if (const auto* spec = facts::Catalogue::builtin().find(path).spec) {
        for (std::size_t at = 0; at < spec->sources.size();) {
          std::size_t end = spec->sources.find(' ', at);
          if (end == std::string_view::npos) end = spec->sources.size();
          only.emplace_back(spec->sources.substr(at, end - at));
          at = end + 1;
        }
      }
    }
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
  std::sort(only.begin(), only.end());
  only.erase(std::unique(only.begin(), only.end()), only.end());
  f.collect_artifacts = std::move(only);
  end_with_collect_command(f);
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
  for (const auto& step : rule.fix) f.fix.push_back(fill_fix(step, facts, element));
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

}  // namespace

void end_with_collect_command(Finding& f) {
  f.collect_command = contract::only_command(f.collect_artifacts);
  if (f.collect_command.empty()) return;
  f.remediation.push_back(
      "Or collect only what this needs: run the command below on the server, then merge the new "
      "bundle into this one (migready merge THIS.zip NEW.zip -o MERGED.zip) and analyze "
      "MERGED.zip.");
  f.remediation.push_back(f.collect_command);
}

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

}  // namespace migready::rules
