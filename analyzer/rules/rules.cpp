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
#include "rules/model.hpp"
#include "rules/sections.hpp"
#include "rules/value_text.hpp"

namespace migready::rules {

namespace {

constexpr int kMaxConditionDepth = 32;
constexpr int kMaxJsonDepth = 64;
constexpr std::size_t kMaxRuleFileBytes = std::size_t{4} << 20;
constexpr long kMaxAddDays = 36500;

enum class Tri { no, yes, unknown };

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

// ---- paths ----------------------------------------------------------------------------------------------

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

// ---- loading --------------------------------------------------------------------------------------------

// Forwards SAX events to a Document and records where each value and key ends, so that a value of the
// finished DOM can be mapped back to its line (see Loader::number_lines).
class Recorder {
 public:
  using Ch = char;
  Recorder(rapidjson::Document& doc, const std::function<std::size_t()>& tell) : m_doc(doc), m_tell(tell) {}
  bool Null() { return mark() && m_doc.Null(); }
  bool Bool(bool b) { return mark() && m_doc.Bool(b); }
  bool Int(int i) { return mark() && m_doc.Int(i); }
  bool Uint(unsigned u) { return mark() && m_doc.Uint(u); }
  bool Int64(std::int64_t i) { return mark() && m_doc.Int64(i); }
  bool Uint64(std::uint64_t u) { return mark() && m_doc.Uint64(u); }
  bool Double(double d) { return mark() && m_doc.Double(d); }
  bool RawNumber(const Ch* s, rapidjson::SizeType n, bool copy) { return mark() && m_doc.RawNumber(s, n, copy); }
  bool String(const Ch* s, rapidjson::SizeType n, bool copy) { return mark() && m_doc.String(s, n, copy); }
  bool Key(const Ch* s, rapidjson::SizeType n, bool copy) { return mark() && m_doc.Key(s, n, copy); }
  bool StartObject() { return open() && m_doc.StartObject(); }
  bool EndObject(rapidjson::SizeType n) {
    --m_depth;
    return m_doc.EndObject(n);
  }
  bool StartArray() { return open() && m_doc.StartArray(); }
  bool EndArray(rapidjson::SizeType n) {
    --m_depth;
    return m_doc.EndArray(n);
  }

  std::vector<std::size_t> offsets;  // one per value and key, in document order
  bool too_deep = false;

 private:
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
  rapidjson::Document& m_doc;
  const std::function<std::size_t()>& m_tell;
  int m_depth = 0;
};

struct FileRules {
  std::vector<Rule> rules;
  std::vector<Error> errors;
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
  bool reference(std::string_view text, Ref& out, int scope, const Value& at_value, const std::string& ctx);

  std::string_view m_text;
  std::string m_file;
  const facts::Catalogue& m_catalogue;
  std::vector<std::size_t> m_newlines;
  std::shared_ptr<rapidjson::Document> m_shared = std::make_shared<rapidjson::Document>();
  rapidjson::Document& m_doc = *m_shared;  // the rules' literals point into it; each Rule keeps it alive
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
  auto generate = [&](rapidjson::Document&) {
    rapidjson::Reader reader;
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
                                               "remediation", "when",     "for_each", "subject", "cause"};
  for (auto m = r.MemberBegin(); m != r.MemberEnd(); ++m) {
    const std::string_view key(m->name.GetString(), m->name.GetStringLength());
    if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys)) {
      return fail(at_key(m->value), "unknown key '" + std::string(key) +
                                        "' (a rule has id, severity, title, section, message, remediation, when, "
                                        "for_each, subject, cause)");
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
  if (o.literal->IsString() && parse_instant(o.literal->GetString())) return true;
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

Result<std::string> read_rule_file(const std::filesystem::path& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return make_error(Errc::io, "cannot read: " + ec.message(), path.string());
  if (size > kMaxRuleFileBytes) {
    return make_error(Errc::limit, "a rule file is at most " + std::to_string(kMaxRuleFileBytes) + " bytes",
                      path.string());
  }
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return make_error(Errc::io, "cannot read", path.string());
  return text;
}

Result<std::vector<std::filesystem::path>> rule_files(const std::string& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  }
  if (ec) return make_error(Errc::io, "cannot list rule directory: " + ec.message(), dir);
  std::sort(files.begin(), files.end());
  return files;
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
  FileRules loaded = Loader(text, file, *m_catalogue).load();
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
    FileRules loaded = Loader(*text, path.string(), catalogue).load();
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
    FileRules loaded = Loader(*text, path.string(), *m_catalogue).load();
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
