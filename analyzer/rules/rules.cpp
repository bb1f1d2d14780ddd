#include "rules/rules.hpp"

#include <re2/re2.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

namespace migready::rules {

struct Rule {
  std::string id;
  Severity severity = Severity::info;
  std::string title, section, message, file;
  std::vector<std::string> remediation;
  std::shared_ptr<rapidjson::Document> when;  // the condition, checked at load
  std::vector<std::string> facts;             // every fact path the condition reads, in order
  std::map<std::string, std::shared_ptr<RE2>, std::less<>> patterns;
};

namespace {

enum class Tri { no, yes, unknown };

std::size_t line_of(std::string_view text, std::size_t offset) {
  return static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(std::min(offset, text.size())), '\n')) + 1;
}

// The line where a rule's id is written, so a semantic error points into the file.
std::string where_rule(std::string_view text, const std::string& file, const std::string& id) {
  const std::size_t at = text.find("\"" + id + "\"");
  return file + ":" + std::to_string(at == std::string_view::npos ? 1 : line_of(text, at));
}

bool is_rule_id(std::string_view id) {
  if (id.empty() || id.size() > 64 || !(id[0] >= 'A' && id[0] <= 'Z')) return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; });
}

constexpr std::string_view kComparisons[] = {"eq", "ne", "lt", "le", "gt", "ge", "version_lt", "version_ge"};

// Checks an operand and records the facts it reads.
Result<void> check_operand(const rapidjson::Value& v, Rule& rule, const std::string& at) {
  if (v.IsObject()) {
    if (v.MemberCount() == 1 && v.HasMember("fact") && v["fact"].IsString()) {
      rule.facts.emplace_back(v["fact"].GetString());
      return {};
    }
    if (v.MemberCount() == 1 && v.HasMember("count")) return check_operand(v["count"], rule, at + ".count");
    return make_error(Errc::format, "operand object must be {\"fact\": path} or {\"count\": {\"fact\": path}}", at);
  }
  if (v.IsArray()) return make_error(Errc::format, "array literals are not operands", at);
  return {};
}

Result<void> check_condition(const rapidjson::Value& c, Rule& rule, const std::string& at, int depth) {
  if (depth > 32) return make_error(Errc::limit, "condition nested deeper than 32", at);
  if (!c.IsObject() || c.MemberCount() != 1) {
    return make_error(Errc::format, "a condition is an object with exactly one operator", at);
  }
  const std::string op = c.MemberBegin()->name.GetString();
  const rapidjson::Value& arg = c.MemberBegin()->value;
  const std::string here = at + "." + op;
  if (op == "all" || op == "any") {
    if (!arg.IsArray() || arg.Empty()) return make_error(Errc::format, "'" + op + "' takes a non-empty array", here);
    for (rapidjson::SizeType i = 0; i < arg.Size(); ++i) {
      if (auto r = check_condition(arg[i], rule, here + "[" + std::to_string(i) + "]", depth + 1); !r) return r;
    }
    return {};
  }
  if (op == "not") return check_condition(arg, rule, here, depth + 1);
  if (op == "exists") {
    if (!arg.IsString()) return make_error(Errc::format, "'exists' takes a fact path", here);
    rule.facts.emplace_back(arg.GetString());
    return {};
  }
  if (op == "truthy") return check_operand(arg, rule, here);
  if (op == "matches" || op == "any_matches") {
    if (!arg.IsArray() || arg.Size() != 2 || !arg[1].IsString()) {
      return make_error(Errc::format, "'" + op + "' takes [operand, \"pattern\"]", here);
    }
    auto re = std::make_shared<RE2>(arg[1].GetString(), RE2::Quiet);
    if (!re->ok()) return make_error(Errc::format, "bad pattern: " + re->error(), here);
    rule.patterns.emplace(arg[1].GetString(), std::move(re));
    return check_operand(arg[0], rule, here + "[0]");
  }
  if (std::find(std::begin(kComparisons), std::end(kComparisons), op) != std::end(kComparisons)) {
    if (!arg.IsArray() || arg.Size() != 2) return make_error(Errc::format, "'" + op + "' takes [x, y]", here);
    if (auto r = check_operand(arg[0], rule, here + "[0]"); !r) return r;
    return check_operand(arg[1], rule, here + "[1]");
  }
  return make_error(Errc::format, "unknown operator '" + op + "'", here);
}

