// migready::hive: read a registry hive, from a binary regf file or from .reg text, through one interface.
//
// Code that reads facts asks a Hive for keys and values and never knows which format it read:
//
//   Diagnostics diag;
//   auto hive = Hive::open_regf(bytes, "SYSTEM", diag);          // bytes: std::span over the file
//   if (!hive) return hive.error();                               // unusable base block or root only
//   auto ccs = current_control_set(*hive);                        // "ControlSet001"
//   auto tcpip = hive->find(*ccs + "\\Services\\Tcpip\\Parameters");
//   auto domain = tcpip ? tcpip->value("Domain") : ...;           // Result<Value>
//   std::string text = domain->as_string().value();              // REG_SZ decoded to UTF-8
//
// Contract
// - Hostile input. Both parsers bound every read, every count and every recursion (Limits below). A bad
//   subkey, value or line is skipped and reported to Diagnostics as a warning with a `where` a person can
//   open: "SYSTEM@0x2040" (hive name + absolute file offset of the offending cell) or "system.reg:17"
//   (hive name + line). Only an unusable base block / root cell (regf) or an unrecognised header (.reg)
//   fails the open. Partial results over all-or-nothing.
// - open_regf checks the base block (signature, version, checksum, sizes), walks the hive bins to learn
//   where cells start, then walks the whole key tree once to report every problem. Navigation afterwards
//   is lazy and zero-copy: names, lists and values are re-read from the bytes on demand and the same bad
//   cells are skipped silently (they were reported at open). A key cell reachable twice (a cycle or two
//   lists sharing it) is kept only under its first parent, so the navigable tree is finite and acyclic.
// - Names are UTF-8: compressed (Latin-1) names are widened, UTF-16LE names converted; unpaired
//   surrogates become U+FFFD. Embedded NULs are kept as they are in the hive.
// - Lookups by name (subkey, value, find) fold ASCII case only (A-Z = a-z); Windows folds all of Unicode,
//   which only matters for non-ASCII names. The empty value name is the key's default value ("@").
//
// Lifetimes
// - regf: the byte buffer must outlive the Hive; the Hive must outlive every Key. A Value is
//   self-contained for its name, but its data() is a span into the hive bytes (regf) or into the Hive's
//   tree (.reg), except big-data (db) values, which are assembled into the Value itself. So: bytes >
//   Hive > Key, Value. A Hive may be moved; Keys and Values stay valid (they point at heap state).
//
// Limits (Limits{} defaults; exceeding one is a warning and the excess is skipped)
//   max_depth              512         key nesting below the root (both formats)
//   max_subkeys_per_key    262'144     subkeys read from one key's lists
//   max_values_per_key     262'144     values read from one key's value list
//   max_cells              10'000'000  cells visited by open_regf's walk (keys + lists + values)
//   max_value_size         64 MiB      assembled big-data value, or one .reg value's data
//   max_line_length        64 MiB      one logical .reg line (continuations joined)
//   max_keys               2'000'000   keys created from one .reg file
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/result.hpp"

namespace migready::hive {

// Registry value types. Unknown numbers are kept as they are: static_cast<std::uint32_t>(type()).
enum class ValueType : std::uint32_t {
  none = 0,                         // REG_NONE
  sz = 1,                           // REG_SZ: UTF-16LE, usually NUL-terminated
  expand_sz = 2,                    // REG_EXPAND_SZ: as REG_SZ, with %VARIABLES%
  binary = 3,                       // REG_BINARY
  dword = 4,                        // REG_DWORD: 4 bytes little-endian
  dword_big_endian = 5,             // REG_DWORD_BIG_ENDIAN
  link = 6,                         // REG_LINK: UTF-16LE symbolic link target
  multi_sz = 7,                     // REG_MULTI_SZ: UTF-16LE strings, each NUL-terminated, then a NUL
  resource_list = 8,                // REG_RESOURCE_LIST
  full_resource_descriptor = 9,     // REG_FULL_RESOURCE_DESCRIPTOR
  resource_requirements_list = 10,  // REG_RESOURCE_REQUIREMENTS_LIST
  qword = 11,                       // REG_QWORD: 8 bytes little-endian
};

// "REG_SZ", ..., or "REG_0x%X" for unknown types.
std::string value_type_name(ValueType type);

struct Limits {
  std::uint32_t max_depth = 512;
  std::uint32_t max_subkeys_per_key = 262'144;
  std::uint32_t max_values_per_key = 262'144;
  std::uint64_t max_cells = 10'000'000;
  std::size_t max_value_size = 64u << 20;
  std::size_t max_line_length = 64u << 20;
  std::size_t max_keys = 2'000'000;
};

class Hive;
class Key;
class Value;

namespace detail {
class HiveImpl;
struct Access;
}  // namespace detail

// One value: name, type and raw data, plus typed decoders. Decoders fail with Errc::format on a wrong
// type or length, with `where` naming the value's cell or line.
class Value {
 public:
  const std::string& name() const noexcept { return m_name; }  // "" = the default value
  ValueType type() const noexcept { return m_type; }
  std::span<const std::uint8_t> data() const noexcept {
    return m_owned_data ? std::span<const std::uint8_t>(m_owned) : m_view;
  }
  const std::string& where() const noexcept { return m_where; }  // "SYSTEM@0x2040" or "x.reg:12"

