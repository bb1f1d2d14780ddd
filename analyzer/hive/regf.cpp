// The regf backend: a validating, lazy, zero-copy reader over the hive's bytes. See docs/regf-notes.md.
#include <algorithm>
#include <array>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "hive/byte_reader.hpp"
#include "hive/hive_impl.hpp"
#include "hive/text_codec.hpp"

namespace migready::hive::detail {
namespace {

// Base block: the first 4096 bytes of the file. Offsets from the start of the file.
namespace base {
constexpr std::size_t kSignature = 0x000;     // "regf"
constexpr std::size_t kPrimarySeq = 0x004;    // u32, bumped when a write starts
constexpr std::size_t kSecondarySeq = 0x008;  // u32, set equal to primary when it ends; unequal = dirty
constexpr std::size_t kLastWritten = 0x00C;   // FILETIME of the last write (unused here)
constexpr std::size_t kMajorVersion = 0x014;  // u32, always 1
constexpr std::size_t kMinorVersion = 0x018;  // u32, 3 (NT4..2003 mostly), 4 (big data), 5, 6 (layered)
constexpr std::size_t kFileType = 0x01C;      // u32, 0 = primary file; 1, 2, 6 = transaction logs
constexpr std::size_t kRootCell = 0x024;      // u32, root nk offset, relative to the hive bins data
constexpr std::size_t kBinsSize = 0x028;      // u32, size of the hive bins data, multiple of 4096
constexpr std::size_t kChecksum = 0x1FC;      // u32, XOR of the 127 u32 before it (0 -> 1, ~0 -> ~1)
constexpr std::size_t kSize = 0x1000;         // the hive bins data starts here; cell offsets count from it
}  // namespace base

// Hive bin header (32 bytes), offsets from the start of the bin.
namespace hbin {
constexpr std::size_t kSignature = 0x00;  // "hbin"
constexpr std::size_t kOffset = 0x04;     // u32, this bin's offset relative to the hive bins data
constexpr std::size_t kSize = 0x08;       // u32, size of this bin, multiple of 4096
constexpr std::size_t kHeaderSize = 0x20; // cells follow the header
constexpr std::size_t kAlignment = 0x1000;
}  // namespace hbin

// A cell: i32 size (negative = allocated, |size| includes these 4 bytes, multiple of 8), then the
// payload. Offsets below are from the start of the payload, i.e. 4 bytes after the cell offset.
constexpr std::size_t kCellHeader = 4;
constexpr std::size_t kCellAlignment = 8;

// nk: a key.
namespace nk {
constexpr std::size_t kFlags = 0x02;          // u16, see kFlag*
constexpr std::size_t kLastWrite = 0x04;      // FILETIME
constexpr std::size_t kParent = 0x10;         // u32, parent nk offset (not trusted: lists are)
constexpr std::size_t kSubkeyCount = 0x14;    // u32, stable subkeys
constexpr std::size_t kSubkeyList = 0x1C;     // u32, lf/lh/li/ri offset, ~0 when none
constexpr std::size_t kValueCount = 0x24;     // u32
constexpr std::size_t kValueList = 0x28;      // u32, offset of an array of vk offsets
constexpr std::size_t kSecurity = 0x2C;       // u32, sk offset
constexpr std::size_t kNameLength = 0x48;     // u16, bytes
constexpr std::size_t kName = 0x4C;           // name bytes follow the fixed part
constexpr std::uint16_t kFlagCompressedName = 0x0020;  // name is Latin-1, one byte per character
}  // namespace nk

// vk: a value.
namespace vk {
constexpr std::size_t kNameLength = 0x02;  // u16, bytes; 0 = the default value
constexpr std::size_t kDataSize = 0x04;    // u32, bit 31 set = data resident in kDataOffset (<= 4 bytes)
constexpr std::size_t kDataOffset = 0x08;  // u32, data cell offset, or the data itself when resident
constexpr std::size_t kType = 0x0C;        // u32, REG_*
constexpr std::size_t kFlags = 0x10;       // u16, see kFlag*
constexpr std::size_t kName = 0x14;
constexpr std::uint16_t kFlagCompressedName = 0x0001;
constexpr std::uint32_t kResident = 0x80000000u;
constexpr std::size_t kMaxResident = 4;
}  // namespace vk

// Subkey lists: 2-byte signature, u16 count, then entries.
namespace list {
constexpr std::size_t kCount = 0x02;
constexpr std::size_t kEntries = 0x04;
constexpr std::size_t kLfEntry = 8;  // lf/lh: u32 nk offset + u32 name hint/hash
constexpr std::size_t kLiEntry = 4;  // li/ri: u32 offset
}  // namespace list

// db: big data (hive version >= 1.4, data > kMaxSegment bytes).
namespace db {
constexpr std::size_t kSegmentCount = 0x02;  // u16
constexpr std::size_t kSegmentList = 0x04;   // u32, offset of an array of segment cell offsets
constexpr std::size_t kMinSize = 0x08;
constexpr std::size_t kMaxSegment = 16344;   // data bytes per segment cell
constexpr std::uint32_t kFirstVersion = 4;   // minor version that introduced db
}  // namespace db

constexpr std::uint32_t kNoOffset = 0xFFFFFFFFu;
constexpr std::uint32_t kRootParent = 0xFFFFFFFFu;

struct Cell {
  std::uint32_t offset;  // relative to the hive bins data
  ByteReader payload;
};

class RegfHive final : public HiveImpl {
 public:
  RegfHive(std::span<const std::uint8_t> file, std::string name, const Limits& limits)
      : HiveImpl(std::move(name)), m_file(file), m_limits(limits) {}