struct Eval {
  const facts::Facts& facts;
  const Rule& rule;
  std::set<std::string> unknown;  // facts that were needed and not present
};

// An operand's value, or null when it reads a fact that is not present (recorded in e.unknown).
const rapidjson::Value* operand(Eval& e, const rapidjson::Value& v, rapidjson::Value& scratch) {
  if (v.IsObject() && v.HasMember("fact")) {
    const std::string path = v["fact"].GetString();
    const rapidjson::Value* fact = e.facts.find(path);
    if (fact == nullptr || std::string_view((*fact)["status"].GetString()) != "present") {
      e.unknown.insert(path);
      return nullptr;
    }
    return &(*fact)["value"];
  }
  if (v.IsObject() && v.HasMember("count")) {
    rapidjson::Value inner;
    const rapidjson::Value* list = operand(e, v["count"], inner);
    if (list == nullptr) return nullptr;
    scratch.SetInt64(list->IsArray() ? list->Size() : 0);
    return &scratch;
  }
  return &v;
}

std::vector<std::uint64_t> version_parts(std::string_view s) {
  std::vector<std::uint64_t> parts;
  std::uint64_t n = 0;
  bool digits = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      n = std::min<std::uint64_t>(n * 10 + static_cast<std::uint64_t>(c - '0'), 1'000'000'000);
      digits = true;
    } else if (c == '.') {
      parts.push_back(n);
      n = 0;
      digits = false;
    } else {
      break;
    }
  }
  if (digits || !parts.empty()) parts.push_back(n);
  while (!parts.empty() && parts.back() == 0) parts.pop_back();
  return parts;
}

Tri compare(const std::string& op, const rapidjson::Value& a, const rapidjson::Value& b) {
  auto tri = [](bool v) { return v ? Tri::yes : Tri::no; };
  if (op == "version_lt" || op == "version_ge") {
    if (!a.IsString() || !b.IsString()) return Tri::no;
    const bool lt = version_parts(a.GetString()) < version_parts(b.GetString());
    return tri(op == "version_lt" ? lt : !lt);
  }
  int cmp = 0;
  if (a.IsNumber() && b.IsNumber()) {
    const double x = a.GetDouble(), y = b.GetDouble();
    cmp = x < y ? -1 : x > y ? 1 : 0;
  } else if (a.IsString() && b.IsString()) {
    cmp = std::string_view(a.GetString(), a.GetStringLength()).compare(std::string_view(b.GetString(), b.GetStringLength()));
  } else if (a.IsBool() && b.IsBool() && (op == "eq" || op == "ne")) {
    cmp = a.GetBool() == b.GetBool() ? 0 : 1;
  } else if (a.IsNull() || b.IsNull()) {
    // null equals only null; an ordering against null is false.
    if (op == "eq") return tri(a.IsNull() && b.IsNull());
    if (op == "ne") return tri(!(a.IsNull() && b.IsNull()));
    return Tri::no;
  } else {
    return op == "ne" ? Tri::yes : Tri::no;  // different types are never equal
  }
  if (op == "eq") return tri(cmp == 0);
  if (op == "ne") return tri(cmp != 0);
  if (op == "lt") return tri(cmp < 0);
  if (op == "le") return tri(cmp <= 0);
  if (op == "gt") return tri(cmp > 0);
  return tri(cmp >= 0);
}

