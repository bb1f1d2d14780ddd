// Loading: a rule file's text becomes checked Rules (rules/model.hpp), or errors that each name "file:line".
// rapidjson parses the text into a DOM (comments and trailing commas allowed) while the Recorder notes where
// each value and key ends, so that any value of the DOM maps back to its line. The Loader then checks every
// rule against the language of docs/rules.md: keys, operators and operands, RE2 patterns, templates and their
// filters, and every fact path against the fact catalogue (facts/catalogue.hpp), with the types each
// operator can take. Relies on value_text (date literals, the condition as shown by `rules show`),
// sections.hpp (known section ids) and contract/version.hpp (version literals); evaluates nothing.
#include "rules/load.hpp"

#include <rapidjson/encodedstream.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "core/json.hpp"
#include "contract/version.hpp"
#include "core/json_sax.hpp"
#include "platform/platform.hpp"
#include "rules/fix.hpp"
#include "rules/sections.hpp"
#include "rules/value_text.hpp"

namespace migready::rules {

namespace {

constexpr int kMaxConditionDepth = 32;
constexpr int kMaxJsonDepth = 64;
constexpr std::size_t kMaxRuleFileBytes = std::size_t{4} << 20;
constexpr long kMaxAddDays = 36500;
constexpr rapidjson::SizeType kMaxFixSteps = 8;

constexpr std::pair<std::string_view, Op> kOps[] = {
    {"all", Op::all},
    {"any", Op::any},
    {"not", Op::not_},
    {"eq", Op::eq},
    {"ne", Op::ne},
    {"lt", Op::lt},
    {"le", Op::le},
    {"gt", Op::gt},
    {"ge", Op::ge},
    {"version_lt", Op::version_lt},
    {"version_ge", Op::version_ge},
    {"date_lt", Op::date_lt},
    {"date_le", Op::date_le},
    {"date_gt", Op::date_gt},
    {"date_ge", Op::date_ge},
    {"matches", Op::matches},
    {"any_matches", Op::any_matches},
    {"in", Op::in},
    {"some", Op::some},
    {"every", Op::every},
    {"exists", Op::exists},
    {"truthy", Op::truthy},
};

// ---- names ----------------------------------------------------------------------------------------------

bool is_word(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// "a.b_c.d": words joined by single dots.
bool is_dotted(std::string_view s) {
  if (s.empty() || s.size() > 200) return false;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = s.find('.', start);
    if (!is_word(s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool is_rule_id(std::string_view id) {
  if (id.empty() || id.size() > 64 || !(id[0] >= 'A' && id[0] <= 'Z')) return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; });
}

// ---- the loader -----------------------------------------------------------------------------------------

// Forwards SAX events to a Document and records where each value and key ends, so that a value of the
// finished DOM can be mapped back to its line (see Loader::number_lines).
class Recorder : public SaxToDocument<Recorder> {
 public:
  Recorder(json::Document& doc, const std::function<std::size_t()>& tell) : SaxToDocument(doc), m_tell(tell) {}

  std::vector<std::size_t> offsets;  // one per value and key, in document order
  bool too_deep = false;

 private:
  friend class SaxToDocument<Recorder>;
  void close() { --m_depth; }
  bool mark() {
    offsets.push_back(m_tell());
    return true;
  }
  bool open() {
    if (++m_depth > kMaxJsonDepth) {
      too_deep = true;
      return false;
    }
    return mark();
  }
  const std::function<std::size_t()>& m_tell;
  int m_depth = 0;
};

class Loader {
 public:
  Loader(std::string_view text, std::string file, const facts::Catalogue& catalogue)
      : m_text(text), m_file(std::move(file)), m_catalogue(catalogue) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') m_newlines.push_back(i);
    }
  }

  FileRules load();

 private:
  std::string line_at(std::size_t offset) const {
    const auto n = std::lower_bound(m_newlines.begin(), m_newlines.end(), offset) - m_newlines.begin();
    return m_file + ":" + std::to_string(n + 1);
  }
  std::string at(const Value& v) const {
    auto it = m_value_offset.find(&v);
    return it == m_value_offset.end() ? m_file : line_at(it->second);
  }
  std::string at_key(const Value& member_value) const {
    auto it = m_key_offset.find(&member_value);
    return it == m_key_offset.end() ? at(member_value) : line_at(it->second);
  }
  void number_lines(const Value& v, const std::vector<std::size_t>& offsets, std::size_t& i);

  // Each returns false after recording the error in m_error.
  bool fail(std::string where, std::string message) {
    m_error = Error{Errc::format, m_prefix + std::move(message), std::move(where)};
    return false;
  }
  bool rule(const Value& r, Rule& out);
  bool text_field(const Value& r, const char* key, std::string& out);
  bool condition(const Value& c, Cond& out, int scope, int depth, const std::string& ctx, Rule& rule);
  bool operand(const Value& v, Operand& out, int scope, int depth, const std::string& ctx, Rule& rule,
               bool array_ok = false);
  bool list(const Value& v, Operand& out, std::shared_ptr<Cond>& where, bool where_required, int scope, int depth,
            const std::string& ctx, Rule& rule);
  bool source(std::string_view key, const Value& v, Operand& out, int scope, const std::string& ctx, Rule& rule);
  bool date_operand(const Operand& o, const std::string& ctx);
  bool declared(const Value& at_value, std::string_view path, const std::string& ctx, facts::FactTypes& types);
  bool require(const Operand& o, const Value& at_value, facts::FactTypes accepted, const std::string& ctx,
               std::string_view what);
  bool comparable(const Operand& fact, const Operand& other, const Value& at_value, const std::string& ctx);
  bool templ(const Value& v, Template& out, int scope, const std::string& ctx);
  bool command_template(const Value& v, Template& out, std::string& syntax_source, int scope, const std::string& ctx);
  bool fix_step(const Value& v, FixSpec& out, int scope, const std::string& ctx);
  bool reference(std::string_view text, Ref& out, int scope, const Value& at_value, const std::string& ctx);

  std::string_view m_text;
  std::string m_file;
  const facts::Catalogue& m_catalogue;
  std::vector<std::size_t> m_newlines;
  std::shared_ptr<json::Document> m_shared = std::make_shared<json::Document>();
  json::Document& m_doc = *m_shared;  // the rules' literals point into it; each Rule keeps it alive
  std::unordered_map<const Value*, std::size_t> m_value_offset, m_key_offset;
  std::optional<Error> m_error;
  const Value* m_duplicate_key = nullptr;  // the first key written twice in one object, and its value
  const Value* m_duplicate_value = nullptr;
  std::string m_prefix;  // "rule ID: " while checking a rule
};

void Loader::number_lines(const Value& v, const std::vector<std::size_t>& offsets, std::size_t& i) {
  if (i < offsets.size()) m_value_offset[&v] = offsets[i];
  ++i;
  if (v.IsObject()) {
    std::set<std::string_view> keys;
    for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
      if (!keys.emplace(m->name.GetString(), m->name.GetStringLength()).second && m_duplicate_key == nullptr) {
        m_duplicate_key = &m->name;
        m_duplicate_value = &m->value;
      }
      if (i < offsets.size()) m_key_offset[&m->value] = offsets[i];
      ++i;
      number_lines(m->value, offsets, i);
    }
  } else if (v.IsArray()) {
    for (const auto& e : v.GetArray()) number_lines(e, offsets, i);
  }
}

FileRules Loader::load() {
  FileRules out;
  rapidjson::MemoryStream ms(m_text.data(), m_text.size());
  rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> is(ms);  // skips a UTF-8 BOM
  const std::function<std::size_t()> tell = [&ms] { return ms.Tell(); };
  Recorder recorder(m_doc, tell);
  rapidjson::ParseResult parsed;
  auto generate = [&](json::Document&) {
    json::Reader reader;
    parsed = reader.Parse<rapidjson::kParseCommentsFlag | rapidjson::kParseTrailingCommasFlag |
                          rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(is, recorder);
    return !parsed.IsError();
  };
  m_doc.Populate(generate);
  if (parsed.IsError()) {
    out.errors.push_back(Error{Errc::format,
                               recorder.too_deep
                                   ? "JSON nested deeper than " + std::to_string(kMaxJsonDepth)
                                   : std::string("not valid JSON: ") + rapidjson::GetParseError_En(parsed.Code()),
                               line_at(std::min(parsed.Offset(), m_text.empty() ? 0 : m_text.size() - 1))});
    return out;
  }
  std::size_t i = 0;
  number_lines(m_doc, recorder.offsets, i);
  if (m_duplicate_key != nullptr) {
    out.errors.push_back(Error{Errc::format, "duplicate key '" + std::string(m_duplicate_key->GetString()) + "'",
                               at_key(*m_duplicate_value)});
    return out;
  }

  if (!m_doc.IsObject() || !m_doc.HasMember("rules") || !m_doc["rules"].IsArray()) {
    out.errors.push_back(Error{Errc::format, "a rule file is an object {\"rules\": [...]}", at(m_doc)});
    return out;
  }
  for (auto m = m_doc.MemberBegin(); m != m_doc.MemberEnd(); ++m) {
    const std::string_view key = m->name.GetString();
    if (key == "$schema" && m->value.IsString()) continue;
    if (key != "rules") {
      out.errors.push_back(Error{Errc::format, "unknown key '" + std::string(key) + "' (a rule file holds \"rules\")",
                                 at_key(m->value)});
    }
  }
  std::map<std::string, std::string> seen;  // id -> where
  for (const auto& r : m_doc["rules"].GetArray()) {
    Rule rule;
    m_prefix.clear();
    m_error.reset();
    if (!this->rule(r, rule)) {
      out.errors.push_back(*m_error);
      continue;
    }
    auto [it, fresh] = seen.emplace(rule.id, rule.where);
    if (!fresh) {
      out.errors.push_back(
          Error{Errc::format, "rule id '" + rule.id + "' defined twice (first at " + it->second + ")", at(r["id"])});
      continue;
    }
    out.rules.push_back(std::move(rule));
  }
  return out;
}

bool Loader::text_field(const Value& r, const char* key, std::string& out) {
  auto it = r.FindMember(key);
  if (it == r.MemberEnd()) return fail(at(r), std::string("'") + key + "' is missing");
  if (!it->value.IsString() || it->value.GetStringLength() == 0) {
    return fail(at(it->value), std::string("'") + key + "' must be a non-empty string");
  }
  out.assign(it->value.GetString(), it->value.GetStringLength());
  return true;
}

bool Loader::rule(const Value& r, Rule& out) {
  if (!r.IsObject()) return fail(at(r), "each rule is an object");
  out.where = at(r);
  out.json = m_shared;
  if (!text_field(r, "id", out.id)) return false;
  if (!is_rule_id(out.id)) return fail(at(r["id"]), "rule id '" + out.id + "' is not UPPER_SNAKE_CASE (at most 64)");
  m_prefix = "rule " + out.id + ": ";
  static constexpr std::string_view kKeys[] = {"id",          "severity", "title",    "section", "message",
                                               "remediation", "when",     "for_each", "subject", "cause",
                                               "fix"};
  for (auto m = r.MemberBegin(); m != r.MemberEnd(); ++m) {
    const std::string_view key(m->name.GetString(), m->name.GetStringLength());
    if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys)) {
      return fail(at_key(m->value), "unknown key '" + std::string(key) +
                                        "' (a rule has id, severity, title, section, message, remediation, when, "
                                        "for_each, subject, cause, fix)");
    }
  }
  std::string severity;
  if (!text_field(r, "severity", severity)) return false;
  if (severity == "error")
    out.severity = Severity::error;
  else if (severity == "warning")
    out.severity = Severity::warning;
  else if (severity == "info")
    out.severity = Severity::info;
  else
    return fail(at(r["severity"]), "unknown severity '" + severity + "' (error, warning or info)");
  if (!text_field(r, "title", out.title) || !text_field(r, "section", out.section)) return false;
  if (find_section(out.section) == nullptr) {
    return fail(at(r["section"]), "unknown section '" + out.section +
                                      "' (a BKMK_ anchor of the document, a BPA area or 'collection': see "
                                      "analyzer/rules/sections.cpp)");
  }

  int scope = 0;
  if (auto fe = r.FindMember("for_each"); fe != r.MemberEnd()) {
    const Value& v = fe->value;
    if (!v.IsObject() || v.MemberCount() != 1 || !v.HasMember("fact")) {
      return fail(at(v), "'for_each' is {\"fact\": \"path\"} naming an array fact");
    }
    if (!v["fact"].IsString() || !is_dotted(v["fact"].GetString())) {
      return fail(at(v["fact"]), "for_each: a fact path is words joined by dots, e.g. \"netdiag.failed_tests\"");
    }
    out.for_each = v["fact"].GetString();
    facts::FactTypes types = kAnyType;
    if (!declared(v["fact"], out.for_each, "for_each", types)) return false;
    if ((types & facts::kArray) == 0) {
      return fail(at(v["fact"]), "for_each: iterates an array fact, but '" + out.for_each + "' is " +
                                     facts::fact_types_name(types));
    }
    out.facts.push_back(out.for_each);
    scope = 1;
  }
  if (auto w = r.FindMember("when"); w != r.MemberEnd()) {
    out.when = std::make_shared<Cond>();
    if (!condition(w->value, *out.when, scope, 0, "when", out)) return false;
    readable_json(w->value, 0, out.when_json);
  } else if (scope == 0) {
    return fail(at(r), "'when' is missing (only a for_each rule may leave it out)");
  }

  if (!text_field(r, "message", out.message.text)) return false;
  if (!templ(r["message"], out.message, scope, "message")) return false;
  if (auto s = r.FindMember("subject"); s != r.MemberEnd()) {
    if (scope == 0) return fail(at_key(s->value), "'subject' names the element of a for_each rule; this rule has none");
    if (!text_field(r, "subject", out.subject.text) || !templ(s->value, out.subject, scope, "subject")) return false;
  }
  if (auto c = r.FindMember("cause"); c != r.MemberEnd()) {
    if (!text_field(r, "cause", out.cause.text) || !templ(c->value, out.cause, scope, "cause")) return false;
  }
  auto rem = r.FindMember("remediation");
  if (rem == r.MemberEnd()) return fail(at(r), "'remediation' is missing");
  if (!rem->value.IsArray() || rem->value.Empty())
    return fail(at(rem->value), "'remediation' must be a non-empty array of steps");
  for (rapidjson::SizeType i = 0; i < rem->value.Size(); ++i) {
    const Value& step = rem->value[i];
    if (!step.IsString() || step.GetStringLength() == 0)
      return fail(at(step), "remediation steps are non-empty strings");
    Template t;
    t.text = step.GetString();
    if (!templ(step, t, scope, "remediation[" + std::to_string(i) + "]")) return false;
    out.remediation.push_back(std::move(t));
  }
  if (auto fx = r.FindMember("fix"); fx != r.MemberEnd()) {
    if (!fx->value.IsArray() || fx->value.Empty() || fx->value.Size() > kMaxFixSteps) {
      return fail(at(fx->value), "'fix' is a non-empty array of at most " + std::to_string(kMaxFixSteps) + " steps");
    }
    for (rapidjson::SizeType i = 0; i < fx->value.Size(); ++i) {
      FixSpec step;
      if (!fix_step(fx->value[i], step, scope, "fix[" + std::to_string(i) + "]")) return false;
      out.fix.push_back(std::move(step));
    }
  }
  return true;
}

