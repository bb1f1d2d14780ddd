// Evaluation: a rule's condition decided over the facts (evaluate.cpp says how), and the lookup of a fact
// path that findings use too.
#pragma once

#include <rapidjson/document.h>

#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"
#include "facts/facts.hpp"
#include "rules/model.hpp"

namespace migready::rules {

// A condition's outcome: unknown when a fact it needs is not present.
enum class Tri { no, yes, unknown };

// What a path names in the facts.
struct Resolved {
  const Value* fact = nullptr;   // the fact object, or null when never set
  const Value* value = nullptr;  // the (sub-)value when the fact is present, else null
  std::string fact_path;         // the fact's own path (a prefix of the path asked for)
};

// A fact path, or a path that continues into a fact's value ("events.system.x.groups").
Resolved resolve(const facts::Facts& facts, std::string_view path);
// A field of an element: "" is the element; an absent field is null.
const Value* field(const Value* at, std::string_view path);
// Where a fact came from ("registry.software:…"), or "(never collected)".
std::string fact_source(const Resolved& r);

// The state of one evaluation: the facts, the elements being iterated, and the facts found missing.
struct Eval {
  explicit Eval(const facts::Facts& f) : facts(f) {}
  const facts::Facts& facts;
  std::vector<const Value*> items;             // the iteration stack: back() is "item", the one before "parent"
  std::map<std::string, std::string> unknown;  // facts needed and not present -> reason ("" = the fact's own)
  json::PoolAllocator pool;
  std::deque<Value> made;  // computed values (counts, days, to_utc)

  const Value* make(Value v) { return &made.emplace_back(std::move(v)); }
};

// Decides `c`; every fact it needed and could not read is added to e.unknown.
Tri eval(Eval& e, const Cond& c);

}  // namespace migready::rules
