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
#include "rules/load.hpp"
#include "rules/model.hpp"
#include "rules/sections.hpp"
#include "rules/value_text.hpp"

namespace migready::rules {

namespace {

enum class Tri { no, yes, unknown };

// ---- facts ----------------------------------------------------------------------------------------------

const Value kNull;

// A field of an element: "" is the element; an absent field is null.
const Value* field(const Value* at, std::string_view path) {
  std::size_t start = 0;
  while (at != nullptr && start < path.size()) {
    const std::size_t dot = path.find('.', start);
    const std::string_view part =
        path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (!at->IsObject()) return &kNull;
    const Value key(rapidjson::StringRef(part.data(), part.size()));
    auto it = at->FindMember(key);
    if (it == at->MemberEnd()) return &kNull;
    at = &it->value;
    start = dot == std::string_view::npos ? path.size() : dot + 1;
  }
  return at;
}

struct Resolved {
  const Value* fact = nullptr;   // the fact object, or null when never set
  const Value* value = nullptr;  // the (sub-)value when the fact is present, else null
  std::string fact_path;         // the fact's own path (a prefix of the path asked for)
};

bool present(const Value* fact) {
  return fact != nullptr && std::string_view((*fact)["status"].GetString()) == "present";
}

// A fact path, or a path that continues into a fact's value.
Resolved resolve(const facts::Facts& facts, std::string_view path) {
  std::string_view prefix = path;
  for (;;) {
    if (const Value* f = facts.find(prefix)) {
      Resolved r{f, nullptr, std::string(prefix)};
      if (present(f)) {
        r.value = prefix.size() == path.size() ? &(*f)["value"] : field(&(*f)["value"], path.substr(prefix.size() + 1));
      }
      return r;
    }
    const std::size_t dot = prefix.rfind('.');
    if (dot == std::string_view::npos) return {nullptr, nullptr, std::string(path)};
    prefix = prefix.substr(0, dot);
  }
}

std::string fact_source(const Resolved& r) {
  return r.fact == nullptr ? "(never collected)" : (*r.fact)["source"].GetString();
}

// ---- evaluation -----------------------------------------------------------------------------------------

struct Eval {
  explicit Eval(const facts::Facts& f) : facts(f) {}
  const facts::Facts& facts;
  std::vector<const Value*> items;             // the iteration stack: back() is "item", the one before "parent"
  std::map<std::string, std::string> unknown;  // facts needed and not present -> reason ("" = the fact's own)
  rapidjson::MemoryPoolAllocator<> pool;
  std::deque<Value> made;  // computed values (counts, days, to_utc)

  const Value* make(Value v) { return &made.emplace_back(std::move(v)); }
};

Tri eval(Eval& e, const Cond& c);

// An operand's value, or null when it reads a fact that is not present (recorded in e.unknown).
const Value* value_of(Eval& e, const Operand& o) {
  switch (o.kind) {
    case Operand::Kind::literal:
      return o.literal;
    case Operand::Kind::fact: {
      const Resolved r = resolve(e.facts, o.path);
      if (r.value == nullptr) e.unknown.emplace(r.fact_path, "");
      return r.value;
    }
    case Operand::Kind::item:
      return field(e.items.back(), o.path);
    case Operand::Kind::parent:
      return field(e.items[e.items.size() - 2], o.path);
    case Operand::Kind::count: {
      const Value* list = value_of(e, o.args[0]);
      if (list == nullptr) return nullptr;
      std::int64_t n = 0;
      bool unknown = false;
      if (list->IsArray()) {
        if (!o.where) {
          n = list->Size();
        } else {
          for (const auto& element : list->GetArray()) {
            e.items.push_back(&element);
            const Tri t = eval(e, *o.where);
            e.items.pop_back();
            n += t == Tri::yes;
            unknown = unknown || t == Tri::unknown;
          }
        }
      }
      return unknown ? nullptr : e.make(Value(n));
    }
    case Operand::Kind::days_between: {
      const Value* a = value_of(e, o.args[0]);
      const Value* b = value_of(e, o.args[1]);
      if (a == nullptr || b == nullptr) return nullptr;
      const auto x = instant_of(a), y = instant_of(b);
      if (!x || !y) return &kNull;
      return e.make(Value(static_cast<double>(y->seconds - x->seconds) / 86400.0));
    }
    case Operand::Kind::to_utc: {
      const Value* a = value_of(e, o.args[0]);
      const Value* bias = value_of(e, o.args[1]);
      if (a == nullptr || bias == nullptr) return nullptr;
      const auto t = instant_of(a);
      if (!t || !bias->IsNumber() || std::fabs(bias->GetDouble()) > 24 * 60) return &kNull;
      if (t->utc) return a;
      const std::string s = contract::format_iso(t->seconds + std::llround(bias->GetDouble() * 60), true, true);
      return e.make(Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), e.pool));
    }
  }
  return nullptr;
}

Tri tri(bool v) {
  return v ? Tri::yes : Tri::no;
}

