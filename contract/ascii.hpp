// ASCII case folding, the one home for both programs. Registry names, LDAP attribute and DN values, tool
// keywords and file names compare case-insensitively on Windows; only ASCII letters fold here, so UTF-8
// bytes (>= 0x80) pass through unchanged and a multi-byte character never matches half of another.
//
//   contract::ascii_lower('A') == 'a'        contract::ascii_lower("SBS01") == "sbs01"
//   contract::equals_ci("NTDS", "ntds")      contract::starts_with_ci("CN=NTDS Settings", "cn=ntds")
//   contract::ends_with_ci("a.LOG", ".log")  contract::find_ci("Volume C:", "c:") == 7
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace migready::contract {

constexpr char ascii_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr char ascii_upper(char c) noexcept { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

inline std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_upper(c);
  return out;
}

constexpr bool equals_ci(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

constexpr bool starts_with_ci(std::string_view text, std::string_view prefix) noexcept {
  return text.size() >= prefix.size() && equals_ci(text.substr(0, prefix.size()), prefix);
}

constexpr bool ends_with_ci(std::string_view text, std::string_view suffix) noexcept {
  return text.size() >= suffix.size() && equals_ci(text.substr(text.size() - suffix.size()), suffix);
}

// The offset of the first case-insensitive occurrence of `word` in `text`, or npos. An empty word is found at 0.
constexpr std::size_t find_ci(std::string_view text, std::string_view word, std::size_t from = 0) noexcept {
  if (word.size() > text.size()) return std::string_view::npos;
  for (std::size_t i = from; i + word.size() <= text.size(); ++i) {
    if (equals_ci(text.substr(i, word.size()), word)) return i;
  }
  return std::string_view::npos;
}

constexpr bool contains_ci(std::string_view text, std::string_view word) noexcept {
  return find_ci(text, word) != std::string_view::npos;
}

}  // namespace migready::contract
