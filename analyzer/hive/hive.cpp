// Hive, Key and Value: the format-independent surface over the two backends, plus typed decoders.
#include "hive/hive.hpp"

#include <cstdint>
#include <cstdio>

#include "contract/ascii.hpp"
#include "contract/hex.hpp"
#include "hive/hive_impl.hpp"
#include "hive/text_codec.hpp"

namespace migready::hive {

using detail::Access;

std::string value_type_name(ValueType type) {
  switch (type) {
    case ValueType::none: return "REG_NONE";
    case ValueType::sz: return "REG_SZ";
    case ValueType::expand_sz: return "REG_EXPAND_SZ";
    case ValueType::binary: return "REG_BINARY";
    case ValueType::dword: return "REG_DWORD";
    case ValueType::dword_big_endian: return "REG_DWORD_BIG_ENDIAN";
    case ValueType::link: return "REG_LINK";
    case ValueType::multi_sz: return "REG_MULTI_SZ";
    case ValueType::resource_list: return "REG_RESOURCE_LIST";
    case ValueType::full_resource_descriptor: return "REG_FULL_RESOURCE_DESCRIPTOR";
    case ValueType::resource_requirements_list: return "REG_RESOURCE_REQUIREMENTS_LIST";
    case ValueType::qword: return "REG_QWORD";
  }
  return "REG_" + contract::hex_number(static_cast<std::uint32_t>(type));
}

namespace {

Error type_error(const Value& v, const char* wanted) {
  return make_error(Errc::format,
                    "value \"" + v.name() + "\" is " + value_type_name(v.type()) + ", expected " + wanted,
                    v.where());
}

}  // namespace

std::string Value::where() const { return m_hive != nullptr ? m_hive->value_where(m_at) : std::string(); }

Result<std::string> Value::as_string() const {
  if (m_type != ValueType::sz && m_type != ValueType::expand_sz && m_type != ValueType::link) {
    return type_error(*this, "REG_SZ or REG_EXPAND_SZ");
  }
  return detail::utf16le_to_utf8(data(), /*stop_at_nul=*/true);
}

Result<std::string_view> Value::as_string(std::string& buffer) const {
  if (m_type != ValueType::sz && m_type != ValueType::expand_sz && m_type != ValueType::link) {
    return type_error(*this, "REG_SZ or REG_EXPAND_SZ");
  }
  buffer.clear();
  detail::append_utf16le_as_utf8(buffer, data(), /*stop_at_nul=*/true);
  return std::string_view(buffer);
}

namespace {

// Splits REG_MULTI_SZ data into its UTF-16LE strings, up to the first empty one (the terminator); an
// unterminated tail counts. fn(bytes) per string.
template <typename Fn>
void split_multi_sz(std::span<const std::uint8_t> bytes, Fn&& fn) {
  std::size_t start = 0;
  const std::size_t end = bytes.size() & ~std::size_t{1};
  for (std::size_t i = 0; i < end; i += 2) {
    if (bytes[i] == 0 && bytes[i + 1] == 0) {
      if (i == start) return;  // the empty string that terminates the list
      fn(bytes.subspan(start, i - start));
      start = i + 2;
    }
  }
  if (start < end) fn(bytes.subspan(start, end - start));
}

}  // namespace

Result<std::vector<std::string>> Value::as_multi_sz() const {
  if (m_type != ValueType::multi_sz) return type_error(*this, "REG_MULTI_SZ");
  std::vector<std::string> out;
  split_multi_sz(data(), [&](std::span<const std::uint8_t> item) { out.push_back(detail::utf16le_to_utf8(item, false)); });
  return out;
}

Result<std::string_view> Value::as_multi_sz(std::string& buffer) const {
  if (m_type != ValueType::multi_sz) return type_error(*this, "REG_MULTI_SZ");
  buffer.clear();
  split_multi_sz(data(), [&](std::span<const std::uint8_t> item) {
    detail::append_utf16le_as_utf8(buffer, item, false);
    buffer.push_back('\0');
  });
  return std::string_view(buffer);
}

Result<std::uint32_t> Value::as_dword() const {
  if (m_type != ValueType::dword && m_type != ValueType::dword_big_endian) {
    return type_error(*this, "REG_DWORD");
  }
  const auto d = data();
  if (d.size() != 4 || m_truncated) {
    return make_error(Errc::format,
                      "value \"" + m_name + "\" is a DWORD of " + (m_truncated ? "more than " : "") +
                          std::to_string(d.size()) + " bytes, expected 4",
                      where());
  }
  if (m_type == ValueType::dword) {
    return static_cast<std::uint32_t>(d[0] | (d[1] << 8) | (d[2] << 16)) | (static_cast<std::uint32_t>(d[3]) << 24);
  }
  return static_cast<std::uint32_t>(d[3] | (d[2] << 8) | (d[1] << 16)) | (static_cast<std::uint32_t>(d[0]) << 24);
}

Result<std::uint64_t> Value::as_qword() const {
  if (m_type != ValueType::qword) return type_error(*this, "REG_QWORD");
  const auto d = data();
  if (d.size() != 8 || m_truncated) {
    return make_error(Errc::format,
                      "value \"" + m_name + "\" is a QWORD of " + (m_truncated ? "more than " : "") +
                          std::to_string(d.size()) + " bytes, expected 8",
                      where());
  }
  std::uint64_t v = 0;
  for (std::size_t i = 8; i-- > 0;) v = (v << 8) | d[i];
  return v;
}

std::string Key::name() const { return m_impl->key_name(m_id); }
std::optional<std::uint64_t> Key::last_write() const { return m_impl->key_last_write(m_id); }
std::string Key::where() const { return m_impl->key_where(m_id); }

std::vector<Key> Key::subkeys() const {
  std::vector<Key> out;
  for (std::uint32_t id : m_impl->subkey_ids(m_id)) out.push_back(Key(m_impl, id));
  return out;
}

std::vector<Value> Key::values() const { return m_impl->values(m_id); }

void Key::for_each_value(const std::function<void(const Value&)>& fn) const { m_impl->for_each_value(m_id, fn); }

void Key::for_each_subkey(const std::function<void(const Key&)>& fn) const {
  m_impl->for_each_subkey(m_id, [&](std::uint32_t id) { fn(Key(m_impl, id)); });
}

void HiveVisitor::key(const Key&, std::uint32_t) {}
void HiveVisitor::value(const Key&, const Value&) {}

Result<Key> Key::subkey(std::string_view name) const {
  if (auto id = m_impl->find_subkey(m_id, name)) return Key(m_impl, *id);
  return make_error(Errc::not_found, "no subkey \"" + std::string(name) + "\"", where());
}

Result<Value> Key::value(std::string_view name) const { return m_impl->find_value(m_id, name, SIZE_MAX); }

Result<Value> Key::value(std::string_view name, std::size_t max_data) const {
  return m_impl->find_value(m_id, name, max_data);
}

namespace detail {

Result<Value> HiveImpl::find_value(std::uint32_t id, std::string_view name, std::size_t max_data) const {
  for (auto& v : values(id)) {
    if (contract::equals_ci(v.name(), name)) {
      Access::truncate(v, max_data);
      return std::move(v);
    }
  }
  return make_error(Errc::not_found, "no value \"" + std::string(name) + "\"", key_where(id));
}

std::optional<std::uint32_t> HiveImpl::find_subkey(std::uint32_t id, std::string_view name) const {
  for (std::uint32_t child : subkey_ids(id)) {
    if (contract::equals_ci(key_name(child), name)) return child;
  }
  return std::nullopt;
}

void HiveImpl::for_each_value(std::uint32_t id, const std::function<void(const Value&)>& fn) const {
  for (const auto& v : values(id)) fn(v);
}

void HiveImpl::for_each_subkey(std::uint32_t id, const std::function<void(std::uint32_t)>& fn) const {
  for (std::uint32_t child : subkey_ids(id)) fn(child);
}

void HiveImpl::walk(HiveVisitor& visitor) const {
  struct Frame {
    std::uint32_t id;
    std::uint32_t depth;
  };
  std::vector<Frame> stack{{root_id(), 0}};
  std::vector<std::uint32_t> children;
  while (!stack.empty()) {
    const Frame frame = stack.back();
    stack.pop_back();
    const Key key = Access::key(this, frame.id);
    visitor.key(key, frame.depth);
    for_each_value(frame.id, [&](const Value& v) { visitor.value(key, v); });
    children.clear();
    for_each_subkey(frame.id, [&](std::uint32_t child) { children.push_back(child); });
    for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back({*it, frame.depth + 1});
  }
}

}  // namespace detail

Hive::Hive(std::unique_ptr<detail::HiveImpl> impl) : m_impl(std::move(impl)) {}
Hive::Hive(Hive&&) noexcept = default;
Hive& Hive::operator=(Hive&&) noexcept = default;
Hive::~Hive() = default;

const std::string& Hive::name() const noexcept { return m_impl->name(); }
Key Hive::root() const { return Access::key(m_impl.get(), m_impl->root_id()); }
void Hive::walk(HiveVisitor& visitor) const { m_impl->walk(visitor); }
std::optional<Error> Hive::limit_reached() const { return m_impl->limit_reached(); }

Result<Key> Hive::find(std::string_view path) const {
  Key key = root();
  std::size_t pos = 0;
  while (pos <= path.size()) {
    std::size_t next = path.find('\\', pos);
    if (next == std::string_view::npos) next = path.size();
    std::string_view part = path.substr(pos, next - pos);
    if (!part.empty()) {
      auto child = key.subkey(part);
      if (!child) {
        return make_error(Errc::not_found,
                          "no key \"" + std::string(path.substr(0, next)) + "\" in hive " + name(), key.where());
      }
      key = *child;
    }
    pos = next + 1;
  }
  return key;
}

Result<Hive> Hive::open_regf(std::span<const std::uint8_t> bytes, std::string name, Diagnostics& diag,
                             const Limits& limits) {
  auto impl = detail::make_regf(bytes, std::move(name), diag, limits, nullptr);
  if (!impl) return std::move(impl).error();
  return Hive(std::move(*impl));
}

Result<Hive> Hive::open_regf(std::span<const std::uint8_t> bytes, std::string name, Diagnostics& diag,
                             HiveVisitor& visitor, const Limits& limits) {
  auto impl = detail::make_regf(bytes, std::move(name), diag, limits, &visitor);
  if (!impl) return std::move(impl).error();
  return Hive(std::move(*impl));
}

Result<Hive> Hive::open_reg(std::string_view text_bytes, std::string name, std::string_view root_prefix,
                            Diagnostics& diag, const Limits& limits) {
  auto impl = detail::make_reg_text(text_bytes, std::move(name), root_prefix, diag, limits);
  if (!impl) return std::move(impl).error();
  return Hive(std::move(*impl));
}

Result<std::string> current_control_set(const Hive& system) {
  auto select = system.find("Select");
  if (!select) return select.error();
  auto current = select->value("Current");
  if (!current) return current.error();
  auto number = current->as_dword();
  if (!number) return number.error();
  if (*number == 0 || *number > 999) {
    return make_error(Errc::format, "Select\\Current is " + std::to_string(*number) + ", expected 1..999",
                      current->where());
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "ControlSet%03u", static_cast<unsigned>(*number));
  std::string name(buffer);
  // The set Select names must be there: read as an empty set, every service and setting would look absent.
  auto set = system.find(name);
  if (!set) {
    return make_error(Errc::not_found, "Select\\Current names " + name + ", which the SYSTEM hive does not have",
                      current->where());
  }
  if (set->subkeys().empty()) {
    return make_error(Errc::not_found,
                      "Select\\Current names " + name + ", which is empty in the SYSTEM hive (no Control, no Services)",
                      set->where());
  }
  return name;
}

}  // namespace migready::hive