// A command template: a template (its placeholders checked like any other) whose literal text holds nothing
// cmd.exe would act on, in one of the documented syntaxes (fix_syntax.cpp).
bool Loader::command_template(const Value& v, Template& out, std::string& syntax_source, int scope,
                              const std::string& ctx) {
  if (!v.IsString() || v.GetStringLength() == 0 || v.GetStringLength() > 400) {
    return fail(at(v), ctx + ": a command is a non-empty string of at most 400 characters");
  }
  out.text.assign(v.GetString(), v.GetStringLength());
  if (!templ(v, out, scope, ctx)) return false;
  for (const auto& p : out.pieces) {
    if (p.ref) continue;
    for (const char c : p.text) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u > 0x7e || std::string_view("&|<>^!()`").find(c) != std::string_view::npos) {
        return fail(at(v), ctx + ": a command holds printable ASCII without & | < > ^ ! ( ) `: one command, "
                                 "no redirection or chaining");
      }
    }
  }
  const SyntaxMatch match = check_command_syntax(out.text);
  if (!match.ok) return fail(at(v), ctx + ": '" + out.text + "' " + match.message);
  syntax_source = match.source;
  return true;
}

bool Loader::fix_step(const Value& v, FixSpec& out, int scope, const std::string& ctx) {
  static const std::string kShape =
      "a fix step is {\"title\", \"command\", \"guard\": [{\"command\", \"done_if\"}] or "
      "\"repeatable\": why, \"risk\", \"undo\", \"source\"}";
  if (!v.IsObject()) return fail(at(v), ctx + ": " + kShape);
  static constexpr std::string_view kKeys[] = {"title", "command", "guard", "repeatable", "risk", "undo", "source"};
  for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
    const std::string_view key(m->name.GetString(), m->name.GetStringLength());
    if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys)) {
      return fail(at_key(m->value), ctx + ": unknown key '" + std::string(key) + "'; " + kShape);
    }
  }
  auto text = [&](const char* key, std::string& s) {
    auto it = v.FindMember(key);
    if (it == v.MemberEnd()) return fail(at(v), ctx + ": '" + key + "' is missing; " + kShape);
    if (!it->value.IsString() || it->value.GetStringLength() == 0)
      return fail(at(it->value), ctx + "." + key + ": a non-empty string");
    s.assign(it->value.GetString(), it->value.GetStringLength());
    return true;
  };
  if (!text("title", out.title.text) || !templ(v["title"], out.title, scope, ctx + ".title") ||
      !text("source", out.source))
    return false;
  if (out.source.rfind("https://", 0) != 0 && out.source.rfind("http://", 0) != 0) {
    return fail(at(v["source"]), ctx + ".source: the URL of the KB article or TechNet page the command comes from");
  }
  if (!v.HasMember("command")) return fail(at(v), ctx + ": 'command' is missing; " + kShape);
  if (!command_template(v["command"], out.command, out.syntax_source, scope, ctx + ".command")) return false;
  for (const char* key : {"risk", "undo"}) {
    Template& t = std::string_view(key) == "risk" ? out.risk : out.undo;
    if (!text(key, t.text) || !templ(v[key], t, scope, ctx + "." + key)) return false;
  }
  const bool has_guard = v.HasMember("guard"), has_repeatable = v.HasMember("repeatable");
  if (has_guard == has_repeatable) {
    return fail(at(v), ctx + ": a step has either a 'guard' (read-only checks that say it is done) or "
                             "'repeatable' (why running it again is harmless), not both or neither");
  }
  if (has_repeatable) return text("repeatable", out.repeatable);
  const Value& g = v["guard"];
  if (!g.IsArray() || g.Empty() || g.Size() > 4) {
    return fail(at(g), ctx + ".guard: an array of one to four {\"command\", \"done_if\"}");
  }
  for (rapidjson::SizeType i = 0; i < g.Size(); ++i) {
    const std::string here = ctx + ".guard[" + std::to_string(i) + "]";
    const Value& c = g[i];
    static const std::string kCheck =
        ": {\"command\": a read-only command, \"done_if\": {\"line\": first word, \"word\": 1-8, \"is\": word}}";
    if (!c.IsObject() || c.MemberCount() != 2 || !c.HasMember("command") || !c.HasMember("done_if")) {
      return fail(at(c), here + kCheck);
    }
    FixCheckSpec check;
    std::string guard_source;
    if (!command_template(c["command"], check.command, guard_source, scope, here + ".command")) return false;
    const std::string_view verb(check.command.text);
    if (!(verb.rfind("sc qc ", 0) == 0 || verb.rfind("sc query ", 0) == 0 || verb.rfind("reg query ", 0) == 0 ||
          verb.rfind("dir ", 0) == 0)) {
      return fail(at(c["command"]), here + ".command: a guard only reads (sc qc, sc query, reg query, dir)");
    }
    const Value& d = c["done_if"];
    auto word = [](const Value& x) {
      bool ok = x.IsString() && x.GetStringLength() > 0 && x.GetStringLength() <= 64;
      for (rapidjson::SizeType k = 0; ok && k < x.GetStringLength(); ++k) {
        const char ch = x.GetString()[k];
        ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
             std::string_view("_.:,$-").find(ch) != std::string_view::npos;
      }
      return ok;
    };
    if (!d.IsObject() || d.MemberCount() != 3 || !d.HasMember("line") || !d.HasMember("word") || !d.HasMember("is") ||
        !word(d["line"]) || !word(d["is"]) || !d["word"].IsInt() || d["word"].GetInt() < 1 || d["word"].GetInt() > 8) {
      return fail(at(d), here + ".done_if: {\"line\": its first word, \"word\": 1 to 8, \"is\": that word}, each "
                                "word 1 to 64 letters, digits or _ . : , $ -");
    }
    check.line = d["line"].GetString();
    check.word = d["word"].GetInt();
    check.is = d["is"].GetString();
    if (check.word == 1 && check.line != check.is) {
      return fail(at(d), here + ".done_if: word 1 is the line's first word: \"is\" must equal \"line\"");
    }
    out.guard.push_back(std::move(check));
  }
  return true;
}

