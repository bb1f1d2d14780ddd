#include "core/reg_format.hpp"

namespace migready::collector {
namespace {

void append_ascii(std::u16string& out, std::string_view ascii) {
  for (const char c : ascii) out.push_back(static_cast<char16_t>(c));
}

void append_escaped(std::u16string& out, std::u16string_view text) {
  for (const char16_t c : text) {
    if (c == u'\\' || c == u'"') out.push_back(u'\\');
    out.push_back(c);
  }
}

void append_hex_byte(std::u16string& out, std::uint8_t b) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back(static_cast<char16_t>(kHex[b >> 4]));
  out.push_back(static_cast<char16_t>(kHex[b & 0xF]));
}

void append_hex_type(std::u16string& out, std::uint32_t type) {
  if (type == reg_type::kBinary) {
    append_ascii(out, "hex:");
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string digits;
  do {
    digits.insert(digits.begin(), kHex[type & 0xF]);
    type >>= 4;
  } while (type != 0);
  append_ascii(out, "hex(");
  append_ascii(out, digits);
  append_ascii(out, "):");
}

void append_hex_data(std::u16string& out, std::span<const std::uint8_t> data) {
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (i > 0) out.push_back(u',');
    append_hex_byte(out, data[i]);
  }
}

// REG_SZ data as text when it can be written as a quoted string; false when hex(1) is needed.
bool sz_text(std::span<const std::uint8_t> data, std::u16string& text) {
  if (data.size() % 2 != 0) return false;
  text.clear();
  for (std::size_t i = 0; i + 1 < data.size(); i += 2) {
    text.push_back(static_cast<char16_t>(data[i] | (data[i + 1] << 8)));
  }
  if (!text.empty() && text.back() == u'\0') text.pop_back();
  for (const char16_t c : text) {
    if (c < 0x20) return false;
  }
  return true;
}

}  // namespace

void append_reg_header(std::u16string& out) {
  out += kRegHeaderLine;
  out += u"\r\n\r\n";
}

void append_reg_key(std::u16string& out, std::u16string_view full_path) {
  out.push_back(u'[');
  out += full_path;
  out += u"]\r\n";
}

void append_reg_key_end(std::u16string& out) { out += u"\r\n"; }

void append_reg_value(std::u16string& out, std::u16string_view name, std::uint32_t type,
                      std::span<const std::uint8_t> data) {
  if (name.empty()) {
    out.push_back(u'@');
  } else {
    out.push_back(u'"');
    append_escaped(out, name);
    out.push_back(u'"');
  }
  out.push_back(u'=');
  std::u16string text;
  if (type == reg_type::kSz && sz_text(data, text)) {
    out.push_back(u'"');
    append_escaped(out, text);
    out.push_back(u'"');
  } else if (type == reg_type::kDword && data.size() == 4) {
    append_ascii(out, "dword:");
    for (std::size_t i = 4; i > 0; --i) append_hex_byte(out, data[i - 1]);
  } else {
    append_hex_type(out, type);
    append_hex_data(out, data);
  }
  out += u"\r\n";
}

void append_utf16le(std::vector<std::uint8_t>& out, std::u16string_view text) {
  out.reserve(out.size() + 2 * text.size());
  for (const char16_t c : text) {
    out.push_back(static_cast<std::uint8_t>(c & 0xFF));
    out.push_back(static_cast<std::uint8_t>(c >> 8));
  }
}

}  // namespace migready::collector
