// A small streaming JSON writer for the manifest: objects, arrays, strings, integers, booleans, null,
// pretty-printed with two-space indentation.
//
// Escaping: `"` and `\` are escaped, control characters U+0000..U+001F become \b \f \n \r \t or \u00XX,
// valid UTF-8 passes through unchanged (no \u escapes for non-ASCII), and invalid UTF-8 bytes become
// U+FFFD, so the output is always valid UTF-8 JSON whatever the input. The caller is responsible for
// nesting (a key before every member value); misuse is a programming error, not checked at run time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migready::collector {

// `text` as a quoted, escaped JSON string.
std::string json_quote(std::string_view text);

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(bool flag);
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(std::uint64_t number);
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& value(unsigned number) { return value(static_cast<std::uint64_t>(number)); }
  JsonWriter& null();
  // An optional's value, or null when it has none.
  template <typename T>
  JsonWriter& value_or_null(const std::optional<T>& v) {
    return v ? value(*v) : null();
  }

  // The document so far (complete once every begin_* has its end_*), ending with a newline.
  std::string str() const { return m_out + "\n"; }

 private:
  void before_value();
  void newline_indent();

  struct Level {
    bool is_object;
    bool empty;
  };
  std::string m_out;
  std::vector<Level> m_levels;
  bool m_after_key = false;
};

}  // namespace migready::collector
