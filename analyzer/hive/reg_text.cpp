// The .reg backend: parses regedit export text into an in-memory tree.
#include <map>
#include <utility>

#include "contract/ascii.hpp"
#include "hive/hive_impl.hpp"
#include "hive/text_codec.hpp"

namespace migready::hive::detail {
namespace {

constexpr std::string_view kHeader5 = "Windows Registry Editor Version 5.00";
constexpr std::string_view kHeader4 = "REGEDIT4";

struct TextValue {
  std::string name;
  std::uint32_t type;
  std::vector<std::uint8_t> data;
  std::size_t line;
};

struct Node {
  std::string name;
  std::size_t line = 0;                       // where the key was first named
  std::vector<std::uint32_t> children;
  std::map<std::string, std::uint32_t> index;  // ASCII-lowercased name -> child
  std::vector<TextValue> values;
};

class TextHive final : public HiveImpl {
 public:
  TextHive(std::string name, const Limits& limits) : HiveImpl(std::move(name)), m_limits(limits) {}

  Result<void> parse(std::string_view text_bytes, std::string_view root_prefix, Diagnostics& diag);

  std::uint32_t root_id() const override { return 0; }
  std::string key_name(std::uint32_t id) const override { return m_nodes[id].name; }
  std::optional<std::uint64_t> key_last_write(std::uint32_t) const override { return std::nullopt; }
  std::vector<std::uint32_t> subkey_ids(std::uint32_t id) const override { return m_nodes[id].children; }
  std::vector<Value> values(std::uint32_t id) const override {
    std::vector<Value> out;
    out.reserve(m_nodes[id].values.size());
    for (const auto& v : m_nodes[id].values) fill(out.emplace_back(), v);
    return out;
  }
  void for_each_value(std::uint32_t id, const std::function<void(const Value&)>& fn) const override {
    Value value;
    for (const auto& v : m_nodes[id].values) {
      fill(value, v);
      fn(value);
    }
  }
  std::string key_where(std::uint32_t id) const override { return at(m_nodes[id].line); }
  std::string value_where(std::uint64_t line) const override { return at(line); }
  std::optional<std::uint32_t> find_subkey(std::uint32_t id, std::string_view name) const override {
    const auto& index = m_nodes[id].index;
    auto it = index.find(contract::ascii_lower(name));
    if (it == index.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::string at(std::size_t line) const { return name() + ":" + std::to_string(line); }
  void fill(Value& out, const TextValue& v) const {
    Access::name(out) = v.name;
    Access::set_view(out, v.type, v.data, this, v.line);
  }
  std::optional<std::uint32_t> open_key(std::string_view path, std::string_view root_prefix, std::size_t line,
                                        Diagnostics& diag);
  void parse_value(std::string_view text, std::uint32_t key, std::size_t line, Diagnostics& diag);

  std::vector<Node> m_nodes;
  Limits m_limits;
  bool m_regedit4 = false;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Parses 1..8 hex digits into a u32; false on anything else.
bool parse_hex_u32(std::string_view s, std::uint32_t& out) {
  if (s.empty() || s.size() > 8) return false;
  out = 0;
  for (char c : s) {
    const int d = hex_digit(c);
    if (d < 0) return false;
    out = (out << 4) | static_cast<std::uint32_t>(d);
  }
  return true;
}

// Reads a quoted string starting at s[0] == '"' with \\ and \" escapes. Sets `rest` past the closing quote.
std::optional<std::string> parse_quoted(std::string_view s, std::string_view& rest) {
  if (s.empty() || s.front() != '"') return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\' && i + 1 < s.size() && (s[i + 1] == '\\' || s[i + 1] == '"')) {
      out.push_back(s[++i]);
    } else if (c == '"') {
      rest = s.substr(i + 1);
      return out;
    } else {
      out.push_back(c);
    }
  }
  return std::nullopt;
}

// True when a value line's data is hex (the only kind that continues over lines).
bool is_hex_value(std::string_view s) {
  std::string_view rest;
  if (!s.empty() && s.front() == '@') {
    rest = s.substr(1);
  } else if (!parse_quoted(s, rest)) {
    return false;
  }
  rest = trim(rest);
  if (rest.empty() || rest.front() != '=') return false;
  return contract::starts_with_ci(trim(rest.substr(1)), "hex");
}

// Decodes the file into UTF-8 text: UTF-16LE after an FF FE BOM; otherwise 8-bit, each line kept when it
// is valid UTF-8 and widened from Latin-1 when not (hivexregedit writes both in one file).
std::string decode_text(std::string_view bytes) {
  if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFF && static_cast<unsigned char>(bytes[1]) == 0xFE) {
    bytes.remove_prefix(2);
    return utf16le_to_utf8(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), false);
  }
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  std::string out;
  out.reserve(bytes.size());
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::size_t end = bytes.find('\n', pos);
    end = end == std::string_view::npos ? bytes.size() : end + 1;
    const std::string_view line = bytes.substr(pos, end - pos);
    if (is_valid_utf8(line)) out.append(line);
    else out += latin1_to_utf8(line);
    pos = end;
  }
  return out;
}