bool Loader::condition(const Value& c, Cond& out, int scope, int depth, const std::string& ctx, Rule& rule) {
  if (depth > kMaxConditionDepth)
    return fail(at(c), ctx + ": conditions nested deeper than " + std::to_string(kMaxConditionDepth));
  if (!c.IsObject() || c.MemberCount() != 1) {
    return fail(at(c), ctx + ": a condition is an object with exactly one operator, e.g. {\"eq\": [x, y]}");
  }
  const std::string name = c.MemberBegin()->name.GetString();
  const Value& arg = c.MemberBegin()->value;
  const std::string here = ctx + "." + name;
  auto op = std::find_if(std::begin(kOps), std::end(kOps), [&](const auto& p) { return p.first == name; });
  if (op == std::end(kOps)) {
    return fail(at_key(arg), ctx + ": unknown operator '" + name + "' (see docs/rules.md)");
  }
  out.op = op->second;
  switch (out.op) {
    case Op::all:
    case Op::any:
      if (!arg.IsArray() || arg.Empty()) return fail(at(arg), here + ": takes a non-empty array of conditions");
      out.subs.resize(arg.Size());
      for (rapidjson::SizeType i = 0; i < arg.Size(); ++i) {
        if (!condition(arg[i], out.subs[i], scope, depth + 1, here + "[" + std::to_string(i) + "]", rule)) return false;
      }
      return true;
    case Op::not_:
      out.subs.resize(1);
      return condition(arg, out.subs[0], scope, depth + 1, here, rule);
    case Op::exists:
      if (!arg.IsString() || !is_dotted(arg.GetString())) {
        return fail(at(arg), here + ": takes a fact path, words joined by dots, e.g. \"os.version\"");
      }
      out.path = arg.GetString();
      {
        facts::FactTypes types = kAnyType;
        if (!declared(arg, out.path, here, types)) return false;
      }
      if (std::find(rule.facts.begin(), rule.facts.end(), out.path) == rule.facts.end()) rule.facts.push_back(out.path);
      return true;
    case Op::truthy:
      out.args.resize(1);
      return operand(arg, out.args[0], scope, depth + 1, here, rule);
    case Op::matches:
    case Op::any_matches: {
      if (!arg.IsArray() || arg.Size() != 2 || !arg[1].IsString()) {
        return fail(at(arg), here + ": takes [operand, \"re2 pattern\"]");
      }
      RE2::Options options;
      options.set_log_errors(false);
      out.re = std::make_shared<RE2>(re2::StringPiece(arg[1].GetString(), arg[1].GetStringLength()), options);
      if (!out.re->ok()) return fail(at(arg[1]), here + ": bad pattern: " + out.re->error());
      out.args.resize(1);
      if (!operand(arg[0], out.args[0], scope, depth + 1, here + "[0]", rule)) return false;
      return out.op == Op::matches
                 ? require(out.args[0], arg[0], facts::kString | facts::kDate, here + "[0]", "matches a string")
                 : require(out.args[0], arg[0], facts::kArray, here + "[0]", "matches the strings of an array");
    }
    case Op::some:
    case Op::every:
      out.args.resize(1);
      out.subs.resize(1);
      {
        std::shared_ptr<Cond> where;
        if (!list(arg, out.args[0], where, true, scope, depth + 1, here, rule)) return false;
        if (!require(out.args[0], arg, facts::kArray, here, "iterates an array")) return false;
        out.subs[0] = std::move(*where);
      }
      return true;
    default:  // comparisons and in: [x, y]
      if (!arg.IsArray() || arg.Size() != 2) return fail(at(arg), here + ": takes [x, y]");
      out.args.resize(2);
      if (!operand(arg[0], out.args[0], scope, depth + 1, here + "[0]", rule)) return false;
      if (!operand(arg[1], out.args[1], scope, depth + 1, here + "[1]", rule, out.op == Op::in)) return false;
      if (out.op == Op::in && out.args[1].kind == Operand::Kind::literal && !out.args[1].literal->IsArray()) {
        return fail(at(arg[1]), here + "[1]: the list of 'in' is an array or an operand giving one");
      }
      if (out.op == Op::in) {
        // {"in": [{"fact": F}, []]} is the idiom for "false, or unknown when F was not read": any F goes.
        const bool presence_only = out.args[1].kind == Operand::Kind::literal && out.args[1].literal->Empty();
        if (!require(out.args[1], arg[1], facts::kArray, here + "[1]", "looks in an array") ||
            (!presence_only && !require(out.args[0], arg[0], ~(facts::kArray | facts::kObject), here + "[0]",
                                        "finds a single value in a list"))) {
          return false;
        }
        if (out.args[1].kind == Operand::Kind::literal) {
          for (const auto& e : out.args[1].literal->GetArray()) {
            Operand element;
            element.literal = &e;
            if (!comparable(out.args[0], element, e, here + "[1]")) return false;
          }
        }
        return true;
      }
      if (out.op >= Op::date_lt && out.op <= Op::date_ge) {
        for (rapidjson::SizeType i = 0; i < 2; ++i) {
          const std::string ctx_i = here + "[" + std::to_string(i) + "]";
          if (!date_operand(out.args[i], ctx_i) || !require(out.args[i], arg[i], facts::kDate, ctx_i, "compares dates"))
            return false;
        }
        return true;
      }
      if (out.op == Op::version_lt || out.op == Op::version_ge) {
        for (rapidjson::SizeType i = 0; i < 2; ++i) {
          const Operand& o = out.args[i];
          if (o.kind == Operand::Kind::literal &&
              (!o.literal->IsString() || contract::version_parts(o.literal->GetString()).empty())) {
            return fail(at(arg[i]), here + "[" + std::to_string(i) +
                                        "]: a version literal is a dotted number string, e.g. \"6.10.1129.0\"");
          }
          if (!require(o, arg[i], facts::kString, here + "[" + std::to_string(i) + "]",
                       "compares dotted version strings"))
            return false;
        }
      }
      if (out.op >= Op::lt && out.op <= Op::ge) {
        for (rapidjson::SizeType i = 0; i < 2; ++i) {
          const Operand& o = out.args[i];
          if (o.kind == Operand::Kind::literal && (o.literal->IsBool() || o.literal->IsNull())) {
            return fail(at(arg[i]), here + "[" + std::to_string(i) + "]: '" + name +
                                        "' orders numbers or strings; booleans and null compare with eq/ne");
          }
          if (!require(o, arg[i], facts::kInt | facts::kNumber, here + "[" + std::to_string(i) + "]",
                       "orders numbers (dates: date_*, versions: version_*)"))
            return false;
        }
      }
      for (rapidjson::SizeType i = 0; i < 2; ++i) {
        if (!comparable(out.args[i], out.args[1 - i], arg[1 - i], here + "[" + std::to_string(1 - i) + "]"))
          return false;
      }
      return true;
  }
}