  // REG_SZ, REG_EXPAND_SZ, REG_LINK: UTF-16LE -> UTF-8, stops at the first NUL; an odd final byte is
  // ignored.
  Result<std::string> as_string() const;
  // REG_MULTI_SZ: the strings up to the first empty one (the terminator); an unterminated tail counts.
  Result<std::vector<std::string>> as_multi_sz() const;
  // REG_DWORD (little-endian) or REG_DWORD_BIG_ENDIAN; data must be exactly 4 bytes.
  Result<std::uint32_t> as_dword() const;
  // REG_QWORD; data must be exactly 8 bytes.
  Result<std::uint64_t> as_qword() const;

 private:
  friend struct detail::Access;
  std::string m_name;
  ValueType m_type = ValueType::none;
  std::span<const std::uint8_t> m_view;  // into the hive bytes or the Hive's tree
  std::vector<std::uint8_t> m_owned;     // assembled big data
  bool m_owned_data = false;
  std::string m_where;
};

// A handle on one key: cheap to copy, valid while its Hive lives.
class Key {
 public:
  std::string name() const;                          // UTF-8; the root's name as stored in the hive
  std::optional<std::uint64_t> last_write() const;   // FILETIME (100 ns since 1601); none for .reg
  std::vector<Key> subkeys() const;                  // in list order (regf) / file order (.reg)
  std::vector<Value> values() const;                 // in list order (regf) / file order (.reg)
  Result<Key> subkey(std::string_view name) const;   // ASCII case-insensitive; Errc::not_found
  Result<Value> value(std::string_view name) const;  // ASCII case-insensitive; "" = default value
  std::string where() const;                         // "SYSTEM@0x1020" or "x.reg:12"

 private:
  friend struct detail::Access;
  Key(const detail::HiveImpl* impl, std::uint32_t id) : m_impl(impl), m_id(id) {}
  const detail::HiveImpl* m_impl;
  std::uint32_t m_id;
};

class Hive {
 public:
  // A binary regf hive. `name` (e.g. "SYSTEM") prefixes every `where`. Does not copy `bytes`.
  // Fails (Errc::format / unsupported / limit) only when the base block or root key is unusable.
  static Result<Hive> open_regf(std::span<const std::uint8_t> bytes, std::string name, Diagnostics& diag,
                                const Limits& limits = {});

  // A .reg export (REGEDIT4 or "Windows Registry Editor Version 5.00"), as UTF-16LE with a BOM or as
  // 8-bit text (each line UTF-8 if it is valid UTF-8, Latin-1 otherwise). The key named `root_prefix`
  // (e.g. "HKEY_LOCAL_MACHINE\SYSTEM"; "" = paths are already hive-relative, like hivexregedit's
  // "[\Select]") becomes the root; keys outside it are warnings. String data ("...") is stored as
  // UTF-16LE with a NUL terminator, as the registry holds it; REGEDIT4 hex(1)/hex(2)/hex(7) bytes are
  // ANSI and are widened likewise. Deletions ([-KEY], "name"=-) are ignored with a warning. A value set
  // twice in one key keeps the last. Fails (Errc::format) only when the header is missing.
  //   Sample input                               Result
  //   REGEDIT4                                   root
  //   [HKEY_LOCAL_MACHINE\SYSTEM\Select]          Select
  //   "Current"=dword:00000001                      Current  REG_DWORD  01 00 00 00
  static Result<Hive> open_reg(std::string_view text_bytes, std::string name, std::string_view root_prefix,
                               Diagnostics& diag, const Limits& limits = {});

  Hive(Hive&&) noexcept;
  Hive& operator=(Hive&&) noexcept;
  ~Hive();

  const std::string& name() const noexcept;
  Key root() const;
  // Backslash-separated path relative to the root, ASCII case-insensitive; empty components are
  // ignored ("" and "\" are the root). Errc::not_found names the first missing component.
  Result<Key> find(std::string_view path) const;

 private:
  explicit Hive(std::unique_ptr<detail::HiveImpl> impl);
  std::unique_ptr<detail::HiveImpl> m_impl;
};

// The SYSTEM hive's current control set: Select\Current as "ControlSet%03u" (e.g. "ControlSet001").
// Errc::not_found without Select\Current, Errc::format on a non-DWORD or a number outside 1..999.
Result<std::string> current_control_set(const Hive& system);

}  // namespace migready::hive
