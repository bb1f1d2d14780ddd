// The fact catalogue: every fact build_facts sets, declared once with its path, the types its value may
// have, the artifacts it is read from and one line of documentation. docs/facts.md is the long form.
//
// Rule loading checks every fact path a rule reads against it (analyzer/rules), so a mistyped path or an
// operator that cannot apply to the fact's type ("version_lt" on a bool) is a load error with file:line,
// not a rule that is silently "not checked". Tests check that docs/facts.md documents exactly these paths,
// that build_facts sets only these facts with these types, and that rule cases give only these facts.
//
// Adding a fact: one entry in kFacts (catalogue.cpp), one row in docs/facts.md under its topic (fact_topic_file),
// the code in the topic's file (facts/sources.hpp).
//
// Families: a segment "<name>" stands for one of the words its FactFamily lists, so
// "events.<log>.errors_last_30_days" declares "events.system.errors_last_30_days" and its siblings. A family
// with no words accepts any word (for ids only known at run time).
//
// A path may continue into a fact's value when the fact can be an object:
// "events.system.errors_last_30_days.groups" is the "groups" field of that fact (docs/rules.md). Fields are
// not declared: their type is not known at load.
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"

namespace migready::facts {

// The types a fact's value may have: a set of these bits.
using FactTypes = unsigned;
inline constexpr FactTypes kBool = 1u << 0;
inline constexpr FactTypes kInt = 1u << 1;     // a whole number
inline constexpr FactTypes kNumber = 1u << 2;  // any number, whole or not
inline constexpr FactTypes kString = 1u << 3;
inline constexpr FactTypes kDate = 1u << 4;    // a string holding a date, "YYYY-MM-DD[Thh:mm[:ss]][Z]" (docs/rules.md)
inline constexpr FactTypes kArray = 1u << 5;
inline constexpr FactTypes kObject = 1u << 6;
inline constexpr FactTypes kNull = 1u << 7;    // null is a real answer ("there is none", "not installed")

// "int or null", "string", ...
std::string fact_types_name(FactTypes types);
// The types a JSON value satisfies: a whole number is kInt and kNumber, a string in date form kString and
// kDate. A value conforms to a declaration when the two share a bit.
FactTypes value_types(const json::Value& value);

struct FactSpec {
  std::string_view path;     // "os.service_pack_number", or a family "events.<log>.errors_last_30_days"
  FactTypes types;           // of the value when the fact is present
  std::string_view sources;  // artifact ids (contract/artifacts.hpp) it is read from, space-separated;
                             // also "manifest", "command-line" (migready's options, set by analyze_file
                             // rather than build_facts) or "none"
  std::string_view doc;      // one line
};

struct FactFamily {
  std::string_view segment;  // "<log>"
  std::string_view words;    // the words it stands for, space-separated; "" = any word
};

// The file whose source functions set a fact, relative to analyzer/: "facts/network.cpp" for network.adapters,
// "report/analyze.cpp" for migready's options (destination.*, plan.*). One file per topic, named after the topic
// (facts/sources.hpp lists them); docs/facts.md has one section per topic file, and the [catalogue] tests check
// that every fact is documented in its file's section. Empty for a path no topic claims.
std::string_view fact_topic_file(std::string_view path);

class Catalogue {
 public:
  constexpr Catalogue(std::span<const FactSpec> facts, std::span<const FactFamily> families)
      : m_facts(facts), m_families(families) {}

  // The catalogue of build_facts.
  static const Catalogue& builtin();

  struct Match {
    const FactSpec* spec = nullptr;  // null: no declared fact
    std::string_view fact;           // the part of the path naming the fact
    std::string_view rest;           // the part continuing into its value ("" = the fact itself)
  };
  // The declared fact a path names, or the longest declared fact it continues into. A path that continues
  // into a fact that cannot be an object still matches (`rest` non-empty): the caller says why it is wrong.
  Match find(std::string_view path) const;
  // True when the concrete path (no "<...>") is the declared path, family segments expanded.
  bool matches(const FactSpec& spec, std::string_view path) const;
  // The declared path nearest to `path` (edit distance, at most a third of its length), for "did you mean".
  std::string_view nearest(std::string_view path) const;
  // Every concrete path a declared path stands for (families expanded; an open family stays "<name>").
  std::vector<std::string> expand(const FactSpec& spec) const;

  std::span<const FactSpec> facts() const { return m_facts; }
  std::span<const FactFamily> families() const { return m_families; }

 private:
  std::span<const FactSpec> m_facts;
  std::span<const FactFamily> m_families;
};

}  // namespace migready::facts