// A literal where a date is expected must be one.
bool Loader::date_operand(const Operand& o, const std::string& ctx) {
  if (o.kind != Operand::Kind::literal) return true;
  if (o.literal->IsString() && contract::parse_iso_instant(o.literal->GetString())) return true;
  return fail(at(*o.literal),
              ctx + ": a date literal is \"YYYY-MM-DD\", \"YYYY-MM-DDThh:mm[:ss]\", optionally ending in Z (UTC)");
}

// A fact path must name a declared fact (analyzer/facts/catalogue.cpp), or continue into one that can be an
// object. `types` gets what its value can be (anything for a field inside a fact's value).
bool Loader::declared(const Value& at_value, std::string_view path, const std::string& ctx, facts::FactTypes& types) {
  const auto match = m_catalogue.find(path);
  if (match.spec == nullptr) {
    const std::string_view near = m_catalogue.nearest(path);
    return fail(at(at_value), ctx + ": unknown fact '" + std::string(path) + "'" +
                                  (near.empty() ? "" : " (did you mean '" + std::string(near) + "'?)") +
                                  "; facts are declared in analyzer/facts/catalogue.cpp and docs/facts.md");
  }
  if (match.rest.empty()) {
    types = match.spec->types;
    return true;
  }
  if ((match.spec->types & facts::kObject) == 0) {
    return fail(at(at_value), ctx + ": '" + std::string(path) + "' continues into the fact '" +
                                  std::string(match.fact) + "', which is " +
                                  facts::fact_types_name(match.spec->types) + ", not an object");
  }
  types = kAnyType;
  return true;
}