std::optional<std::uint32_t> TextHive::open_key(std::string_view path, std::string_view root_prefix,
                                                std::size_t line, Diagnostics& diag) {
  std::string_view prefix = root_prefix;
  while (!prefix.empty() && prefix.back() == '\\') prefix.remove_suffix(1);
  std::string_view rest;
  if (prefix.empty()) {
    rest = path;
  } else if (contract::equals_ci(path, prefix)) {
    rest = {};
  } else if (contract::starts_with_ci(path, prefix) && path.size() > prefix.size() && path[prefix.size()] == '\\') {
    rest = path.substr(prefix.size() + 1);
  } else {
    diag.warn(Errc::format, "key \"" + std::string(path) + "\" is outside \"" + std::string(prefix) +
                                "\"; its values are ignored", at(line));
    return std::nullopt;
  }
  std::uint32_t key = 0;
  std::size_t depth = 0;
  std::size_t pos = 0;
  while (pos <= rest.size()) {
    std::size_t next = rest.find('\\', pos);
    if (next == std::string_view::npos) next = rest.size();
    const std::string_view part = rest.substr(pos, next - pos);
    pos = next + 1;
    if (part.empty()) continue;
    if (++depth > m_limits.max_depth) {
      diag.warn(Errc::limit, "key nested deeper than " + std::to_string(m_limits.max_depth) + "; ignored", at(line));
      return std::nullopt;
    }
    std::string lowered = contract::ascii_lower(part);
    auto it = m_nodes[key].index.find(lowered);
    if (it != m_nodes[key].index.end()) {
      key = it->second;
      continue;
    }
    if (m_nodes.size() >= m_limits.max_keys) {
      diag.warn(Errc::limit, "more than " + std::to_string(m_limits.max_keys) + " keys; rest ignored", at(line));
      return std::nullopt;
    }
    const auto child = static_cast<std::uint32_t>(m_nodes.size());
    m_nodes[key].children.push_back(child);
    m_nodes[key].index.emplace(std::move(lowered), child);
    Node node;
    node.name = std::string(part);
    node.line = line;
    m_nodes.push_back(std::move(node));
    key = child;
  }
  return key;
}