  Result<void> open(Diagnostics& diag);

  std::uint32_t root_id() const override { return m_root; }
  std::string key_name(std::uint32_t id) const override;
  std::optional<std::uint64_t> key_last_write(std::uint32_t id) const override;
  std::vector<std::uint32_t> subkey_ids(std::uint32_t id) const override;
  std::vector<Value> values(std::uint32_t id) const override { return read_values(id, nullptr); }
  std::string key_where(std::uint32_t id) const override { return where(id); }

 private:
  std::string where(std::uint64_t cell_offset) const {
    std::string at;
    at.reserve(name().size() + 1 + 2 + 16);  // one allocation per Value, not three
    return at.append(name()).append(1, '@').append(hex_offset(cell_offset + base::kSize));
  }
  void warn(Diagnostics* diag, Errc code, std::string message, std::uint64_t cell_offset) const {
    if (diag != nullptr) diag->warn(code, std::move(message), where(cell_offset));
  }

  void index_cells(Diagnostics& diag);
  bool is_cell_start(std::uint32_t offset) const {
    const std::size_t slot = offset / kCellAlignment;
    return slot / 64 < m_cell_starts.size() && ((m_cell_starts[slot / 64] >> (slot % 64)) & 1u) != 0;
  }
  Result<Cell> cell(std::uint32_t offset) const;
  Result<Cell> key_cell(std::uint32_t offset) const;
  void read_leaf_list(const Cell& c, std::vector<std::uint32_t>& out, Diagnostics* diag) const;
  std::vector<std::uint32_t> read_subkey_list(std::uint32_t key, const Cell& nk_cell, Diagnostics* diag) const;
  std::vector<Value> read_values(std::uint32_t key, Diagnostics* diag) const;
  std::optional<Value> read_value(std::uint32_t vk_offset, Diagnostics* diag) const;
  void walk(Diagnostics& diag);

