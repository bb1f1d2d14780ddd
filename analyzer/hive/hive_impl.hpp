// The backend interface behind Hive/Key (internal). A key is an opaque 32-bit id: the nk cell offset
// for regf, a node index for .reg. Backends report nothing at navigation time: problems were reported
// to Diagnostics when the hive was opened.
#pragma once

#include <cstdint>
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
  // Default: scan subkey_ids comparing names; backends with an index override it.
  virtual std::optional<std::uint32_t> find_subkey(std::uint32_t id, std::string_view name) const;

 private:
  std::string m_name;
};

// Builds Keys and Values for the backends (their constructors are private to keep the API small).
struct Access {
  static Key key(const HiveImpl* impl, std::uint32_t id) { return Key(impl, id); }
  static std::uint32_t id(const Key& key) { return key.m_id; }
  static Value view_value(std::string name, std::uint32_t type, std::span<const std::uint8_t> data,
                          std::string where) {
    Value v;
    v.m_name = std::move(name);
    v.m_type = static_cast<ValueType>(type);
    v.m_view = data;
    v.m_where = std::move(where);
    return v;
  }
  static Value owned_value(std::string name, std::uint32_t type, std::vector<std::uint8_t> data,
                           std::string where) {
    Value v;
    v.m_name = std::move(name);
    v.m_type = static_cast<ValueType>(type);
    v.m_owned = std::move(data);
    v.m_owned_data = true;
    v.m_where = std::move(where);
    return v;
  }
};

Result<std::unique_ptr<HiveImpl>> make_regf(std::span<const std::uint8_t> bytes, std::string name,
                                            Diagnostics& diag, const Limits& limits);
Result<std::unique_ptr<HiveImpl>> make_reg_text(std::string_view text_bytes, std::string name,
                                                std::string_view root_prefix, Diagnostics& diag,
                                                const Limits& limits);

}  // namespace migready::hive::detail
