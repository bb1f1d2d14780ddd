#include "hive_test_util.hpp"

#include <catch2/catch.hpp>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

using migready::Diagnostics;
using migready::hive::Hive;
using migready::hive::Key;

namespace hive_test {

std::filesystem::path tmp_dir() {
  std::filesystem::path dir = std::filesystem::path(MIGREADY_TEST_TMP_DIR) / "hive";
  std::filesystem::create_directories(dir);
  return dir;
}

std::vector<std::uint8_t> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_text(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  REQUIRE(out.good());
}

std::string sh_quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out.push_back(c);
  }
  return out + "'";
}

std::string run(const std::string& command) {
  INFO("command: " << command);
  FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  std::array<char, 65536> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
  const int status = pclose(pipe);
  if (status != 0) FAIL("command failed (status " << status << "); is the tool installed? " << command);
  return out;
}

std::filesystem::path real_hive(const std::string& name) {
  const auto out = tmp_dir() / name;
  if (!std::filesystem::exists(out)) {
    const auto src = std::filesystem::path(MIGREADY_SHARED_DIR) / "hives" / "real" / (name + ".xz");
    REQUIRE(std::filesystem::exists(src));
    // ctest runs test cases as parallel processes: each unpacks into its own file, and the rename, atomic,
    // lets whichever finishes last replace an identical copy.
    const auto part = out.string() + "." + std::to_string(::getpid()) + ".part";
    run("xz -dc " + sh_quote(src.string()) + " > " + sh_quote(part));
    std::filesystem::rename(part, out);
  }
  return out;
}

