// The rule model: what a rule file becomes once it is loaded and checked. load.cpp builds it from the JSON,
// evaluate.cpp decides its conditions, findings.cpp renders its templates; rules.hpp declares Rule opaque,
// so nothing here is public. A Rule keeps its file's parsed JSON alive: literal operands point into it.
// Every path a Rule holds was checked against the fact catalogue at load, and every RE2 pattern compiled.
#pragma once

#include <rapidjson/document.h>
#include <re2/re2.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "facts/catalogue.hpp"
#include "rules/rules.hpp"

namespace migready::rules {

using json::Value;

// What a value can be when the load cannot tell (a literal, a field inside a fact's value).
inline constexpr facts::FactTypes kAnyType = ~facts::FactTypes{0};

struct Cond;

// An operand, checked at load. Literals point into the rule's copy of its JSON.
struct Operand {
  enum class Kind { literal, fact, item, parent, count, days_between, to_utc } kind = Kind::literal;
  const Value* literal = nullptr;
  std::string path;             // fact: a fact path; item/parent: a field path, "" = the element itself
  std::vector<Operand> args;    // count: [list]; days_between, to_utc: [a, b]
  std::shared_ptr<Cond> where;  // count: the filter, or null
  facts::FactTypes types = kAnyType;  // what its value can be, as far as the load can tell
};

// The operators of docs/rules.md. The loader checks ranges of them (lt..ge orders, date_lt..date_ge dates):
// keep each group together.
enum class Op {
  all,
  any,
  not_,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  version_lt,
  version_ge,
  date_lt,
  date_le,
  date_gt,
  date_ge,
  matches,
  any_matches,
  in,
  some,
  every,
  exists,
  truthy,
};

// A condition: an operator with its sub-conditions or operands.
struct Cond {
  Op op = Op::all;
  std::vector<Cond> subs;     // all, any; not: [c]; some, every: [where]
  std::vector<Operand> args;  // comparisons: [x, y]; matches: [x]; truthy: [x]; in: [x, list]; some, every: [list]
  std::shared_ptr<RE2> re;    // matches, any_matches
  std::string path;           // exists
};

// A reference in a template: a fact path, or a field of the for_each element.
struct Ref {
  bool item = false;
  std::string path;  // fact path; for item: the field path, "" = the element
};

// One piece of a template: literal text, or a reference with at most one filter.
struct Piece {
  std::string text;  // literal text, when !ref
  std::optional<Ref> ref;
  enum class Filter { none, date, add_days, days_to, after_last } filter = Filter::none;
  long days = 0;      // add_days
  Ref to;             // days_to
  std::string after;  // after_last: the separator
};

// A template as written (text, for `rules show`) and cut into pieces at load.
struct Template {
  std::string text;
  std::vector<Piece> pieces;
};

// A fix step as written (fix.hpp: FixStep is what it becomes, filled, for one finding). Command templates
// matched a documented syntax at load (`syntax_source` says which).
struct FixCheckSpec {
  Template command;
  std::string line, is;  // fix.hpp: FixCheck
  int word = 1;
};
struct FixSpec {
  Template title;
  Template command;
  std::string syntax_source;
  std::vector<FixCheckSpec> guard;
  std::string repeatable;
  Template risk, undo;
  std::string source;
};

// One loaded rule: what evaluation runs and `rules show` prints (RuleSet::info).
struct Rule {
  std::string id;
  Severity severity = Severity::info;
  std::string title, section, where;
  Template message, subject, cause;
  std::vector<Template> remediation;
  std::vector<FixSpec> fix;    // structured fix steps; empty when the fix is no command
  std::string for_each;        // the array fact iterated, "" when none
  std::shared_ptr<Cond> when;  // null only for a for_each rule without "when"
  std::string when_json;
  std::vector<std::string> facts;                   // fact paths the condition reads, in order, without repeats
  std::shared_ptr<const json::Document> json;  // the file's JSON: literals point into it
};

}  // namespace migready::rules