Tri compare(Op op, const Value& a, const Value& b) {
  if (op == Op::version_lt || op == Op::version_ge) {
    if (!a.IsString() || !b.IsString()) return Tri::no;
    const bool lt = contract::version_less(a.GetString(), b.GetString());
    return tri(op == Op::version_lt ? lt : !lt);
  }
  if (op == Op::date_lt || op == Op::date_le || op == Op::date_gt || op == Op::date_ge) {
    const auto x = instant_of(&a), y = instant_of(&b);
    if (!x || !y) return Tri::no;
    if (op == Op::date_lt) return tri(x->seconds < y->seconds);
    if (op == Op::date_le) return tri(x->seconds <= y->seconds);
    if (op == Op::date_gt) return tri(x->seconds > y->seconds);
    return tri(x->seconds >= y->seconds);
  }
  int cmp = 0;
  if (a.IsNumber() && b.IsNumber()) {
    const double x = a.GetDouble(), y = b.GetDouble();
    cmp = x < y ? -1 : x > y ? 1 : 0;
  } else if (a.IsString() && b.IsString()) {
    cmp = std::string_view(a.GetString(), a.GetStringLength())
              .compare(std::string_view(b.GetString(), b.GetStringLength()));
  } else if (a.IsBool() && b.IsBool() && (op == Op::eq || op == Op::ne)) {
    cmp = a.GetBool() == b.GetBool() ? 0 : 1;
  } else if (a.IsNull() || b.IsNull()) {
    // null equals only null; an ordering against null is false.
    if (op == Op::eq) return tri(a.IsNull() && b.IsNull());
    if (op == Op::ne) return tri(!(a.IsNull() && b.IsNull()));
    return Tri::no;
  } else {
    return op == Op::ne ? Tri::yes : Tri::no;  // different types are never equal
  }
  switch (op) {
    case Op::eq:
      return tri(cmp == 0);
    case Op::ne:
      return tri(cmp != 0);
    case Op::lt:
      return tri(cmp < 0);
    case Op::le:
      return tri(cmp <= 0);
    case Op::gt:
      return tri(cmp > 0);
    default:
      return tri(cmp >= 0);
  }
}

Tri eval(Eval& e, const Cond& c) {
  switch (c.op) {
    case Op::all:
    case Op::any: {
      const bool want_all = c.op == Op::all;
      bool any_unknown = false;
      for (const auto& sub : c.subs) {
        const Tri r = eval(e, sub);
        if (want_all && r == Tri::no) return Tri::no;
        if (!want_all && r == Tri::yes) return Tri::yes;
        any_unknown = any_unknown || r == Tri::unknown;
      }
      if (any_unknown) return Tri::unknown;
      return want_all ? Tri::yes : Tri::no;
    }
    case Op::not_: {
      const Tri r = eval(e, c.subs[0]);
      return r == Tri::unknown ? r : (r == Tri::yes ? Tri::no : Tri::yes);
    }
    case Op::exists: {
      const Resolved r = resolve(e.facts, c.path);
      if (r.value == nullptr) {
        e.unknown.emplace(r.fact_path, "");
        return Tri::unknown;
      }
      return tri(!r.value->IsNull());
    }
    case Op::truthy: {
      const Value* v = value_of(e, c.args[0]);
      if (v == nullptr) return Tri::unknown;
      if (v->IsBool()) return tri(v->GetBool());
      if (v->IsNumber()) return tri(v->GetDouble() != 0);
      if (v->IsString()) return tri(v->GetStringLength() != 0);
      if (v->IsArray()) return tri(!v->Empty());
      return Tri::no;
    }
    case Op::matches:
    case Op::any_matches: {
      const Value* v = value_of(e, c.args[0]);
      if (v == nullptr) return Tri::unknown;
      auto match = [&](const Value& s) {
        return s.IsString() && RE2::PartialMatch(re2::StringPiece(s.GetString(), s.GetStringLength()), *c.re);
      };
      if (c.op == Op::matches) return tri(match(*v));
      if (!v->IsArray()) return Tri::no;
      return tri(std::any_of(v->Begin(), v->End(), match));
    }
    case Op::in: {
      const Value* x = value_of(e, c.args[0]);
      const Value* list = value_of(e, c.args[1]);
      if (x == nullptr || list == nullptr) return Tri::unknown;
      if (!list->IsArray()) return Tri::no;
      return tri(
          std::any_of(list->Begin(), list->End(), [&](const Value& y) { return compare(Op::eq, *x, y) == Tri::yes; }));
    }
    case Op::some:
    case Op::every: {
      const Value* list = value_of(e, c.args[0]);
      if (list == nullptr) return Tri::unknown;
      const bool some = c.op == Op::some;
      bool any_unknown = false;
      if (list->IsArray()) {
        for (const auto& element : list->GetArray()) {
          e.items.push_back(&element);
          const Tri r = eval(e, c.subs[0]);
          e.items.pop_back();
          if (some && r == Tri::yes) return Tri::yes;
          if (!some && r == Tri::no) return Tri::no;
          any_unknown = any_unknown || r == Tri::unknown;
        }
      }
      if (any_unknown) return Tri::unknown;
      return tri(!some);
    }
    default: {
      const Value* a = value_of(e, c.args[0]);
      const Value* b = value_of(e, c.args[1]);
      if (a == nullptr || b == nullptr) return Tri::unknown;
      return compare(c.op, *a, *b);
    }
  }
}

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