// An operator that cannot apply to what a fact holds is a mistake the rule would never show: it would just
// be false (or not checked) on every server.
bool Loader::require(const Operand& o, const Value& at_value, facts::FactTypes accepted, const std::string& ctx,
                     std::string_view what) {
  if (o.kind != Operand::Kind::fact || (o.types & accepted & ~facts::kNull) != 0) return true;
  return fail(at(at_value), ctx + ": " + std::string(what) + ", but the fact '" + o.path + "' is " +
                                facts::fact_types_name(o.types));
}

// A literal or fact compared with a fact must be of a type the fact can hold: "5.2" (a string) never equals
// 5.2, and a string fact never equals a number fact.
bool Loader::comparable(const Operand& fact, const Operand& other, const Value& at_value, const std::string& ctx) {
  // Numbers compare with numbers, strings (dates among them) with strings.
  auto widen = [](facts::FactTypes t) {
    if ((t & (facts::kInt | facts::kNumber)) != 0) t |= facts::kInt | facts::kNumber;
    if ((t & (facts::kString | facts::kDate)) != 0) t |= facts::kString | facts::kDate;
    return t & ~facts::kNull;
  };
  if (fact.kind != Operand::Kind::fact) return true;
  if (other.kind == Operand::Kind::fact) {
    if ((widen(fact.types) & widen(other.types)) != 0) return true;
    return fail(at(at_value), ctx + ": the fact '" + other.path + "' is " + facts::fact_types_name(other.types) +
                                  " and '" + fact.path + "' is " + facts::fact_types_name(fact.types) +
                                  ", so they never equal or order against each other");
  }
  if (other.kind != Operand::Kind::literal || other.literal->IsNull()) return true;
  const Value& v = *other.literal;
  const facts::FactTypes kind = v.IsBool()     ? facts::kBool
                                : v.IsNumber() ? facts::kInt | facts::kNumber
                                : v.IsString() ? facts::kString | facts::kDate
                                               : kAnyType;
  if ((fact.types & kind) != 0) return true;
  return fail(at(at_value), ctx + ": the fact '" + fact.path + "' is " + facts::fact_types_name(fact.types) +
                                ", so it never equals or orders against this literal");
}

