// The backend interface behind Hive/Key (internal). A key is an opaque 32-bit id: a node index in the
// tree each backend built at open (the regf walk's accepted keys, the .reg parser's keys). Backends report nothing at navigation time: problems were reported
// to Diagnostics when the hive was opened.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "hive/hive.hpp"

namespace migready::hive::detail {

class HiveImpl {
 public:
  explicit HiveImpl(std::string name) : m_name(std::move(name)) {}
  virtual ~HiveImpl() = default;
  HiveImpl(const HiveImpl&) = delete;
  HiveImpl& operator=(const HiveImpl&) = delete;

  const std::string& name() const noexcept { return m_name; }

  virtual std::uint32_t root_id() const = 0;
  virtual std::string key_name(std::uint32_t id) const = 0;
  virtual std::optional<std::uint64_t> key_last_write(std::uint32_t id) const = 0;
  virtual std::vector<std::uint32_t> subkey_ids(std::uint32_t id) const = 0;
  virtual std::vector<Value> values(std::uint32_t id) const = 0;
  virtual std::string key_where(std::uint32_t id) const = 0;
  // A Value's where(), from the location the backend stored in it (Access::set_view's `at`).
  virtual std::string value_where(std::uint64_t at) const = 0;
  // The first usable value named `name` (ASCII case-insensitive) with at most max_data bytes of data:
  // Errc::not_found, or Errc::limit when the backend's budget is spent. Default: through values().
  virtual Result<Value> find_value(std::uint32_t id, std::string_view name, std::size_t max_data) const;
  // Default: scan subkey_ids comparing names; backends with an index override it.
  virtual std::optional<std::uint32_t> find_subkey(std::uint32_t id, std::string_view name) const;
  // Defaults: through values() / subkey_ids(); a backend that can avoid the vectors overrides them.
  virtual void for_each_value(std::uint32_t id, const std::function<void(const Value&)>& fn) const;
  virtual void for_each_subkey(std::uint32_t id, const std::function<void(std::uint32_t)>& fn) const;
  // See Hive::limit_reached. Default: none (the .reg backend has no decoded-bytes budget).
  virtual std::optional<Error> limit_reached() const { return std::nullopt; }
  // Default: iterative depth-first walk over for_each_value / subkey_ids (see Hive::walk).
  virtual void walk(HiveVisitor& visitor) const;

 private:
  std::string m_name;
};

// Builds Keys and Values for the backends (their constructors are private to keep the API small).
struct Access {
  static Key key(const HiveImpl* impl, std::uint32_t id) { return Key(impl, id); }
  static std::uint32_t id(const Key& key) { return key.m_id; }
  // Filling a Value in place lets a loop reuse one object: its name string and big-data buffer keep
  // their capacity. `at` is what impl->value_where(at) turns into the Value's where().
  static std::string& name(Value& v) { return v.m_name; }
  static void set_view(Value& v, std::uint32_t type, std::span<const std::uint8_t> data, const HiveImpl* impl,
                       std::uint64_t at) {
    v.m_type = static_cast<ValueType>(type);
    v.m_view = data;
    v.m_owned.reset();
    v.m_truncated = false;
    v.m_hive = impl;
    v.m_at = at;
  }
  // Data in a shared buffer (assembled big data): `data` is a span into *owned, which the Value keeps alive.
  static void set_shared(Value& v, std::uint32_t type, std::shared_ptr<const std::vector<std::uint8_t>> owned,
                         std::span<const std::uint8_t> data, const HiveImpl* impl, std::uint64_t at) {
    set_view(v, type, data, impl, at);
    v.m_owned = std::move(owned);
  }
  static void mark_truncated(Value& v) { v.m_truncated = true; }
  // Keeps only the first max_data bytes of the data (no copy), and says so.
  static void truncate(Value& v, std::size_t max_data) {
    if (v.m_view.size() <= max_data) return;
    v.m_view = v.m_view.first(max_data);
    v.m_truncated = true;
  }
};

// visitor: null, or visited during the validating walk (Hive::open_regf with a visitor).
Result<std::unique_ptr<HiveImpl>> make_regf(std::span<const std::uint8_t> bytes, std::string name,
                                            Diagnostics& diag, const Limits& limits, HiveVisitor* visitor);
Result<std::unique_ptr<HiveImpl>> make_reg_text(std::string_view text_bytes, std::string name,
                                                std::string_view root_prefix, Diagnostics& diag,
                                                const Limits& limits);

}  // namespace migready::hive::detail
