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
//   where cells start, then walks the whole key tree once to report every problem and keeps the tree it
//   accepted (16 bytes per key). Navigation afterwards is zero-copy: names and values are re-read from
//   the bytes on demand and the same bad cells are skipped silently (they were reported at open). A key
//   cell reachable twice (a cycle or two lists sharing it) is kept only under its first parent, the
//   first met depth first in list order, so the navigable tree is finite and acyclic.
// - Shared cells. A regf value list, value or data cell may be listed any number of times (hostile hives
//   do it to amplify work): the open walk reads each value cell once (a value cell listed again is skipped
//   without repeating its warnings), an assembled big-data value is cached by its cell (the last one, so
//   memory stays at most max_value_size) and every value read, shared or not, counts its data against the
//   hive's decoded-bytes budget (Limits). Key::value(name) reads only the value asked for, and a reader that
//   needs only a prefix (a capped string, a DWORD) asks for that much: big data is then not assembled.
// - Names are UTF-8: compressed (Latin-1) names are widened, UTF-16LE names converted; unpaired
//   surrogates become U+FFFD. Embedded NULs are kept as they are in the hive.
// - Lookups by name (subkey, value, find) fold ASCII case only (A-Z = a-z); Windows folds all of Unicode,
//   which only matters for non-ASCII names. The empty value name is the key's default value ("@").
// - Reading everything: Hive::walk (or Key::for_each_value / for_each_subkey) visits keys and values
//   without building vectors, and hands out one reused Value; the as_string(buffer) / as_multi_sz(buffer)
//   decoders reuse the caller's buffer. A loop over a whole hive then allocates almost nothing.
//
// Lifetimes
// - regf: the byte buffer must outlive the Hive; the Hive must outlive every Key. A Value is
//   self-contained for its name, but its data() is a span into the hive bytes (regf) or into the Hive's
//   tree (.reg), except big-data (db) values, which are assembled into the Value itself, and its where()
//   is formatted on demand by the Hive. So: bytes > Hive > Key, Value. A Hive may be moved; Keys and
//   Values stay valid (they point at heap state).
//
// Limits (Limits{} defaults; exceeding one is a warning and the excess is skipped)
//   max_depth              512         key nesting below the root (both formats)
//   max_subkeys_per_key    262'144     subkeys read from one key's lists
//   max_values_per_key     262'144     values read from one key's value list
//   max_cells              10'000'000  cells visited by open_regf's walk (keys + lists + values)
//   max_value_size         64 MiB      assembled big-data value, or one .reg value's data
//   max_line_length        64 MiB      one logical .reg line (continuations joined)
//   max_keys               2'000'000   keys created from one .reg file
//   max_decoded_bytes      128 MiB     value data and names handed out by one regf Hive over its life,
//                                      counted per reference (a shared cell read 1000 times counts 1000
//                                      times; `hive walk` hashes and `hive export` prints it all), plus
//                                      twice the hive bins size, so reading a real hive whole twice always
//                                      fits. Past it, every further value read fails: a warning "input
//                                      exceeds LIMIT (N)" naming the value at open, Errc::limit from
//                                      Key::value afterwards, and walks skip the value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
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
  std::uint64_t max_decoded_bytes = std::uint64_t{128} << 20;
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
  std::span<const std::uint8_t> data() const noexcept { return m_view; }
  // True when data() holds only the first bytes of the value: it was read with a data cap
  // (Key::value(name, max_data)) and is longer. The typed decoders then decode that prefix (strings) or
  // fail (DWORD, QWORD).
  bool truncated() const noexcept { return m_truncated; }
  // "SYSTEM@0x2040" (the vk cell) or "x.reg:12"; formatted when asked, so only errors pay for it.
  std::string where() const;

  // REG_SZ, REG_EXPAND_SZ, REG_LINK: UTF-16LE -> UTF-8, stops at the first NUL; an odd final byte is
  // ignored.
  Result<std::string> as_string() const;
  // The same, decoded into `buffer` (replaced; its capacity is kept, so a loop over many values
  // allocates only for a string longer than any before). The view points into buffer.
  Result<std::string_view> as_string(std::string& buffer) const;
  // REG_MULTI_SZ: the strings up to the first empty one (the terminator); an unterminated tail counts.
  Result<std::vector<std::string>> as_multi_sz() const;
  // The same strings decoded into `buffer` (replaced, capacity kept), each followed by one NUL:
  // "a\0b\0" for {"a", "b"}, "" for none. A decoded string never holds a NUL byte, so this splits back
  // exactly. The view points into buffer.
  Result<std::string_view> as_multi_sz(std::string& buffer) const;
  // REG_DWORD (little-endian) or REG_DWORD_BIG_ENDIAN; data must be exactly 4 bytes.
  Result<std::uint32_t> as_dword() const;
  // REG_QWORD; data must be exactly 8 bytes.
  Result<std::uint64_t> as_qword() const;

 private:
  friend struct detail::Access;
  std::string m_name;
  ValueType m_type = ValueType::none;
  std::span<const std::uint8_t> m_view;  // into the hive bytes, the Hive's tree, or *m_owned
  std::shared_ptr<const std::vector<std::uint8_t>> m_owned;  // assembled big data, shared with the cache
  bool m_truncated = false;
  const detail::HiveImpl* m_hive = nullptr;  // formats where() from m_at; null: where() is ""
  std::uint64_t m_at = 0;                    // vk cell offset (regf) or line (.reg)
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
  // The same, with at most max_data bytes of data (Value::truncated() says when it was cut): a reader
  // that keeps a capped string or wants a DWORD does not pay for a 64 MiB value. Errc::limit when the
  // hive's decoded-bytes budget is spent.
  Result<Value> value(std::string_view name, std::size_t max_data) const;
  std::string where() const;                         // "SYSTEM@0x1020" or "x.reg:12"

  // The same values / subkeys, in the same order, without building a vector. fn gets one Value object
  // reused between calls (copy it to keep it); a regf value's name is decoded into that object's string,
  // whose capacity is kept, so the loop allocates almost nothing.
  void for_each_value(const std::function<void(const Value&)>& fn) const;
  void for_each_subkey(const std::function<void(const Key&)>& fn) const;

 private:
  friend struct detail::Access;
  Key(const detail::HiveImpl* impl, std::uint32_t id) : m_impl(impl), m_id(id) {}
  const detail::HiveImpl* m_impl;
  std::uint32_t m_id;
};

