// A rapidjson SAX handler that builds a Document while its owner notes where each token is: the loaders of
// hand-edited files (rules, waivers) use it to map a value of the finished DOM back to its line. Derived
// supplies mark() (called before a scalar or key is added; false stops the parse), open() (before an
// object or array starts: the place to count depth) and close() (after one ends).
#pragma once

#include <rapidjson/document.h>

#include <cstdint>

#include "core/json.hpp"

namespace migready {

template <class Derived>
class SaxToDocument {
 public:
  using Ch = char;
  explicit SaxToDocument(json::Document& doc) : m_doc(doc) {}

  bool Null() { return self().mark() && m_doc.Null(); }
  bool Bool(bool b) { return self().mark() && m_doc.Bool(b); }
  bool Int(int i) { return self().mark() && m_doc.Int(i); }
  bool Uint(unsigned u) { return self().mark() && m_doc.Uint(u); }
  bool Int64(std::int64_t i) { return self().mark() && m_doc.Int64(i); }
  bool Uint64(std::uint64_t u) { return self().mark() && m_doc.Uint64(u); }
  bool Double(double d) { return self().mark() && m_doc.Double(d); }
  bool RawNumber(const Ch* s, rapidjson::SizeType n, bool copy) { return self().mark() && m_doc.RawNumber(s, n, copy); }
  bool String(const Ch* s, rapidjson::SizeType n, bool copy) { return self().mark() && m_doc.String(s, n, copy); }
  bool Key(const Ch* s, rapidjson::SizeType n, bool copy) { return self().mark() && m_doc.Key(s, n, copy); }
  bool StartObject() { return self().open() && m_doc.StartObject(); }
  bool EndObject(rapidjson::SizeType n) {
    self().close();
    return m_doc.EndObject(n);
  }
  bool StartArray() { return self().open() && m_doc.StartArray(); }
  bool EndArray(rapidjson::SizeType n) {
    self().close();
    return m_doc.EndArray(n);
  }

 private:
  Derived& self() { return static_cast<Derived&>(*this); }
  json::Document& m_doc;
};

}  // namespace migready