Tri eval_condition(Eval& e, const rapidjson::Value& c) {
  const std::string op = c.MemberBegin()->name.GetString();
  const rapidjson::Value& arg = c.MemberBegin()->value;
  if (op == "all" || op == "any") {
    const bool want_all = op == "all";
    bool any_unknown = false;
    for (const auto& sub : arg.GetArray()) {
      const Tri r = eval_condition(e, sub);
      if (want_all && r == Tri::no) return Tri::no;
      if (!want_all && r == Tri::yes) return Tri::yes;
      any_unknown = any_unknown || r == Tri::unknown;
    }
    if (any_unknown) return Tri::unknown;
    return want_all ? Tri::yes : Tri::no;
  }
  if (op == "not") {
    const Tri r = eval_condition(e, arg);
    return r == Tri::unknown ? r : (r == Tri::yes ? Tri::no : Tri::yes);
  }
  rapidjson::Value s1, s2;
  if (op == "exists") {
    rapidjson::Value ref(rapidjson::kObjectType);
    const rapidjson::Value* fact = e.facts.find(arg.GetString());
    if (fact == nullptr || std::string_view((*fact)["status"].GetString()) != "present") {
      e.unknown.insert(arg.GetString());
      return Tri::unknown;
    }
    return (*fact)["value"].IsNull() ? Tri::no : Tri::yes;
  }
  if (op == "truthy") {
    const rapidjson::Value* v = operand(e, arg, s1);
    if (v == nullptr) return Tri::unknown;
    if (v->IsBool()) return v->GetBool() ? Tri::yes : Tri::no;
    if (v->IsNumber()) return v->GetDouble() != 0 ? Tri::yes : Tri::no;
    if (v->IsString()) return v->GetStringLength() != 0 ? Tri::yes : Tri::no;
    if (v->IsArray()) return v->Empty() ? Tri::no : Tri::yes;
    return Tri::no;
  }
  if (op == "matches" || op == "any_matches") {
    const rapidjson::Value* v = operand(e, arg[0], s1);
    if (v == nullptr) return Tri::unknown;
    const RE2& re = *e.rule.patterns.find(std::string_view(arg[1].GetString()))->second;
    auto match = [&](const rapidjson::Value& s) {
      return s.IsString() && RE2::PartialMatch(re2::StringPiece(s.GetString(), s.GetStringLength()), re);
    };
    if (op == "matches") return match(*v) ? Tri::yes : Tri::no;
    if (!v->IsArray()) return Tri::no;
    for (const auto& item : v->GetArray()) {
      if (match(item)) return Tri::yes;
    }
    return Tri::no;
  }
  const rapidjson::Value* a = operand(e, arg[0], s1);
  const rapidjson::Value* b = operand(e, arg[1], s2);
  if (a == nullptr || b == nullptr) return Tri::unknown;
  return compare(op, *a, *b);
}

std::string render(const rapidjson::Value& v) {
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsBool()) return v.GetBool() ? "yes" : "no";
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsUint64()) return std::to_string(v.GetUint64());
  if (v.IsNumber()) {
    std::ostringstream s;
    s << v.GetDouble();
    return s.str();
  }
  if (v.IsNull()) return "(none)";
  if (v.IsArray()) {
    if (v.Empty()) return "(none)";
    std::string out;
    for (const auto& item : v.GetArray()) {
      if (!out.empty()) out += ", ";
      out += item.IsObject() && item.HasMember("name") ? render(item["name"]) : render(item);
    }
    return out;
  }
  return "{…}";
}

std::string interpolate(const std::string& templ, const facts::Facts& facts) {
  std::string out;
  std::size_t i = 0;
  while (i < templ.size()) {
    const std::size_t open = templ.find('{', i);
    const std::size_t close = open == std::string::npos ? std::string::npos : templ.find('}', open);
    if (close == std::string::npos) {
      out.append(templ, i);
      break;
    }
    out.append(templ, i, open - i);
    const std::string path = templ.substr(open + 1, close - open - 1);
    const rapidjson::Value* fact = facts.find(path);
    if (fact != nullptr && std::string_view((*fact)["status"].GetString()) == "present") {
      out += render((*fact)["value"]);
    } else {
      out += "(unknown)";
    }
    i = close + 1;
  }
  return out;
}

