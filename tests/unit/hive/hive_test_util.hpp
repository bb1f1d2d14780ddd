// Helpers for the hive tests: running the independent tools (hivexregedit, xz), normalising a hive into
// comparable lines, and building small regf images byte by byte for the error branches.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "hive/hive.hpp"

namespace hive_test {

std::filesystem::path tmp_dir();  // MIGREADY_TEST_TMP_DIR/hive
std::vector<std::uint8_t> read_bytes(const std::filesystem::path& path);
std::string read_text(const std::filesystem::path& path);
void write_text(const std::filesystem::path& path, std::string_view text);
// Runs a shell command; FAILs the test (not skips) when it cannot run or exits non-zero. Returns stdout.
std::string run(const std::string& command);
// Single-quotes for /bin/sh.
std::string sh_quote(std::string_view s);
// /work/shared/hives/real/<name>.xz decompressed into tmp_dir() (once per run).
std::filesystem::path real_hive(const std::string& name);
// A copy of shared/hives/minimal with `reg_file` merged in by hivexregedit under HKLM\SOFTWARE.
std::filesystem::path hivex_merge(const std::filesystem::path& reg_file, const std::string& out_name);
// hivexregedit --export <hive> '\' as text.
std::string hivex_export(const std::filesystem::path& hive);

// One line per key ("K path") and per value ("V path\tname\ttype\thex"), sorted; keys deduplicated.
std::vector<std::string> normalise(const migready::hive::Hive& hive);
// Visits every key and value and decodes every value every way; returns the number of keys. Also checks
// that the visitor APIs (for_each_value, for_each_subkey, the buffer decoders) agree with the vector ones.
std::size_t walk_everything(const migready::hive::Hive& hive);

// One line per key ("K depth name where") and per value ("V name type hex where"), in visit order.
// trace_recursive recurses over values()/subkeys(); TraceVisitor records what a HiveVisitor is shown.
std::vector<std::string> trace_recursive(const migready::hive::Hive& hive);
class TraceVisitor : public migready::hive::HiveVisitor {
 public:
  explicit TraceVisitor(bool names = true) : m_names(names) {}
  void key(const migready::hive::Key& key, std::uint32_t depth) override;
  void value(const migready::hive::Key& key, const migready::hive::Value& value) override;
  bool wants_value_names() const override { return m_names; }
  std::vector<std::string> lines;

 private:
  bool m_names;
};
std::string trace_key(const migready::hive::Key& key, std::uint32_t depth);
std::string trace_value(const migready::hive::Value& value, bool with_name = true);

// Builds a regf image: base block + one hive bin. Offsets returned are relative to the bins data.
class RegfBuilder {
 public:
  RegfBuilder();
  std::uint32_t cell(const std::vector<std::uint8_t>& payload, bool allocated = true);
  std::uint32_t nk(std::string_view name, std::uint32_t subkey_count, std::uint32_t subkey_list,
                   std::uint32_t value_count, std::uint32_t value_list, std::uint16_t flags = 0x20);
  std::uint32_t vk(std::string_view name, std::uint32_t type, std::uint32_t data_size, std::uint32_t data_offset,
                   std::uint16_t flags = 1);
  std::uint32_t list(std::string_view sig, const std::vector<std::uint32_t>& offsets);  // lf/lh/li/ri
  std::uint32_t offsets(const std::vector<std::uint32_t>& offsets);                     // value list
  void put_u32(std::uint32_t bins_offset, std::uint32_t value);  // patch the bins data
  void put_u16(std::uint32_t bins_offset, std::uint16_t value);
  std::vector<std::uint8_t> finish(std::uint32_t root, std::uint32_t minor = 5) const;

 private:
  std::vector<std::uint8_t> m_bins;
};

}  // namespace hive_test