bool Loader::source(std::string_view key, const Value& v, Operand& out, int scope, const std::string& ctx, Rule& rule) {
  if (key == "fact") {
    if (!v.IsString() || !is_dotted(v.GetString())) {
      return fail(at(v), ctx + ": a fact path is words joined by dots, e.g. \"os.version\"");
    }
    out.kind = Operand::Kind::fact;
    out.path = v.GetString();
    if (!declared(v, out.path, ctx, out.types)) return false;
    if (std::find(rule.facts.begin(), rule.facts.end(), out.path) == rule.facts.end()) rule.facts.push_back(out.path);
    return true;
  }
  const bool parent = key == "parent";
  if (!v.IsString() || (std::string_view(v.GetString()) != "." && !is_dotted(v.GetString()))) {
    return fail(at(v),
                ctx + ": {\"" + std::string(key) +
                    "\": field} names a field of the element (\"name\", \"a.b\"), or \".\" for the element itself");
  }
  if (scope < (parent ? 2 : 1)) {
    return fail(at(v), ctx + (parent ? ": 'parent' is the element of an enclosing iteration, and there is none here"
                                     : ": 'item' is only defined in a for_each rule or inside a 'where'"));
  }
  out.kind = parent ? Operand::Kind::parent : Operand::Kind::item;
  out.path = std::string_view(v.GetString()) == "." ? "" : v.GetString();
  return true;
}

