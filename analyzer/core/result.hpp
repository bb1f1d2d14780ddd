// Result<T>: a value or an Error, for every fallible call in the analyzer.
//
// The shape is std::expected's (C++23) so that moving to it later is a typedef: has_value(), value(),
// error(), operator*, operator->, explicit bool. The analyzer is C++20, so it is written out here.
//
// An Error carries a code callers can act on, a message a person can read, and `where`: a location a
// person can open, e.g. "SYSTEM@0x2040", "commands/ipconfig_all.txt:17", "rules/network.json:12".
// Only the CLI decides what is fatal; libraries return errors and report warnings to Diagnostics.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace migready {

enum class Errc {
  io,             // the file system said no (open, read, map)
  not_found,      // a requested key, value, entry or fact does not exist
  format,         // bytes do not follow the format (bad signature, bad offset, bad syntax)
  limit,          // input exceeds a documented limit (size, count, depth, ratio)
  unsafe,         // input is well-formed but dangerous (absolute path, "..", link, device)
  schema,         // a document does not satisfy its JSON Schema
  integrity,      // a checksum or hash does not match
  unsupported,    // a valid construct this version does not handle
  usage,          // the caller (or the command line) asked for something impossible
};

const char* errc_name(Errc code) noexcept;

struct Error {
  Errc code;
  std::string message;
  std::string where;  // empty when there is no meaningful location

  // "where: message" (or just the message), as printed to a person.
  std::string to_string() const { return where.empty() ? message : where + ": " + message; }
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : m_v(std::in_place_index<1>, std::move(error)) {}      // NOLINT: implicit by design

  bool has_value() const noexcept { return m_v.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & { assert(has_value()); return std::get<0>(m_v); }
  const T& value() const& { assert(has_value()); return std::get<0>(m_v); }
  T&& value() && { assert(has_value()); return std::get<0>(std::move(m_v)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { assert(!has_value()); return std::get<1>(m_v); }
  Error&& error() && { assert(!has_value()); return std::get<1>(std::move(m_v)); }

 private:
  std::variant<T, Error> m_v;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : m_error(std::move(error)), m_ok(false) {}  // NOLINT: implicit by design

  bool has_value() const noexcept { return m_ok; }
  explicit operator bool() const noexcept { return m_ok; }
  const Error& error() const& { assert(!m_ok); return m_error; }

 private:
  Error m_error{};
  bool m_ok = true;
};

inline Error make_error(Errc code, std::string message, std::string where = {}) {
  return Error{code, std::move(message), std::move(where)};
}

}  // namespace migready