void TextHive::parse_value(std::string_view text, std::uint32_t key, std::size_t line, Diagnostics& diag) {
  std::string value_name;
  std::string_view rest;
  if (!text.empty() && text.front() == '@') {
    rest = text.substr(1);
  } else {
    auto quoted = parse_quoted(text, rest);
    if (!quoted) {
      diag.warn(Errc::format, "unterminated value name", at(line));
      return;
    }
    value_name = std::move(*quoted);
  }
  rest = trim(rest);
  if (rest.empty() || rest.front() != '=') {
    diag.warn(Errc::format, "expected '=' after the value name", at(line));
    return;
  }
  rest = trim(rest.substr(1));

  std::uint32_t type = 0;
  std::vector<std::uint8_t> data;
  if (rest == "-") {
    diag.warn(Errc::unsupported, "value deletion \"" + value_name + "\"=- ignored", at(line));
    return;
  }
  if (!rest.empty() && rest.front() == '"') {
    std::string_view after;
    auto str = parse_quoted(rest, after);
    if (!str) {
      diag.warn(Errc::format, "unterminated string for value \"" + value_name + "\"", at(line));
      return;
    }
    if (!trim(after).empty()) {
      diag.warn(Errc::format, "text after the string of value \"" + value_name + "\" ignored", at(line));
    }
    type = static_cast<std::uint32_t>(ValueType::sz);
    data = utf8_to_utf16le(*str);
    data.push_back(0);
    data.push_back(0);
  } else if (contract::starts_with_ci(rest, "dword:")) {
    std::uint32_t v = 0;
    if (!parse_hex_u32(trim(rest.substr(6)), v)) {
      diag.warn(Errc::format, "bad dword for value \"" + value_name + "\"", at(line));
      return;
    }
    type = static_cast<std::uint32_t>(ValueType::dword);
    data = {static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v >> 16),
            static_cast<std::uint8_t>(v >> 24)};
  } else if (contract::starts_with_ci(rest, "hex")) {
    rest.remove_prefix(3);
    type = static_cast<std::uint32_t>(ValueType::binary);
    if (!rest.empty() && rest.front() == '(') {
      const std::size_t close = rest.find(')');
      if (close == std::string_view::npos || !parse_hex_u32(rest.substr(1, close - 1), type)) {
        diag.warn(Errc::format, "bad hex(type) for value \"" + value_name + "\"", at(line));
        return;
      }
      rest.remove_prefix(close + 1);
    }
    if (rest.empty() || rest.front() != ':') {
      diag.warn(Errc::format, "expected ':' after hex for value \"" + value_name + "\"", at(line));
      return;
    }
    rest.remove_prefix(1);
    std::size_t i = 0;
    while (i < rest.size()) {
      const char c = rest[i];
      if (c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\\') {
        ++i;
        continue;
      }
      const int hi = hex_digit(c);
      const int lo = i + 1 < rest.size() ? hex_digit(rest[i + 1]) : -1;
      if (hi < 0 || lo < 0) {
        diag.warn(Errc::format, "bad hex byte for value \"" + value_name + "\"", at(line));
        return;
      }
      if (data.size() >= m_limits.max_value_size) {
        diag.warn(Errc::limit, "value \"" + value_name + "\" exceeds the size limit", at(line));
        return;
      }
      data.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
      i += 2;
    }
    const bool is_text = type == 1 || type == 2 || type == 7;
    if (m_regedit4 && is_text) {  // REGEDIT4 strings are ANSI bytes; the registry holds UTF-16LE
      std::string wide = latin1_to_utf8(std::span<const std::uint8_t>(data));
      data = utf8_to_utf16le(wide);
    }
  } else {
    diag.warn(Errc::format, "unknown data format for value \"" + value_name + "\"", at(line));
    return;
  }

  auto& values = m_nodes[key].values;
  for (auto& v : values) {
    if (contract::equals_ci(v.name, value_name)) {
      v = TextValue{std::move(value_name), type, std::move(data), line};
      return;
    }
  }
  if (values.size() >= m_limits.max_values_per_key) {
    diag.warn(Errc::limit, "more than " + std::to_string(m_limits.max_values_per_key) + " values; rest ignored",
              at(line));
    return;
  }
  values.push_back(TextValue{std::move(value_name), type, std::move(data), line});
}