bool Loader::operand(const Value& v, Operand& out, int scope, int depth, const std::string& ctx, Rule& rule,
                     bool array_ok) {
  if (depth > kMaxConditionDepth)
    return fail(at(v), ctx + ": nested deeper than " + std::to_string(kMaxConditionDepth));
  out.kind = Operand::Kind::literal;
  out.literal = &v;
  out.types = kAnyType;
  if (v.IsArray()) {
    if (!array_ok) return fail(at(v), ctx + ": an array literal is only allowed as the list of 'in'");
    for (const auto& e : v.GetArray()) {
      if (e.IsObject() || e.IsArray()) return fail(at(e), ctx + ": the list of 'in' holds literals only");
    }
    return true;
  }
  if (!v.IsObject()) return true;
  static const std::string kShapes =
      "an operand is a literal, {\"fact\": path}, {\"item\": field}, {\"parent\": field}, {\"count\": {...}}, "
      "{\"days_between\": [a, b]} or {\"to_utc\": [local, bias_minutes]}";
  if (v.MemberCount() != 1) return fail(at(v), ctx + ": " + kShapes);
  const auto m = v.MemberBegin();
  const std::string key = m->name.GetString();
  if (key == "fact" || key == "item" || key == "parent") return source(key, m->value, out, scope, ctx, rule);
  if (key == "count") {
    out.kind = Operand::Kind::count;
    out.types = facts::kInt;
    out.args.resize(1);
    return list(m->value, out.args[0], out.where, false, scope, depth + 1, ctx + ".count", rule) &&
           require(out.args[0], m->value, facts::kArray, ctx + ".count", "counts the elements of an array");
  }
  if (key == "days_between" || key == "to_utc") {
    const std::string here = ctx + "." + key;
    if (!m->value.IsArray() || m->value.Size() != 2) {
      return fail(at(m->value),
                  here + (key == "to_utc" ? ": takes [local time, bias minutes]" : ": takes [date, date]"));
    }
    out.kind = key == "to_utc" ? Operand::Kind::to_utc : Operand::Kind::days_between;
    out.types = key == "to_utc" ? facts::kDate | facts::kNull : facts::kNumber | facts::kNull;
    out.args.resize(2);
    for (rapidjson::SizeType i = 0; i < 2; ++i) {
      if (!operand(m->value[i], out.args[i], scope, depth + 1, here + "[" + std::to_string(i) + "]", rule))
        return false;
    }
    if (!date_operand(out.args[0], here + "[0]") ||
        !require(out.args[0], m->value[0], facts::kDate, here + "[0]", "takes a date"))
      return false;
    if (out.kind == Operand::Kind::days_between) {
      return date_operand(out.args[1], here + "[1]") &&
             require(out.args[1], m->value[1], facts::kDate, here + "[1]", "takes a date");
    }
    if (!require(out.args[1], m->value[1], facts::kInt | facts::kNumber, here + "[1]", "takes a bias in minutes"))
      return false;
    if (out.args[1].kind == Operand::Kind::literal && !out.args[1].literal->IsNumber()) {
      return fail(at(m->value[1]), here + "[1]: the bias is a number of minutes (UTC = local + bias)");
    }
    return true;
  }
  return fail(at_key(m->value), ctx + ": unknown operand '" + key + "'; " + kShapes);
}

bool Loader::list(const Value& v, Operand& out, std::shared_ptr<Cond>& where, bool where_required, int scope, int depth,
                  const std::string& ctx, Rule& rule) {
  const std::string shape =
      where_required ? "{\"fact\": path, \"where\": condition} (or \"item\"/\"parent\": field)"
                     : "{\"fact\": path} (or \"item\"/\"parent\": field), with an optional \"where\": condition";
  if (!v.IsObject()) return fail(at(v), ctx + ": takes " + shape);
  const Value* where_value = nullptr;
  const Value* source_value = nullptr;
  std::string source_key;
  for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
    const std::string key = m->name.GetString();
    if (key == "where") {
      where_value = &m->value;
    } else if ((key == "fact" || key == "item" || key == "parent") && source_value == nullptr) {
      source_value = &m->value;
      source_key = key;
    } else {
      return fail(at_key(m->value), ctx + ": unexpected key '" + key + "'; takes " + shape);
    }
  }
  if (source_value == nullptr) return fail(at(v), ctx + ": no list given; takes " + shape);
  if (where_required && where_value == nullptr) return fail(at(v), ctx + ": 'where' is missing; takes " + shape);
  if (!source(source_key, *source_value, out, scope, ctx, rule)) return false;
  if (where_value != nullptr) {
    where = std::make_shared<Cond>();
    return condition(*where_value, *where, scope + 1, depth + 1, ctx + ".where", rule);
  }
  return true;
}