// What Hive::walk calls: key() for a key, then value() for each of its values, then the same for each
// subkey, depth first. The Value is reused between calls (copy it to keep it). Both default to nothing.
class HiveVisitor {
 public:
  virtual ~HiveVisitor() = default;
  virtual void key(const Key& key, std::uint32_t depth);
  virtual void value(const Key& key, const Value& value);
  // false: value() never reads Value::name(), so regf names are not decoded (name() is then "").
  virtual bool wants_value_names() const { return true; }
};

class Hive {
 public:
  // A binary regf hive. `name` (e.g. "SYSTEM") prefixes every `where`. Does not copy `bytes`.
  // Fails (Errc::format / unsupported / limit) only when the base block or root key is unusable.
  static Result<Hive> open_regf(std::span<const std::uint8_t> bytes, std::string name, Diagnostics& diag,
                                const Limits& limits = {});
  // The same, and visits the hive during open's validating walk: the visitor sees exactly the keys,
  // depths and values, in the same order, as walk(visitor) on the opened Hive would, but the hive is read
  // once instead of twice. While it runs the tree is still being built: use each Key's name(),
  // last_write() and where() and the Values handed over, not subkeys()/subkey()/find() (they see only
  // what was accepted so far). When the open fails, the visitor has seen nothing (every check that can
  // fail it comes before the walk).
  static Result<Hive> open_regf(std::span<const std::uint8_t> bytes, std::string name, Diagnostics& diag,
                                HiveVisitor& visitor, const Limits& limits = {});

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

  // Every key once, from the root (depth 0), depth first: the key, its values in values() order, then its
  // subkeys in subkeys() order, so exactly what recursing over values() and subkeys() would reach. Depth
  // is bounded by Limits::max_depth (the tree was checked at open); the walk itself uses no recursion.
  void walk(HiveVisitor& visitor) const;

  // The Errc::limit error ("input exceeds LIMIT (N)", naming the first value refused) once a budget of
  // this hive (Limits::max_decoded_bytes) is spent, else nullopt: a reader that walked the hive without a
  // Diagnostics (navigation reports nothing) adds it to its own, so skipped values are never silent.
  std::optional<Error> limit_reached() const;

 private:
  explicit Hive(std::unique_ptr<detail::HiveImpl> impl);
  std::unique_ptr<detail::HiveImpl> m_impl;
};

// The SYSTEM hive's current control set: Select\Current as "ControlSet%03u" (e.g. "ControlSet001").
// Errc::not_found without Select\Current, and when the hive has no such key or it has no subkey at all (an
// inconsistent hive: "Select\Current names ControlSet999, which the SYSTEM hive does not have"); a set with
// some subkeys is read as it is. Errc::format on a non-DWORD or a number outside 1..999.
Result<std::string> current_control_set(const Hive& system);

}  // namespace migready::hive
