// Evaluation: decides a rule's condition over the facts, tri-state. A condition is yes or no, or unknown
// when an operand reads a fact that is not present; eval() records each such fact (Eval::unknown) so that
// findings.cpp can say what to re-collect. Operators follow docs/rules.md: numbers compare numerically,
// strings by bytes, versions part by part (contract/version.hpp), dates as instants (value_text.hpp), and
// some/every/count iterate an array with the element as {"item"}. Relies on the model as load.cpp checked
// it (operand counts, compiled patterns), so it never fails; it renders nothing.
#include "rules/evaluate.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>

#include "contract/civil_time.hpp"
#include "contract/version.hpp"
#include "rules/value_text.hpp"

namespace migready::rules {

namespace {

const Value kNull;

bool present(const Value* fact) {
  return fact != nullptr && std::string_view((*fact)["status"].GetString()) == "present";
}

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

}  // namespace

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

}  // namespace migready::rules