bool Loader::reference(std::string_view text, Ref& out, int scope, const Value& at_value, const std::string& ctx) {
  if (text == "item" || text.substr(0, 5) == "item.") {
    if (scope < 1) return fail(at(at_value), ctx + ": {" + std::string(text) + "} is only defined in a for_each rule");
    out.item = true;
    out.path = text.size() > 4 ? std::string(text.substr(5)) : std::string();
    if (text.size() > 4 && !is_dotted(out.path)) {
      return fail(at(at_value), ctx + ": {" + std::string(text) + "}: an element field is words joined by dots");
    }
    return true;
  }
  if (!is_dotted(text)) {
    return fail(at(at_value),
                ctx + ": {" + std::string(text) +
                    "} is not a fact path (words joined by dots) or item.field; write {{ for a literal '{'");
  }
  out.path = std::string(text);
  facts::FactTypes types = kAnyType;
  return declared(at_value, out.path, ctx + ": {" + std::string(text) + "}", types);
}

bool Loader::templ(const Value& v, Template& out, int scope, const std::string& ctx) {
  const std::string_view s(v.GetString(), v.GetStringLength());
  std::string literal;
  auto flush = [&] {
    if (literal.empty()) return;
    Piece p;
    p.text = std::move(literal);
    out.pieces.push_back(std::move(p));
    literal.clear();
  };
  for (std::size_t i = 0; i < s.size();) {
    if (s.compare(i, 2, "{{") == 0 || s.compare(i, 2, "}}") == 0) {
      literal += s[i];
      i += 2;
      continue;
    }
    if (s[i] != '{') {
      literal += s[i++];
      continue;
    }
    const std::size_t close = s.find('}', i);
    if (close == std::string_view::npos) {
      return fail(at(v), ctx + ": the '{' at character " + std::to_string(i + 1) +
                             " is not closed; write {{ for a literal '{'");
    }
    const std::string_view inner = s.substr(i + 1, close - i - 1);
    const std::size_t bar = inner.find('|');
    Piece p;
    p.ref.emplace();
    if (!reference(inner.substr(0, bar), *p.ref, scope, v, ctx)) return false;
    if (bar != std::string_view::npos) {
      const std::string_view filter = inner.substr(bar + 1);
      if (filter == "date") {
        p.filter = Piece::Filter::date;
      } else if (filter.substr(0, 9) == "add_days:") {
        const std::string n(filter.substr(9));
        const bool ok = !n.empty() && n.size() <= 6 &&
                        n.find_first_not_of("0123456789", n[0] == '-' || n[0] == '+' ? 1 : 0) == std::string::npos &&
                        n.size() > (n[0] == '-' || n[0] == '+' ? 1u : 0u);
        if (!ok || std::labs(std::stol(n)) > kMaxAddDays) {
          return fail(at(v), ctx + ": {" + std::string(inner) + "}: add_days takes a whole number of days, at most " +
                                 std::to_string(kMaxAddDays));
        }
        p.filter = Piece::Filter::add_days;
        p.days = std::stol(n);
      } else if (filter.substr(0, 8) == "days_to:") {
        p.filter = Piece::Filter::days_to;
        if (!reference(filter.substr(8), p.to, scope, v, ctx)) return false;
      } else if (filter.substr(0, 11) == "after_last:" && filter.size() > 11) {
        p.filter = Piece::Filter::after_last;
        p.after = std::string(filter.substr(11));
      } else {
        return fail(at(v), ctx + ": unknown filter '" + std::string(filter) + "' in {" + std::string(inner) +
                               "} (date, add_days:N, days_to:path, after_last:TEXT)");
      }
    }
    flush();
    out.pieces.push_back(std::move(p));
    i = close + 1;
  }
  flush();
  return true;
}

}  // namespace

FileRules load_rules(std::string_view text, std::string file, const facts::Catalogue& catalogue) {
  return Loader(text, std::move(file), catalogue).load();
}

Result<std::string> read_rule_file(const std::filesystem::path& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return make_error(Errc::io, "cannot read: " + ec.message(), platform::path_utf8(path));
  if (size > kMaxRuleFileBytes) {
    return make_error(Errc::limit, "a rule file is at most " + std::to_string(kMaxRuleFileBytes) + " bytes",
                      platform::path_utf8(path));
  }
  // An ifstream of a path opens it by its native name (_wfopen on Windows), never through the ANSI code page.
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return make_error(Errc::io, "cannot read", platform::path_utf8(path));
  return text;
}

Result<std::vector<std::filesystem::path>> rule_files(const std::string& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(platform::fs_path(dir), ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  }
  if (ec) return make_error(Errc::io, "cannot list rule directory: " + ec.message(), dir);
  // By the names' UTF-8 bytes, so both systems load a directory in one order (Windows paths are UTF-16).
  std::sort(files.begin(), files.end(), [](const std::filesystem::path& a, const std::filesystem::path& b) {
    return platform::path_utf8(a) < platform::path_utf8(b);
  });
  return files;
}

}  // namespace migready::rules