Result<void> TextHive::parse(std::string_view text_bytes, std::string_view root_prefix, Diagnostics& diag) {
  const std::string text = decode_text(text_bytes);
  m_nodes.clear();
  m_nodes.push_back(Node{});
  m_nodes[0].line = 1;

  std::size_t pos = 0;
  std::size_t line_no = 0;
  bool header_seen = false;
  constexpr std::uint32_t kNoKey = 0xFFFFFFFFu;  // values here belong to no key (a sentinel, not optional:
  std::uint32_t current = kNoKey;                // GCC 12 -O2 warns maybe-uninitialized on the optional)
  bool outside_reported = false;
  auto next_line = [&](std::string_view& out) {
    if (pos >= text.size()) return false;
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    out = std::string_view(text).substr(pos, end - pos);
    while (!out.empty() && out.back() == '\r') out.remove_suffix(1);
    pos = end + 1;
    ++line_no;
    return true;
  };

  std::string_view raw;
  while (next_line(raw)) {
    const std::size_t line = line_no;
    std::string_view s = trim(raw);
    if (s.empty() || s.front() == ';') continue;
    if (!header_seen) {
      if (s == kHeader5) {
        header_seen = true;
      } else if (s == kHeader4) {
        header_seen = true;
        m_regedit4 = true;
      } else {
        return make_error(Errc::format, "not a .reg file: expected \"REGEDIT4\" or \"" + std::string(kHeader5) + "\"",
                          at(line));
      }
      continue;
    }
    if (s.size() > m_limits.max_line_length) {
      diag.warn(Errc::limit, "line longer than " + std::to_string(m_limits.max_line_length) + " bytes ignored",
                at(line));
      continue;
    }
    if (s.front() == '[') {
      const std::size_t close = s.rfind(']');
      if (close == std::string_view::npos || close == 0) {
        diag.warn(Errc::format, "key line without ']'", at(line));
        current = kNoKey;
        continue;
      }
      const std::string_view path = s.substr(1, close - 1);
      outside_reported = true;  // open_key reports an outside key itself
      if (!path.empty() && path.front() == '-') {
        diag.warn(Errc::unsupported, "key deletion [" + std::string(path) + "] ignored", at(line));
        current = kNoKey;
        continue;
      }
      current = open_key(path, root_prefix, line, diag).value_or(kNoKey);
      continue;
    }
    if (s.front() == '"' || s.front() == '@') {
      // Hex data continues over lines ending in a backslash.
      std::string logical(s);
      bool too_long = false;
      bool more_lines = is_hex_value(s) && s.back() == '\\';
      while (more_lines) {
        std::string_view more;
        if (!next_line(more)) break;
        more = trim(more);
        more_lines = !more.empty() && more.back() == '\\';
        if (too_long) continue;
        logical.pop_back();  // the backslash
        logical.append(more);
        if (logical.size() > m_limits.max_line_length) too_long = true;
      }
      if (too_long) {
        diag.warn(Errc::limit, "value longer than " + std::to_string(m_limits.max_line_length) + " bytes ignored",
                  at(line));
        continue;
      }
      if (current == kNoKey) {
        if (!outside_reported) diag.warn(Errc::format, "value outside any key ignored", at(line));
        outside_reported = true;
        continue;
      }
      parse_value(logical, current, line, diag);
      continue;
    }
    diag.warn(Errc::format, "unrecognised line ignored", at(line));
  }
  if (!header_seen) return make_error(Errc::format, "empty .reg file: no header", at(0));
  return {};
}

}  // namespace

Result<std::unique_ptr<HiveImpl>> make_reg_text(std::string_view text_bytes, std::string name,
                                                std::string_view root_prefix, Diagnostics& diag,
                                                const Limits& limits) {
  auto hive = std::make_unique<TextHive>(std::move(name), limits);
  if (auto ok = hive->parse(text_bytes, root_prefix, diag); !ok) return ok.error();
  return std::unique_ptr<HiveImpl>(std::move(hive));
}

}  // namespace migready::hive::detail