std::string fact_source(const facts::Facts& facts, const std::string& path) {
  const rapidjson::Value* fact = facts.find(path);
  if (fact == nullptr) return "(never collected)";
  return (*fact)["source"].GetString();
}

}  // namespace

const char* severity_name(Severity severity) noexcept {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "info";
  }
  return "info";
}

RuleSet::RuleSet() = default;
RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;
RuleSet::~RuleSet() = default;

std::size_t RuleSet::size() const noexcept { return m_rules.size(); }

std::vector<std::string> RuleSet::ids() const {
  std::vector<std::string> ids;
  for (const auto& r : m_rules) ids.push_back(r.id);
  return ids;
}

Result<RuleSet> RuleSet::builtin() {
  RuleSet set;
  for (const auto& file : embedded_rule_files()) {
    if (auto r = set.add_file(file.text, std::string("rules/") + file.name); !r) return r.error();
  }
  return set;
}

Result<void> RuleSet::add_file(std::string_view text, const std::string& file) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseCommentsFlag | rapidjson::kParseTrailingCommasFlag | rapidjson::kParseIterativeFlag>(
      text.data(), text.size());
  if (doc.HasParseError()) {
    return make_error(Errc::format, std::string("not valid JSON: ") + rapidjson::GetParseError_En(doc.GetParseError()),
                      file + ":" + std::to_string(line_of(text, doc.GetErrorOffset())));
  }
  if (!doc.IsObject() || !doc.HasMember("rules") || !doc["rules"].IsArray()) {
    return make_error(Errc::format, "a rule file is an object {\"rules\": [...]}", file + ":1");
  }
  std::set<std::string> seen;
  for (auto& r : doc["rules"].GetArray()) {
    if (!r.IsObject()) return make_error(Errc::format, "each rule is an object", file);
    Rule rule;
    rule.file = file;
    auto text_field = [&](const char* key, std::string& out) -> Result<void> {
      if (!r.HasMember(key) || !r[key].IsString() || r[key].GetStringLength() == 0) {
        const std::string who = r.HasMember("id") && r["id"].IsString() ? r["id"].GetString() : "?";
        return make_error(Errc::format, std::string("rule ") + who + ": '" + key + "' must be a non-empty string",
                          r.HasMember("id") && r["id"].IsString() ? where_rule(text, file, who) : file);
      }
      out = r[key].GetString();
      return {};
    };
    for (const char* key : {"id", "title", "section", "message"}) {
      std::string* target = std::string_view(key) == "id" ? &rule.id
                            : std::string_view(key) == "title" ? &rule.title
                            : std::string_view(key) == "section" ? &rule.section : &rule.message;
      if (auto ok = text_field(key, *target); !ok) return ok.error();
    }
    const std::string at = where_rule(text, file, rule.id);
    if (!is_rule_id(rule.id)) return make_error(Errc::format, "rule id '" + rule.id + "' is not UPPER_SNAKE_CASE", at);
    if (!seen.insert(rule.id).second) return make_error(Errc::format, "rule id '" + rule.id + "' defined twice", at);
    if (rule.section.rfind("BKMK_", 0) != 0 && rule.section.rfind("BPA:", 0) != 0 && rule.section != "collection") {
      return make_error(Errc::format, "rule " + rule.id + ": 'section' must be a BKMK_ anchor or 'BPA:<area>'", at);
    }
    std::string severity;
    if (auto ok = text_field("severity", severity); !ok) return ok.error();
    if (severity == "error") rule.severity = Severity::error;
    else if (severity == "warning") rule.severity = Severity::warning;
    else if (severity == "info") rule.severity = Severity::info;
    else return make_error(Errc::format, "rule " + rule.id + ": severity must be error, warning or info", at);
    if (!r.HasMember("remediation") || !r["remediation"].IsArray() || r["remediation"].Empty()) {
      return make_error(Errc::format, "rule " + rule.id + ": 'remediation' must be a non-empty array of steps", at);
    }
    for (const auto& step : r["remediation"].GetArray()) {
      if (!step.IsString()) return make_error(Errc::format, "rule " + rule.id + ": remediation steps are strings", at);
      rule.remediation.emplace_back(step.GetString());
    }
    if (!r.HasMember("when")) return make_error(Errc::format, "rule " + rule.id + ": 'when' is missing", at);
    rule.when = std::make_shared<rapidjson::Document>();
    rule.when->CopyFrom(r["when"], rule.when->GetAllocator());
    if (auto ok = check_condition(*rule.when, rule, "when", 0); !ok) {
      return make_error(Errc::format, "rule " + rule.id + ": " + ok.error().where + ": " + ok.error().message, at);
    }
    for (auto m = r.MemberBegin(); m != r.MemberEnd(); ++m) {
      const std::string_view key = m->name.GetString();
      if (key != "id" && key != "severity" && key != "title" && key != "section" && key != "message" &&
          key != "remediation" && key != "when") {
        return make_error(Errc::format, "rule " + rule.id + ": unknown field '" + std::string(key) + "'", at);
      }
    }
    auto existing = std::find_if(m_rules.begin(), m_rules.end(), [&](const Rule& x) { return x.id == rule.id; });
    if (existing != m_rules.end()) *existing = std::move(rule);
    else m_rules.push_back(std::move(rule));
  }
  return {};
}