std::filesystem::path hivex_merge(const std::filesystem::path& reg_file, const std::string& out_name) {
  const auto out = tmp_dir() / out_name;
  std::filesystem::remove(out);
  std::filesystem::copy_file(std::filesystem::path(MIGREADY_SHARED_DIR) / "hives" / "minimal", out);
  std::filesystem::permissions(out, std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
  run("hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\\SOFTWARE' " + sh_quote(out.string()) + " " +
      sh_quote(reg_file.string()));
  return out;
}

std::string hivex_export(const std::filesystem::path& hive) {
  return run("hivexregedit --export " + sh_quote(hive.string()) + " '\\'");
}

namespace {

void normalise_key(const Key& key, const std::string& path, std::set<std::string>& keys,
                   std::vector<std::string>& values, unsigned depth) {
  REQUIRE(depth < 600);
  keys.insert("K " + path);
  static constexpr char kHex[] = "0123456789abcdef";
  for (const auto& v : key.values()) {
    std::string hex;
    for (std::uint8_t b : v.data()) {
      hex.push_back(kHex[b >> 4]);
      hex.push_back(kHex[b & 15]);
    }
    values.push_back("V " + path + "\t" + v.name() + "\t" + std::to_string(static_cast<std::uint32_t>(v.type())) +
                     "\t" + hex);
  }
  for (const auto& child : key.subkeys()) normalise_key(child, path + "\\" + child.name(), keys, values, depth + 1);
}

std::size_t walk_key(const Key& key, unsigned depth) {
  REQUIRE(depth < 600);
  (void)key.name();
  (void)key.last_write();
  (void)key.where();
  // Lookups by name only for the first few: each is a linear scan, and all of them would be quadratic.
  std::size_t i = 0;
  const auto values = key.values();
  std::string buffer = "left over from before";
  for (const auto& v : values) {
    const auto text = v.as_string();
    const auto text_in_buffer = v.as_string(buffer);
    REQUIRE(text.has_value() == text_in_buffer.has_value());
    if (text) CHECK(*text == *text_in_buffer);
    const auto list = v.as_multi_sz();
    const auto list_in_buffer = v.as_multi_sz(buffer);
    REQUIRE(list.has_value() == list_in_buffer.has_value());
    if (list) {
      std::string joined;
      for (const auto& item : *list) joined.append(item).push_back('\0');
      CHECK(joined == *list_in_buffer);
    } else {
      CHECK(list.error().where == v.where());
    }
    (void)v.as_dword();
    (void)v.as_qword();
    if (i++ < 3) CHECK(key.value(v.name()).has_value());
  }
  std::size_t visited = 0;
  key.for_each_value([&](const migready::hive::Value& v) {
    REQUIRE(visited < values.size());
    CHECK(trace_value(v) == trace_value(values[visited]));
    ++visited;
  });
  CHECK(visited == values.size());
  std::size_t n = 1;
  i = 0;
  const auto subkeys = key.subkeys();
  std::size_t listed = 0;
  key.for_each_subkey([&](const Key& child) {
    REQUIRE(listed < subkeys.size());
    CHECK(child.where() == subkeys[listed].where());
    ++listed;
  });
  CHECK(listed == subkeys.size());
  for (const auto& child : subkeys) {
    if (i++ < 3) CHECK(key.subkey(child.name()).has_value());
    n += walk_key(child, depth + 1);
  }
  return n;
}

void trace_key_recursive(const Key& key, std::uint32_t depth, std::vector<std::string>& out) {
  REQUIRE(depth < 600);
  out.push_back(trace_key(key, depth));
  for (const auto& v : key.values()) out.push_back(trace_value(v));
  for (const auto& child : key.subkeys()) trace_key_recursive(child, depth + 1, out);
}

void put32(std::vector<std::uint8_t>& b, std::size_t at, std::uint32_t v) {
  for (std::size_t i = 0; i < 4; ++i) b[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

void push16(std::vector<std::uint8_t>& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v));
  b.push_back(static_cast<std::uint8_t>(v >> 8));
}

void push32(std::vector<std::uint8_t>& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

}  // namespace

std::vector<std::string> normalise(const Hive& hive) {
  std::set<std::string> keys;
  std::vector<std::string> values;
  normalise_key(hive.root(), "", keys, values, 0);
  std::vector<std::string> out(keys.begin(), keys.end());
  out.insert(out.end(), values.begin(), values.end());
  std::sort(out.begin(), out.end());
  return out;
}

std::size_t walk_everything(const Hive& hive) {
  const std::size_t keys = walk_key(hive.root(), 0);
  TraceVisitor visitor;
  hive.walk(visitor);
  CHECK(visitor.lines == trace_recursive(hive));
  return keys;
}

std::string trace_key(const Key& key, std::uint32_t depth) {
  return "K " + std::to_string(depth) + " " + key.name() + " " + key.where();
}

std::string trace_value(const migready::hive::Value& v, bool with_name) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string line = "V " + (with_name ? v.name() : std::string()) + " " +
                     std::to_string(static_cast<std::uint32_t>(v.type())) + " ";
  for (std::uint8_t b : v.data()) {
    line.push_back(kHex[b >> 4]);
    line.push_back(kHex[b & 15]);
  }
  return line + " " + v.where();
}

std::vector<std::string> trace_recursive(const Hive& hive) {
  std::vector<std::string> out;
  trace_key_recursive(hive.root(), 0, out);
  return out;
}

void TraceVisitor::key(const Key& key, std::uint32_t depth) { lines.push_back(trace_key(key, depth)); }

void TraceVisitor::value(const Key&, const migready::hive::Value& v) {
  if (!m_names) CHECK(v.name().empty());
  lines.push_back(trace_value(v, m_names));
}

RegfBuilder::RegfBuilder() : m_bins(0x20, 0) {
  m_bins[0] = 'h';
  m_bins[1] = 'b';
  m_bins[2] = 'i';
  m_bins[3] = 'n';
}

std::uint32_t RegfBuilder::cell(const std::vector<std::uint8_t>& payload, bool allocated) {
  const auto offset = static_cast<std::uint32_t>(m_bins.size());
  const std::size_t size = (payload.size() + 4 + 7) / 8 * 8;
  const auto size32 = static_cast<std::uint32_t>(size);
  m_bins.resize(m_bins.size() + size, 0);
  put32(m_bins, offset, allocated ? 0u - size32 : size32);
  std::copy(payload.begin(), payload.end(), m_bins.begin() + offset + 4);
  return offset;
}

std::uint32_t RegfBuilder::nk(std::string_view name, std::uint32_t subkey_count, std::uint32_t subkey_list,
                              std::uint32_t value_count, std::uint32_t value_list, std::uint16_t flags) {
  std::vector<std::uint8_t> p(0x4C, 0);
  p[0] = 'n';
  p[1] = 'k';
  p[2] = static_cast<std::uint8_t>(flags);
  p[3] = static_cast<std::uint8_t>(flags >> 8);
  put32(p, 0x04, 0x01d0'0000u);      // FILETIME low
  put32(p, 0x08, 0x01cf'0000u);      // FILETIME high
  put32(p, 0x10, 0xFFFFFFFFu);       // parent
  put32(p, 0x14, subkey_count);
  put32(p, 0x1C, subkey_list);
  put32(p, 0x20, 0xFFFFFFFFu);
  put32(p, 0x24, value_count);
  put32(p, 0x28, value_list);
  put32(p, 0x2C, 0xFFFFFFFFu);       // no security cell
  put32(p, 0x30, 0xFFFFFFFFu);
  p[0x48] = static_cast<std::uint8_t>(name.size());
  p[0x49] = static_cast<std::uint8_t>(name.size() >> 8);
  p.insert(p.end(), name.begin(), name.end());
  return cell(p);
}

std::uint32_t RegfBuilder::vk(std::string_view name, std::uint32_t type, std::uint32_t data_size,
                              std::uint32_t data_offset, std::uint16_t flags) {
  std::vector<std::uint8_t> p;
  p.push_back('v');
  p.push_back('k');
  push16(p, static_cast<std::uint16_t>(name.size()));
  push32(p, data_size);
  push32(p, data_offset);
  push32(p, type);
  push16(p, flags);
  push16(p, 0);
  p.insert(p.end(), name.begin(), name.end());
  return cell(p);
}

std::uint32_t RegfBuilder::list(std::string_view sig, const std::vector<std::uint32_t>& offsets) {
  std::vector<std::uint8_t> p{static_cast<std::uint8_t>(sig[0]), static_cast<std::uint8_t>(sig[1])};
  push16(p, static_cast<std::uint16_t>(offsets.size()));
  const bool pairs = sig == "lf" || sig == "lh";
  for (std::uint32_t o : offsets) {
    push32(p, o);
    if (pairs) push32(p, 0);
  }
  return cell(p);
}

std::uint32_t RegfBuilder::offsets(const std::vector<std::uint32_t>& offsets) {
  std::vector<std::uint8_t> p;
  for (std::uint32_t o : offsets) push32(p, o);
  return cell(p);
}

void RegfBuilder::put_u32(std::uint32_t bins_offset, std::uint32_t value) { put32(m_bins, bins_offset, value); }
void RegfBuilder::put_u16(std::uint32_t bins_offset, std::uint16_t value) {
  m_bins[bins_offset] = static_cast<std::uint8_t>(value);
  m_bins[bins_offset + 1] = static_cast<std::uint8_t>(value >> 8);
}

std::vector<std::uint8_t> RegfBuilder::finish(std::uint32_t root, std::uint32_t minor) const {
  std::vector<std::uint8_t> bins = m_bins;
  const std::size_t free_start = bins.size();
  bins.resize((bins.size() + 8 + 0xFFF) / 0x1000 * 0x1000, 0);
  put32(bins, free_start, static_cast<std::uint32_t>(bins.size() - free_start));  // one free cell to the end
  put32(bins, 0x04, 0);
  put32(bins, 0x08, static_cast<std::uint32_t>(bins.size()));
  std::vector<std::uint8_t> file(0x1000, 0);
  file[0] = 'r';
  file[1] = 'e';
  file[2] = 'g';
  file[3] = 'f';
  put32(file, 0x04, 1);
  put32(file, 0x08, 1);
  put32(file, 0x14, 1);
  put32(file, 0x18, minor);
  put32(file, 0x20, 1);
  put32(file, 0x24, root);
  put32(file, 0x28, static_cast<std::uint32_t>(bins.size()));
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < 0x1FC; i += 4) {
    sum ^= static_cast<std::uint32_t>(file[i] | (file[i + 1] << 8) | (file[i + 2] << 16)) |
           (static_cast<std::uint32_t>(file[i + 3]) << 24);
  }
  put32(file, 0x1FC, sum);
  file.resize(0x1000 + bins.size());  // not insert(): GCC 12 -O2 reports a false -Warray-bounds
  std::copy(bins.begin(), bins.end(), file.begin() + 0x1000);
  return file;
}

}  // namespace hive_test
