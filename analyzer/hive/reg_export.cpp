// .reg export: one pre-order walk with an explicit stack, text appended to one buffer flushed in chunks.
#include "hive/reg_export.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "core/printable.hpp"
#include "hive/text_codec.hpp"

namespace migready::hive {

namespace {

constexpr std::string_view kHeader = "Windows Registry Editor Version 5.00\n\n";
constexpr std::size_t kWrapColumn = 77;  // regedit/Wine: break after the comma reaching this column
constexpr char kHexDigits[] = "0123456789abcdef";

// A name as the export writes it: controls and format characters escaped visibly (text::printable; a TAB
// stays), so no ESC, BEL or U+202E reaches the terminal that shows the export. True when it changed.
bool printable_name(std::string_view name, std::string& out) {
  out = text::printable(name, {.keep_tabs = true});
  return out != name;
}

void append_quoted(std::string& out, std::string_view text) {
  out.push_back('"');
  for (char c : text) {
    if (c == '\\' || c == '"') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

// Columns as regedit counts them: characters, so UTF-8 continuation bytes do not count.
std::size_t columns(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// REG_SZ data as UTF-8 when `"text"` reads back to exactly these bytes (see the header); else false.
bool sz_as_text(std::span<const std::uint8_t> data, std::string& text) {
  if (data.size() < 2 || data.size() % 2 != 0) return false;
  const std::size_t units = data.size() / 2;
  auto unit = [&](std::size_t i) { return static_cast<char32_t>(data[2 * i] | (data[2 * i + 1] << 8)); };
  if (unit(units - 1) != 0) return false;
  text.clear();
  for (std::size_t i = 0; i + 1 < units; ++i) {
    char32_t c = unit(i);
    if (c != '\t' && text::invisible(c)) return false;  // NUL, CR, LF, ESC, U+202E, ...: hex(1) is exact
    if (c >= 0xD800 && c <= 0xDBFF) {
      if (i + 2 >= units) return false;
      const char32_t low = unit(i + 1);
      if (low < 0xDC00 || low > 0xDFFF) return false;
      c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
      ++i;
    } else if (c >= 0xDC00 && c <= 0xDFFF) {
      return false;
    }
    detail::append_utf8(text, c);
  }
  return true;
}

// Returns true when the value's name had to be escaped.
bool append_value(std::string& out, const Value& value, std::string& scratch) {
  const std::size_t line_start = out.size();
  bool escaped = false;
  if (value.name().empty()) {
    out.push_back('@');
  } else {
    escaped = printable_name(value.name(), scratch);
    append_quoted(out, scratch);
  }
  out.push_back('=');
  const auto data = value.data();
  const auto type = static_cast<std::uint32_t>(value.type());
  if (value.type() == ValueType::sz && sz_as_text(data, scratch)) {
    append_quoted(out, scratch);
    out.push_back('\n');
    return escaped;
  }
  if (value.type() == ValueType::dword && data.size() == 4) {
    out += "dword:";
    for (std::size_t i = 4; i-- > 0;) {
      out.push_back(kHexDigits[data[i] >> 4]);
      out.push_back(kHexDigits[data[i] & 15]);
    }
    out.push_back('\n');
    return escaped;
  }
  if (value.type() == ValueType::binary) {
    out += "hex:";
  } else {
    out += "hex(";
    bool digits = false;
    for (int shift = 28; shift >= 0; shift -= 4) {
      const unsigned nibble = (type >> static_cast<unsigned>(shift)) & 15u;
      if (nibble != 0 || digits || shift == 0) {
        out.push_back(kHexDigits[nibble]);
        digits = true;
      }
    }
    out += "):";
  }
  std::size_t column = columns(std::string_view(out).substr(line_start));
  // Worst case 3 bytes per byte plus 4 per 25 bytes of continuation.
  out.reserve(out.size() + data.size() * 3 + data.size() / 6 + 8);
  for (std::size_t i = 0; i < data.size(); ++i) {
    out.push_back(kHexDigits[data[i] >> 4]);
    out.push_back(kHexDigits[data[i] & 15]);
    if (i + 1 == data.size()) break;
    out.push_back(',');
    column += 3;
    if (column >= kWrapColumn) {
      out += "\\\n  ";
      column = 2;
    }
  }
  out.push_back('\n');
  return escaped;
}

struct Frame {
  std::vector<std::pair<std::string, Key>> children;  // sorted by name
  std::size_t next = 0;
  std::size_t path_length = 0;  // the parent's header path, in `path`
};

std::vector<std::pair<std::string, Key>> sorted_children(const Key& key) {
  std::vector<std::pair<std::string, Key>> out;
  for (const Key& child : key.subkeys()) out.emplace_back(child.name(), child);
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

}  // namespace

std::string format_reg_value(const Value& value) {
  std::string out;
  std::string scratch;
  (void)append_value(out, value, scratch);
  return out;
}

Result<RegExportStats> export_reg(const Hive& hive, std::string_view key_path, const RegExportOptions& options,
                                  const RegSink& sink, Diagnostics& diag) {
  // Resolve key_path component by component so the headers carry the names as stored.
  std::string scratch;
  std::uint64_t escaped_names = 0;
  std::string path = options.prefix;
  while (!path.empty() && path.back() == '\\') path.pop_back();
  Key start = hive.root();
  std::size_t pos = 0;
  while (pos <= key_path.size()) {
    std::size_t next = key_path.find('\\', pos);
    if (next == std::string_view::npos) next = key_path.size();
    const std::string_view part = key_path.substr(pos, next - pos);
    pos = next + 1;
    if (part.empty()) continue;
    auto child = start.subkey(part);
    if (!child) {
      return make_error(Errc::not_found,
                        "no key \"" + std::string(key_path.substr(0, next)) + "\" in hive " + hive.name(),
                        start.where());
    }
    start = *child;
    path += '\\';
    if (printable_name(start.name(), scratch)) ++escaped_names;
    path += scratch;
  }

  RegExportStats stats;
  std::string out;
  const std::size_t chunk = std::max<std::size_t>(options.chunk_size, 1);
  out.reserve(chunk + 4096);
  auto flush_if_full = [&] {
    if (out.size() >= chunk) {
      sink(out);
      out.clear();
    }
  };
  if (options.header) out += kHeader;

  std::vector<Value> values;
  auto write_key = [&](const Key& key) {
    out.push_back('[');
    out += path.empty() ? std::string_view("\\") : std::string_view(path);
    out += "]\n";
    ++stats.keys;
    values = key.values();
    std::stable_sort(values.begin(), values.end(), [](const Value& a, const Value& b) { return a.name() < b.name(); });
    for (const Value& v : values) {
      if (append_value(out, v, scratch)) ++escaped_names;
      ++stats.values;
      flush_if_full();
    }
    out.push_back('\n');
    flush_if_full();
  };

  write_key(start);
  std::vector<Frame> stack;
  stack.push_back(Frame{sorted_children(start), 0, path.size()});
  while (!stack.empty()) {
    Frame& top = stack.back();
    if (top.next == top.children.size()) {
      stack.pop_back();
      continue;
    }
    const auto& [name, key] = top.children[top.next++];
    path.resize(top.path_length);
    path += '\\';
    if (printable_name(name, scratch)) ++escaped_names;
    path += scratch;
    if (stack.size() > options.max_depth) {
      diag.warn(Errc::limit,
                "key \"" + path + "\" nested deeper than " + std::to_string(options.max_depth) + "; not exported",
                key.where());
      continue;
    }
    const Key current = key;  // `top` may move when the stack grows
    write_key(current);
    const std::size_t length = path.size();
    stack.push_back(Frame{sorted_children(current), 0, length});
  }
  if (!out.empty()) sink(out);
  if (escaped_names > 0) {
    diag.warn(Errc::unsupported,
              std::to_string(escaped_names) +
                  " key or value names hold control or format characters; written escaped (\\xNN, \\u{NNNN}), "
                  "so they do not import as the same names (in a key name, the escape's \\ reads as a path separator)",
              hive.name());
  }
  // Values refused by the hive's decoded-bytes budget were left out: say so, once.
  if (auto limit = hive.limit_reached()) diag.add(*limit);
  return stats;
}

}  // namespace migready::hive
