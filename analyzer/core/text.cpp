#include "core/text.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "contract/text_form.hpp"

namespace migready::text {
namespace {

struct CodePage {
  std::uint32_t id;
  std::array<std::uint16_t, 128> upper;
};

constexpr CodePage kCodePages[] = {
#include "core/codepages_table.inc"
};

const CodePage* find_code_page(std::uint32_t id) {
  for (const auto& cp : kCodePages) {
    if (cp.id == id) return &cp;
  }
  return nullptr;
}

}  // namespace

void append_utf8(std::string& out, char32_t c) {
  if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

bool code_page_supported(std::uint32_t code_page) noexcept {
  return code_page == 65001 || code_page == 20127 || find_code_page(code_page) != nullptr;
}

Decoded decode_code_page(std::string_view bytes, std::uint32_t code_page) {
  if (code_page == 65001) return sanitize_utf8(bytes);
  const CodePage* cp = find_code_page(code_page);
  Decoded d;
  d.utf8.reserve(bytes.size());
  for (char ch : bytes) {
    const auto b = static_cast<unsigned char>(ch);
    if (b < 0x80) {
      d.utf8.push_back(ch);
      continue;
    }
    const char32_t c = cp ? cp->upper[b - 0x80] : 0xFFFD;
    d.lossy = d.lossy || c == 0xFFFD;
    append_utf8(d.utf8, c);
  }
  return d;
}

namespace {

bool starts_with_bytes(std::string_view bytes, std::string_view prefix) {
  return bytes.size() >= prefix.size() && bytes.substr(0, prefix.size()) == prefix;
}

Decoded decode_utf16(std::string_view bytes, bool big_endian) {
  Decoded d;
  std::size_t i = 0;
  if (starts_with_bytes(bytes, big_endian ? std::string_view("\xFE\xFF", 2) : std::string_view("\xFF\xFE", 2))) {
    i = 2;
  }
  auto unit = [&](std::size_t at) {
    const auto lo = static_cast<unsigned char>(bytes[big_endian ? at + 1 : at]);
    const auto hi = static_cast<unsigned char>(bytes[big_endian ? at : at + 1]);
    return static_cast<char16_t>(lo | (hi << 8));
  };
  d.utf8.reserve(bytes.size() / 2);
  for (; i + 1 < bytes.size(); i += 2) {
    const char16_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < bytes.size()) {
      const char16_t low = unit(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        append_utf8(d.utf8, 0x10000 + ((char32_t{u} - 0xD800) << 10) + (char32_t{low} - 0xDC00));
        i += 2;
        continue;
      }
    }
    if (u >= 0xD800 && u <= 0xDFFF) {
      d.lossy = true;
      append_utf8(d.utf8, 0xFFFD);
      continue;
    }
    append_utf8(d.utf8, u);
  }
  if (i < bytes.size()) {
    d.lossy = true;
    append_utf8(d.utf8, 0xFFFD);
  }
  return d;
}

}  // namespace

Decoded decode_utf16le(std::string_view bytes) { return decode_utf16(bytes, false); }
Decoded decode_utf16be(std::string_view bytes) { return decode_utf16(bytes, true); }

bool valid_utf8(std::string_view bytes) noexcept {
  // sanitize_utf8 is the one definition of "valid"; a file this is asked about is small (a paste).
  return !sanitize_utf8(bytes).lossy;
}

Detected decode_loose(std::string_view bytes, std::uint32_t code_page) {
  Detected out;
  switch (contract::sniff_text_form(bytes)) {
    case contract::TextForm::utf8_bom:
      out.encoding = Encoding::utf8_bom;
      out.text = sanitize_utf8(bytes.substr(3));
      return out;
    case contract::TextForm::utf16le_bom:
      out.encoding = Encoding::utf16le_bom;
      out.text = decode_utf16le(bytes);
      return out;
    case contract::TextForm::utf16be_bom:
      out.encoding = Encoding::utf16be_bom;
      out.text = decode_utf16be(bytes);
      return out;
    case contract::TextForm::utf16le_pattern:
      out.encoding = Encoding::utf16le;
      out.text = decode_utf16le(bytes);
      return out;
    case contract::TextForm::narrow: break;
  }
  const bool ascii = std::all_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii && valid_utf8(bytes)) {
    out.encoding = Encoding::utf8;
    out.text = sanitize_utf8(bytes);
  } else {
    out.encoding = Encoding::code_page;
    out.text = decode_code_page(bytes, code_page);
  }
  return out;
}

namespace {

bool ascii_letter(unsigned char b) { return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z'); }

// Letters a single-byte Windows code page can hold: Latin-1 and Latin Extended-A/B (not x and the division
// sign), Greek, Cyrillic.
bool letter(char32_t c) {
  return (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x386 && c <= 0x3CE) ||
         (c >= 0x400 && c <= 0x4FF);
}

}  // namespace

CodePageFit code_page_fit(std::string_view bytes, std::uint32_t code_page) {
  CodePageFit fit;
  const CodePage* cp = find_code_page(code_page);
  if (cp == nullptr) return fit;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b < 0x80) continue;
    const bool in_word = (i > 0 && ascii_letter(static_cast<unsigned char>(bytes[i - 1]))) ||
                         (i + 1 < bytes.size() && ascii_letter(static_cast<unsigned char>(bytes[i + 1])));
    if (!in_word) continue;
    ++(letter(cp->upper[b - 0x80]) ? fit.letters : fit.others);
  }
  return fit;
}

std::string encoding_name(Encoding encoding, std::uint32_t code_page) {
  switch (encoding) {
    case Encoding::utf8_bom: return "UTF-8 with BOM";
    case Encoding::utf16le_bom: return "UTF-16LE with BOM";
    case Encoding::utf16be_bom: return "UTF-16BE with BOM";
    case Encoding::utf16le: return "UTF-16LE without BOM";
    case Encoding::utf8: return "UTF-8 without BOM";
    case Encoding::code_page: break;
  }
  return "code page " + std::to_string(code_page);
}

Decoded sanitize_utf8(std::string_view bytes) {
  Decoded d;
  d.utf8.reserve(bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    bool ok = len != 0 && i + len <= bytes.size();
    char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; ok && k < len; ++k) {
      const auto cont = static_cast<unsigned char>(bytes[i + k]);
      ok = (cont & 0xC0) == 0x80;
      c = (c << 6) | (cont & 0x3F);
    }
    // Overlong forms, surrogates and out-of-range values are invalid too.
    ok = ok && !(len == 2 && c < 0x80) && !(len == 3 && c < 0x800) && !(len == 4 && (c < 0x10000 || c > 0x10FFFF)) &&
         !(c >= 0xD800 && c <= 0xDFFF);
    if (!ok) {
      d.lossy = true;
      append_utf8(d.utf8, 0xFFFD);
      ++i;
      continue;
    }
    d.utf8.append(bytes.substr(i, len));
    i += len;
  }
  return d;
}

}  // namespace migready::text