Result<void> RuleSet::add_directory(const std::string& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  }
  if (ec) return make_error(Errc::io, "cannot list rule directory: " + ec.message(), dir);
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) return make_error(Errc::io, "cannot read", path.string());
    if (auto r = add_file(text, path.string()); !r) return r;
  }
  return {};
}

std::vector<Finding> RuleSet::evaluate(const facts::Facts& facts) const {
  std::vector<Finding> findings;
  for (const auto& rule : m_rules) {
    Eval e{facts, rule, {}};
    const Tri result = eval_condition(e, *rule.when);
    if (result == Tri::no) continue;
    Finding f;
    f.rule_id = rule.id;
    f.section = rule.section;
    if (result == Tri::yes) {
      f.severity = rule.severity;
      f.category = "rule";
      f.title = rule.title;
      f.message = interpolate(rule.message, facts);
      f.remediation = rule.remediation;
      std::set<std::string> shown;
      for (const auto& path : rule.facts) {
        if (!shown.insert(path).second) continue;
        const rapidjson::Value* fact = facts.find(path);
        const bool present = fact != nullptr && std::string_view((*fact)["status"].GetString()) == "present";
        f.evidence.push_back({path, present ? render((*fact)["value"]) : "(unknown)", fact_source(facts, path)});
      }
    } else {
      // Not a silent pass: say which rule could not be checked and what to re-collect.
      f.severity = Severity::warning;
      f.category = "collection";
      f.title = "Not checked: " + rule.title;
      std::set<std::string> artifacts;
      for (const auto& path : e.unknown) {
        const rapidjson::Value* fact = facts.find(path);
        std::string reason = fact && fact->HasMember("reason") ? (*fact)["reason"].GetString() : "not collected";
        std::string source = fact_source(facts, path);
        f.evidence.push_back({path, reason, source});
        artifacts.insert(source.substr(0, source.find(':')));
      }
      std::string list;
      for (const auto& a : artifacts) list += (list.empty() ? "" : ", ") + a;
      f.message = "Rule " + rule.id + " could not be evaluated because facts it needs were not available (" +
                  list + ").";
      f.remediation = {"Re-run migready-collect.exe on the server (as a domain administrator) and check that " +
                           list + " is collected without errors.",
                       "Then analyze the new bundle."};
    }
    findings.push_back(std::move(f));
  }
  return findings;
}

}  // namespace migready::rules