  std::span<const std::uint8_t> m_file;
  ByteReader m_bins;                            // the hive bins data, as far as the file and header agree
  std::vector<std::uint64_t> m_cell_starts;     // bit per 8-byte slot: a cell starts here
  std::unordered_map<std::uint32_t, std::uint32_t> m_parent;  // accepted nk -> the nk listing it
  std::uint32_t m_root = 0;
  std::uint32_t m_minor = 0;
  Limits m_limits;
};

Result<void> RegfHive::open(Diagnostics& diag) {
  const ByteReader file(m_file);
  const std::string at = name() + "@0x0";
  if (!file.has(0, base::kSize)) {
    return make_error(Errc::format, "file is " + std::to_string(file.size()) + " bytes, shorter than a base block",
                      at);
  }
  if (!(file.sig2(base::kSignature, 'r', 'e') && file.sig2(base::kSignature + 2, 'g', 'f'))) {
    return make_error(Errc::format, "no \"regf\" signature: not a registry hive", at);
  }
  const std::uint32_t major = *file.u32(base::kMajorVersion);
  m_minor = *file.u32(base::kMinorVersion);
  if (major != 1) {
    return make_error(Errc::unsupported, "hive format version " + std::to_string(major) + "." +
                                             std::to_string(m_minor) + " (only 1.x is known)", at);
  }
  if (m_minor < 2 || m_minor > 6) {
    diag.warn(Errc::unsupported, "unknown hive minor version " + std::to_string(m_minor) + ", reading as 1.x", at);
  }
  std::uint32_t checksum = 0;
  for (std::size_t off = 0; off < base::kChecksum; off += 4) checksum ^= *file.u32(off);
  if (checksum == 0) checksum = 1;
  if (checksum == 0xFFFFFFFFu) checksum = 0xFFFFFFFEu;
  if (checksum != *file.u32(base::kChecksum)) {
    diag.warn(Errc::integrity, "base block checksum mismatch", name() + "@" + hex_offset(base::kChecksum));
  }
  if (*file.u32(base::kPrimarySeq) != *file.u32(base::kSecondarySeq)) {
    diag.warn(Errc::integrity,
              "hive is dirty (sequence numbers differ): changes in its transaction logs are not applied", at);
  }
  if (*file.u32(base::kFileType) != 0) {
    diag.warn(Errc::unsupported, "file type " + std::to_string(*file.u32(base::kFileType)) +
                                     " is not a primary hive file", at);
  }
  (void)base::kLastWritten;

  const std::size_t available = (file.size() - base::kSize) / hbin::kAlignment * hbin::kAlignment;
  std::size_t bins_size = *file.u32(base::kBinsSize);
  if (bins_size == 0 || bins_size % hbin::kAlignment != 0) {
    diag.warn(Errc::format, "hive bins size " + hex_offset(bins_size) + " is not a positive multiple of 4096; using the file size",
              name() + "@" + hex_offset(base::kBinsSize));
    bins_size = available;
  } else if (bins_size > available) {
    diag.warn(Errc::format, "hive bins size " + hex_offset(bins_size) + " exceeds the file; the hive is truncated",
              name() + "@" + hex_offset(base::kBinsSize));
    bins_size = available;
  }
  if (bins_size == 0) return make_error(Errc::format, "hive has no hive bins", at);
  // A header that undercounts its bins (seen in the wild) is overruled by a genuine bin right after.
  if (bins_size < available && file.sig2(base::kSize + bins_size, 'h', 'b') &&
      file.sig2(base::kSize + bins_size + 2, 'i', 'n') &&
      file.u32(base::kSize + bins_size + hbin::kOffset) == bins_size) {
    diag.warn(Errc::format, "hive bins continue past the size in the header; reading them too",
              name() + "@" + hex_offset(base::kBinsSize));
    bins_size = available;
  }
  m_bins = ByteReader(m_file.subspan(base::kSize, bins_size));

  index_cells(diag);

  m_root = *file.u32(base::kRootCell);
  auto root = key_cell(m_root);
  if (!root) {
    return make_error(Errc::format, "root key unusable: " + root.error().message,
                      name() + "@" + hex_offset(base::kRootCell));
  }
  walk(diag);
  return {};
}

// Walks the hive bins and records where cells start, so that an offset into the middle of a cell or
// into a bin header is rejected like an offset past the end. After a bad bin header the walk resumes at
// the next 4 KiB page holding "hbin" and its own offset: one corrupt bin loses its cells, not the rest.
void RegfHive::index_cells(Diagnostics& diag) {
  m_cell_starts.assign((m_bins.size() / kCellAlignment + 63) / 64, 0);
  auto genuine_bin = [&](std::size_t at) {
    return m_bins.sig2(at + hbin::kSignature, 'h', 'b') && m_bins.sig2(at + hbin::kSignature + 2, 'i', 'n') &&
           m_bins.u32(at + hbin::kOffset) == at;
  };
  std::size_t bin = 0;
  while (bin < m_bins.size()) {
    const std::string at = name() + "@" + hex_offset(bin + base::kSize);
    const bool signed_ok = m_bins.sig2(bin + hbin::kSignature, 'h', 'b') && m_bins.sig2(bin + hbin::kSignature + 2, 'i', 'n');
    const std::uint32_t bin_size = m_bins.u32(bin + hbin::kSize).value_or(0);
    if (!signed_ok || bin_size == 0 || bin_size % hbin::kAlignment != 0 || !m_bins.has(bin, bin_size)) {
      diag.warn(Errc::format, signed_ok ? "hive bin size " + hex_offset(bin_size) + " is invalid; skipped to the next bin"
                                        : "no \"hbin\" signature; skipped to the next bin", at);
      bin = (bin / hbin::kAlignment + 1) * hbin::kAlignment;
      while (bin < m_bins.size() && !genuine_bin(bin)) bin += hbin::kAlignment;
      continue;
    }
    if (m_bins.u32(bin + hbin::kOffset).value_or(0) != bin) {
      diag.warn(Errc::format, "hive bin records a different offset than its own", at);
    }
    std::size_t off = bin + hbin::kHeaderSize;
    const std::size_t end = bin + bin_size;
    while (off + kCellHeader <= end) {
      const std::int32_t raw = *m_bins.i32(off);
      const std::uint32_t size = raw < 0 ? 0u - static_cast<std::uint32_t>(raw) : static_cast<std::uint32_t>(raw);
      if (size < kCellAlignment || size % kCellAlignment != 0 || size > end - off) {
        diag.warn(Errc::format, "cell size " + std::to_string(raw) + " is invalid: rest of this bin ignored",
                  name() + "@" + hex_offset(off + base::kSize));
        break;
      }
      const std::size_t slot = off / kCellAlignment;
      m_cell_starts[slot / 64] |= std::uint64_t{1} << (slot % 64);
      off += size;
    }
    bin += bin_size;
  }
}

Result<Cell> RegfHive::cell(std::uint32_t offset) const {
  if (offset >= m_bins.size() || offset % kCellAlignment != 0 || !is_cell_start(offset)) {
    return make_error(Errc::format, "offset " + hex_offset(offset) + " is not the start of a cell", where(offset));
  }
  const std::int32_t raw = *m_bins.i32(offset);  // in bounds: the index saw this cell
  if (raw >= 0) return make_error(Errc::format, "cell is free (unallocated)", where(offset));
  const std::size_t size = 0u - static_cast<std::uint32_t>(raw);
  return Cell{offset, ByteReader(*m_bins.sub(offset + kCellHeader, size - kCellHeader))};
}

Result<Cell> RegfHive::key_cell(std::uint32_t offset) const {
  auto c = cell(offset);
  if (!c) return c;
  const ByteReader& p = c->payload;
  if (!p.sig2(0, 'n', 'k')) return make_error(Errc::format, "expected a key (nk) cell", where(offset));
  if (!p.has(0, nk::kName)) return make_error(Errc::format, "key cell truncated", where(offset));
  if (!p.has(nk::kName, *p.u16(nk::kNameLength))) {
    return make_error(Errc::format, "key name runs past its cell", where(offset));
  }
  return c;
}

std::string RegfHive::key_name(std::uint32_t id) const {
  auto c = key_cell(id);
  if (!c) return {};
  const ByteReader& p = c->payload;
  const auto bytes = *p.sub(nk::kName, *p.u16(nk::kNameLength));
  if ((*p.u16(nk::kFlags) & nk::kFlagCompressedName) != 0) return latin1_to_utf8(bytes);
  return utf16le_to_utf8(bytes, false);
}

std::optional<std::uint64_t> RegfHive::key_last_write(std::uint32_t id) const {
  auto c = key_cell(id);
  if (!c) return std::nullopt;
  return c->payload.u64(nk::kLastWrite);
}

void RegfHive::read_leaf_list(const Cell& c, std::vector<std::uint32_t>& out, Diagnostics* diag) const {
  const ByteReader& p = c.payload;
  const bool li = p.sig2(0, 'l', 'i');
  if (!li && !p.sig2(0, 'l', 'f') && !p.sig2(0, 'l', 'h')) {
    warn(diag, Errc::format, "expected a subkey list (lf, lh, li)", c.offset);
    return;
  }
  const std::size_t entry = li ? list::kLiEntry : list::kLfEntry;
  const std::size_t count = p.u16(list::kCount).value_or(0);
  const std::size_t fits = p.size() >= list::kEntries ? (p.size() - list::kEntries) / entry : 0;
  if (count > fits) {
    warn(diag, Errc::format, "subkey list declares " + std::to_string(count) + " entries, its cell holds " +
                                 std::to_string(fits), c.offset);
  }
  for (std::size_t i = 0; i < std::min(count, fits); ++i) {
    if (out.size() >= m_limits.max_subkeys_per_key) {
      warn(diag, Errc::limit, "more than " + std::to_string(m_limits.max_subkeys_per_key) + " subkeys; rest skipped",
           c.offset);
      return;
    }
    out.push_back(*p.u32(list::kEntries + i * entry));
  }
}

// The subkey offsets listed by a key, following one level of ri indirection. Not filtered.
std::vector<std::uint32_t> RegfHive::read_subkey_list(std::uint32_t key, const Cell& nk_cell, Diagnostics* diag) const {
  std::vector<std::uint32_t> out;
  const ByteReader& p = nk_cell.payload;
  const std::uint32_t declared = *p.u32(nk::kSubkeyCount);
  const std::uint32_t list_offset = *p.u32(nk::kSubkeyList);
  if (declared == 0 && (list_offset == kNoOffset || list_offset == 0)) return out;
  if (list_offset == kNoOffset) {
    warn(diag, Errc::format, "key declares " + std::to_string(declared) + " subkeys but has no list", key);
    return out;
  }
  auto c = cell(list_offset);
  if (!c) {
    if (diag != nullptr) diag->add(c.error());
    return out;
  }
  if (c->payload.sig2(0, 'r', 'i')) {
    const ByteReader& ri = c->payload;
    const std::size_t count = ri.u16(list::kCount).value_or(0);
    const std::size_t fits = ri.size() >= list::kEntries ? (ri.size() - list::kEntries) / list::kLiEntry : 0;
    if (count > fits) {
      warn(diag, Errc::format, "ri list declares " + std::to_string(count) + " entries, its cell holds " +
                                   std::to_string(fits), c->offset);
    }
    for (std::size_t i = 0; i < std::min(count, fits); ++i) {
      auto leaf = cell(*ri.u32(list::kEntries + i * list::kLiEntry));
      if (!leaf) {
        if (diag != nullptr) diag->add(leaf.error());
        continue;
      }
      if (leaf->payload.sig2(0, 'r', 'i')) {
        warn(diag, Errc::format, "ri list nested in an ri list (one level of indirection only)", leaf->offset);
        continue;
      }
      read_leaf_list(*leaf, out, diag);
      if (out.size() >= m_limits.max_subkeys_per_key) break;
    }
  } else {
    read_leaf_list(*c, out, diag);
  }
  if (out.size() != declared) {
    warn(diag, Errc::format, "key declares " + std::to_string(declared) + " subkeys, its lists hold " +
                                 std::to_string(out.size()), key);
  }
  return out;
}

std::vector<std::uint32_t> RegfHive::subkey_ids(std::uint32_t id) const {
  std::vector<std::uint32_t> out;
  auto c = key_cell(id);
  if (!c) return out;
  for (std::uint32_t child : read_subkey_list(id, *c, nullptr)) {
    auto it = m_parent.find(child);
    if (it != m_parent.end() && it->second == id) out.push_back(child);
  }
  // A list naming the same accepted child twice yields it once.
  std::unordered_set<std::uint32_t> seen;
  std::vector<std::uint32_t> unique;
  for (std::uint32_t child : out) {
    if (seen.insert(child).second) unique.push_back(child);
  }
  return unique;
}

std::optional<Value> RegfHive::read_value(std::uint32_t vk_offset, Diagnostics* diag) const {
  auto c = cell(vk_offset);
  if (!c) {
    if (diag != nullptr) diag->add(c.error());
    return std::nullopt;
  }
  const ByteReader& p = c->payload;
  if (!p.sig2(0, 'v', 'k')) {
    warn(diag, Errc::format, "expected a value (vk) cell", vk_offset);
    return std::nullopt;
  }
  if (!p.has(0, vk::kName)) {
    warn(diag, Errc::format, "value cell truncated", vk_offset);
    return std::nullopt;
  }
  auto name_bytes = p.sub(vk::kName, *p.u16(vk::kNameLength));
  if (!name_bytes) {
    warn(diag, Errc::format, "value name runs past its cell", vk_offset);
    return std::nullopt;
  }
  std::string value_name = (*p.u16(vk::kFlags) & vk::kFlagCompressedName) != 0
                               ? latin1_to_utf8(*name_bytes)
                               : utf16le_to_utf8(*name_bytes, false);
  const std::uint32_t type = *p.u32(vk::kType);
  const std::uint32_t raw_size = *p.u32(vk::kDataSize);
  const std::uint32_t data_offset = *p.u32(vk::kDataOffset);
  std::string at = where(vk_offset);

  if ((raw_size & vk::kResident) != 0) {
    const std::size_t size = raw_size & ~vk::kResident;
    if (size > vk::kMaxResident) {
      warn(diag, Errc::format, "value \"" + value_name + "\": resident data of " + std::to_string(size) +
                                   " bytes (at most 4)", vk_offset);
      return std::nullopt;
    }
    return Access::view_value(std::move(value_name), type, *p.sub(vk::kDataOffset, size), std::move(at));
  }
  const std::size_t size = raw_size;
  if (size == 0) return Access::view_value(std::move(value_name), type, {}, std::move(at));
  if (size > m_limits.max_value_size) {
    warn(diag, Errc::limit, "value \"" + value_name + "\": " + std::to_string(size) + " bytes exceeds the limit",
         vk_offset);
    return std::nullopt;
  }
  auto data = cell(data_offset);
  if (!data) {
    warn(diag, Errc::format, "value \"" + value_name + "\": data " + data.error().message, data_offset);
    return std::nullopt;
  }
  const ByteReader& d = data->payload;
  if (size <= d.size()) {
    return Access::view_value(std::move(value_name), type, *d.sub(0, size), std::move(at));
  }
  if (!d.sig2(0, 'd', 'b') || m_minor < db::kFirstVersion || !d.has(0, db::kMinSize)) {
    // Windows and hivex both read what the cell holds; so do we, and say so.
    warn(diag, Errc::format, "value \"" + value_name + "\": declares " + std::to_string(size) +
                                 " bytes, its data cell holds " + std::to_string(d.size()) + "; truncated",
         data_offset);
    return Access::view_value(std::move(value_name), type, d.bytes(), std::move(at));
  }
  // Big data: a db cell lists segment cells of up to 16344 bytes each.
  const std::size_t segments = *d.u16(db::kSegmentCount);
  auto seg_list = cell(*d.u32(db::kSegmentList));
  if (!seg_list) {
    warn(diag, Errc::format, "value \"" + value_name + "\": big-data segment list " + seg_list.error().message,
         data_offset);
    return std::nullopt;
  }
  std::vector<std::uint8_t> assembled;
  assembled.reserve(size);
  for (std::size_t i = 0; i < segments && assembled.size() < size; ++i) {
    auto seg_offset = seg_list->payload.u32(i * 4);
    if (!seg_offset) {
      warn(diag, Errc::format, "value \"" + value_name + "\": big-data segment list truncated", seg_list->offset);
      break;
    }
    auto seg = cell(*seg_offset);
    if (!seg) {
      warn(diag, Errc::format, "value \"" + value_name + "\": big-data segment " + seg.error().message, *seg_offset);
      break;
    }
    const std::size_t take = std::min({db::kMaxSegment, seg->payload.size(), size - assembled.size()});
    const auto bytes = *seg->payload.sub(0, take);
    assembled.insert(assembled.end(), bytes.begin(), bytes.end());
  }
  if (assembled.size() != size) {
    warn(diag, Errc::format, "value \"" + value_name + "\": big data declares " + std::to_string(size) +
                                 " bytes, its segments hold " + std::to_string(assembled.size()) + "; truncated",
         data_offset);
  }
  return Access::owned_value(std::move(value_name), type, std::move(assembled), std::move(at));
}

std::vector<Value> RegfHive::read_values(std::uint32_t key, Diagnostics* diag) const {
  std::vector<Value> out;
  auto c = key_cell(key);
  if (!c) return out;
  std::size_t count = *c->payload.u32(nk::kValueCount);
  const std::uint32_t list_offset = *c->payload.u32(nk::kValueList);
  if (count == 0) return out;
  if (count > m_limits.max_values_per_key) {
    warn(diag, Errc::limit, "key declares " + std::to_string(count) + " values; only " +
                                std::to_string(m_limits.max_values_per_key) + " are read", key);
    count = m_limits.max_values_per_key;
  }
  auto l = cell(list_offset);
  if (!l) {
    if (diag != nullptr) diag->add(l.error());
    return out;
  }
  const std::size_t fits = l->payload.size() / 4;
  if (count > fits) {
    warn(diag, Errc::format, "value list declares " + std::to_string(count) + " entries, its cell holds " +
                                 std::to_string(fits), l->offset);
    count = fits;
  }
  for (std::size_t i = 0; i < count; ++i) {
    if (auto v = read_value(*l->payload.u32(i * 4), diag)) out.push_back(std::move(*v));
  }
  return out;
}

// Walks every key once from the root: reports every problem, and records which parent each key cell is
// accepted under. The first parent wins; a key cell met again is a cycle (it is an ancestor) or a cell
// shared by two lists, and is skipped. Iterative, so depth costs heap, not stack.
void RegfHive::walk(Diagnostics& diag) {
  m_parent.clear();
  m_parent.emplace(m_root, kRootParent);
  struct Frame {
    std::uint32_t key;
    std::uint32_t depth;
  };
  std::vector<Frame> stack{{m_root, 0}};
  std::uint64_t cells = 1;
  bool cell_limit_reported = false;
  while (!stack.empty()) {
    const Frame frame = stack.back();
    stack.pop_back();
    auto c = key_cell(frame.key);
    if (!c) continue;  // cannot happen: only checked cells are pushed
    if (const std::uint32_t sk = *c->payload.u32(nk::kSecurity); sk != kNoOffset) {
      auto s = cell(sk);
      if (!s || !s->payload.sig2(0, 's', 'k')) {
        diag.warn(Errc::format, "key's security descriptor is not an sk cell", where(frame.key));
      }
    }
    const auto vals = read_values(frame.key, &diag);
    cells += vals.size() + 1;
    const auto children = read_subkey_list(frame.key, *c, &diag);
    cells += children.size() + 1;
    if (cells > m_limits.max_cells) {
      if (!cell_limit_reported) {
        diag.warn(Errc::limit, "more than " + std::to_string(m_limits.max_cells) +
                                   " cells visited; keys below here are skipped", where(frame.key));
        cell_limit_reported = true;
      }
      continue;
    }
    for (auto it = children.rbegin(); it != children.rend(); ++it) {
      const std::uint32_t child = *it;
      auto cc = key_cell(child);
      if (!cc) {
        diag.add(cc.error());
        continue;
      }
      if (m_parent.count(child) != 0) {
        bool ancestor = false;
        for (std::uint32_t k = frame.key, steps = 0; k != kRootParent && steps <= m_limits.max_depth; ++steps) {
          if (k == child) { ancestor = true; break; }
          k = m_parent.at(k);
        }
        diag.warn(Errc::format, ancestor ? "subkey list points back at an ancestor key (cycle); skipped"
                                         : "key cell listed twice; kept under its first parent only",
                  where(child));
        continue;
      }
      if (frame.depth + 1 > m_limits.max_depth) {
        diag.warn(Errc::limit, "key nested deeper than " + std::to_string(m_limits.max_depth) + "; skipped",
                  where(child));
        continue;
      }
      m_parent.emplace(child, frame.key);
      stack.push_back({child, frame.depth + 1});
    }
  }
}

}  // namespace

Result<std::unique_ptr<HiveImpl>> make_regf(std::span<const std::uint8_t> bytes, std::string name,
                                            Diagnostics& diag, const Limits& limits) {
  auto hive = std::make_unique<RegfHive>(bytes, std::move(name), limits);
  if (auto ok = hive->open(diag); !ok) return ok.error();
  return std::unique_ptr<HiveImpl>(std::move(hive));
}

}  // namespace migready::hive::detail
