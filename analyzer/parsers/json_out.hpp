// A small JSON writer for parser results (RapidJSON's PrettyWriter underneath), so each parser's
// to-JSON function is a list of fields, not buffer plumbing.
#pragma once

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"

namespace migready::parsers {

class JsonOut {
 public:
  JsonOut() : m_writer(m_buffer) { m_writer.SetIndent(' ', 2); }

  JsonOut& begin_object() { m_writer.StartObject(); return *this; }
  JsonOut& end_object() { m_writer.EndObject(); return *this; }
  JsonOut& begin_array() { m_writer.StartArray(); return *this; }
  JsonOut& end_array() { m_writer.EndArray(); return *this; }
  JsonOut& key(std::string_view k) {
    m_writer.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
    return *this;
  }
  JsonOut& value(std::string_view s) {
    m_writer.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    return *this;
  }
  JsonOut& value(const char* s) { return value(std::string_view(s)); }
  JsonOut& value(const std::string& s) { return value(std::string_view(s)); }
  JsonOut& value(bool b) { m_writer.Bool(b); return *this; }
  JsonOut& value(std::int64_t n) { m_writer.Int64(n); return *this; }
  JsonOut& value(int n) { m_writer.Int64(n); return *this; }
  JsonOut& value(std::uint64_t n) { m_writer.Uint64(n); return *this; }
  JsonOut& value(unsigned n) { m_writer.Uint64(n); return *this; }
  JsonOut& value(double d) { m_writer.Double(d); return *this; }
  JsonOut& null() { m_writer.Null(); return *this; }
  template <typename T>
  JsonOut& value(const std::optional<T>& v) {
    return v ? value(*v) : null();
  }
  JsonOut& value(const std::vector<std::string>& list) {
    begin_array();
    for (const auto& s : list) value(s);
    return end_array();
  }
  // key(k).value(v) in one call.
  template <typename T>
  JsonOut& field(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }

  std::string str() const { return std::string(m_buffer.GetString(), m_buffer.GetSize()) + "\n"; }

 private:
  json::StringBuffer m_buffer;
  json::PrettyWriter<json::StringBuffer> m_writer;
};

}  // namespace migready::parsers
