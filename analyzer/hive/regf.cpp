// The regf backend: a validating, lazy, zero-copy reader over the hive's bytes. See docs/regf-notes.md.
#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <utility>

#include "contract/ascii.hpp"
#include "contract/hex.hpp"
#include "core/byte_reader.hpp"
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

struct Cell {
  std::uint32_t offset;  // relative to the hive bins data
  ByteReader payload;
};

// An accepted key, as the validating walk built the tree. A Key's id is the index of its node: a key's
// accepted subkeys are accepted together, so they are the consecutive nodes [first_child, +child_count).
struct KeyNode {
  std::uint32_t offset;  // the nk cell
  std::uint32_t parent;  // node index; kNoNode for the root
  std::uint32_t first_child = 0;
  std::uint32_t child_count = 0;
};
constexpr std::uint32_t kNoNode = 0xFFFFFFFFu;

class RegfHive final : public HiveImpl {
 public:
  RegfHive(std::span<const std::uint8_t> file, std::string name, const Limits& limits)
      : HiveImpl(std::move(name)), m_file(file), m_limits(limits) {}
  ~RegfHive() override = default;
  RegfHive(const RegfHive&) = delete;
  RegfHive& operator=(const RegfHive&) = delete;

  // visitor (may be null) sees every accepted key and value during the validating walk; see Hive::open_regf.
  Result<void> open(Diagnostics& diag, HiveVisitor* visitor);

  std::uint32_t root_id() const override { return 0; }
  std::string key_name(std::uint32_t id) const override;
  std::optional<std::uint64_t> key_last_write(std::uint32_t id) const override;
  std::vector<std::uint32_t> subkey_ids(std::uint32_t id) const override;
  std::vector<Value> values(std::uint32_t id) const override;
  Result<Value> find_value(std::uint32_t id, std::string_view name, std::size_t max_data) const override;
  std::string key_where(std::uint32_t id) const override { return id < m_nodes.size() ? where(m_nodes[id].offset) : name(); }
  std::string value_where(std::uint64_t at) const override { return where(at); }
  std::optional<std::uint32_t> find_subkey(std::uint32_t id, std::string_view name) const override;
  void for_each_value(std::uint32_t id, const std::function<void(const Value&)>& fn) const override;
  void for_each_subkey(std::uint32_t id, const std::function<void(std::uint32_t)>& fn) const override;
  void walk(HiveVisitor& visitor) const override;
  std::optional<Error> limit_reached() const override {
    std::lock_guard<std::mutex> lock(m_cache_mutex);
    return m_budget_error;
  }

 private:
  std::string where(std::uint64_t cell_offset) const {
    std::string at;
    at.reserve(name().size() + 1 + 2 + 16);
    return at.append(name()).append(1, '@').append(contract::hex_number(cell_offset + base::kSize));
  }
  void warn(Diagnostics* diag, Errc code, std::string message, std::uint64_t cell_offset) const {
    if (diag != nullptr) diag->warn(code, std::move(message), where(cell_offset));
  }

  void index_cells(Diagnostics& diag);
  bool is_cell_start(std::uint32_t offset) const {
    const std::size_t slot = offset / kCellAlignment;
    return slot / 64 < m_cell_starts.size() && ((m_cell_starts[slot / 64] >> (slot % 64)) & 1u) != 0;
  }
  // The checks are split from the error text: hot paths test with try_*, and only a failure pays for
  // building the message (cell_error / key_cell_error say why).
  std::optional<Cell> try_cell(std::uint32_t offset) const noexcept;
  Error cell_error(std::uint32_t offset) const;
  std::optional<Cell> try_key_cell(std::uint32_t offset) const noexcept;
  Error key_cell_error(std::uint32_t offset) const;
  Result<Cell> key_cell(std::uint32_t offset) const;
  void read_leaf_list(const Cell& c, std::vector<std::uint32_t>& out, Diagnostics* diag) const;
  void read_subkey_list(std::uint32_t key, const Cell& nk_cell, Diagnostics* diag,
                        std::vector<std::uint32_t>& out) const;
  // A key's value list cell and how many entries to read from it (bounded by max_values_per_key and by
  // the cell), or nullopt when it has none or it is unusable.
  std::optional<std::pair<Cell, std::size_t>> value_list(std::uint32_t key, const Cell& nk_cell,
                                                         Diagnostics* diag) const;
  // skip_seen (open walk without a visitor): a value cell the open walk already read is not read again.
  template <typename Fn>
  std::size_t read_values(std::uint32_t key, const Cell& nk_cell, Diagnostics* diag, Value& scratch,
                          bool want_name, Fn&& fn, bool skip_seen = false) const;
  bool read_value(std::uint32_t vk_offset, Diagnostics* diag, Value& out, bool want_name,
                  std::size_t max_data = SIZE_MAX) const;
  // Counts `bytes` of value data handed out against the decoded-bytes budget; false (and one warning per
  // hive, naming the value) once it is spent.
  bool spend(std::uint64_t bytes, Diagnostics* diag, const ByteReader& vk_payload, std::uint32_t vk_offset) const;
  std::string budget_message(const ByteReader& vk_payload) const;
  std::string value_name(const ByteReader& vk_payload) const;
  const KeyNode* node(std::uint32_t id) const { return id < m_nodes.size() ? &m_nodes[id] : nullptr; }
  bool accepted(std::uint32_t offset) const {
    const std::size_t slot = offset / kCellAlignment;
    return ((m_accepted[slot / 64] >> (slot % 64)) & 1u) != 0;  // offset is a checked cell start
  }
  void accept(std::uint32_t offset) {
    const std::size_t slot = offset / kCellAlignment;
    m_accepted[slot / 64] |= std::uint64_t{1} << (slot % 64);
  }
  void walk(Diagnostics& diag, HiveVisitor* visitor);

  std::span<const std::uint8_t> m_file;
  ByteReader m_bins;                            // the hive bins data, as far as the file and header agree
  std::vector<std::uint64_t> m_cell_starts;     // bit per 8-byte slot: a cell starts here
  std::vector<std::uint64_t> m_accepted;        // bit per 8-byte slot: a key accepted by the walk starts here
  std::vector<KeyNode> m_nodes;                 // the accepted tree; node 0 is the root
  std::size_t m_nk_cells = 0;                   // allocated nk-sized cells that start with "nk": keys at most
  std::uint32_t m_root = 0;
  std::uint32_t m_minor = 0;
  Limits m_limits;
  std::uint64_t m_budget = 0;                      // max_decoded_bytes + 2 x the hive bins size
  // Navigation is const but counts and caches: a Hive is read by one thread at a time, but these are
  // safe if it is not.
  mutable std::atomic<std::uint64_t> m_decoded{0};  // value data handed out so far, per reference
  mutable std::atomic<bool> m_budget_spent{false};
  mutable std::atomic<bool> m_budget_reported{false};
  mutable std::optional<Error> m_budget_error;  // the first refusal, under m_cache_mutex
  // The last assembled big-data value, by its db cell: values sharing one db cell (or one value listed
  // many times) are assembled once. One entry, so at most max_value_size bytes are held for it.
  struct BigDataCache {
    std::uint32_t db_offset = kNoOffset;
    std::size_t size = 0;
    std::shared_ptr<const std::vector<std::uint8_t>> data;
  };
  mutable std::mutex m_cache_mutex;
  mutable BigDataCache m_cache;
  // Bit per 8-byte slot: a value cell the open walk has read (set only during open).
  mutable std::vector<std::uint64_t> m_seen_values;
};

Result<void> RegfHive::open(Diagnostics& diag, HiveVisitor* visitor) {
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
    diag.warn(Errc::integrity, "base block checksum mismatch", name() + "@" + contract::hex_number(base::kChecksum));
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
    diag.warn(Errc::format, "hive bins size " + contract::hex_number(bins_size) + " is not a positive multiple of 4096; using the file size",
              name() + "@" + contract::hex_number(base::kBinsSize));
    bins_size = available;
  } else if (bins_size > available) {
    diag.warn(Errc::format, "hive bins size " + contract::hex_number(bins_size) + " exceeds the file; the hive is truncated",
              name() + "@" + contract::hex_number(base::kBinsSize));
    bins_size = available;
  }
  if (bins_size == 0) return make_error(Errc::format, "hive has no hive bins", at);
  // A header that undercounts its bins (seen in the wild) is overruled by a genuine bin right after.
  if (bins_size < available && file.sig2(base::kSize + bins_size, 'h', 'b') &&
      file.sig2(base::kSize + bins_size + 2, 'i', 'n') &&
      file.u32(base::kSize + bins_size + hbin::kOffset) == bins_size) {
    diag.warn(Errc::format, "hive bins continue past the size in the header; reading them too",
              name() + "@" + contract::hex_number(base::kBinsSize));
    bins_size = available;
  }
  m_bins = ByteReader(m_file.subspan(base::kSize, bins_size));
  m_budget = m_limits.max_decoded_bytes + 2 * std::uint64_t{bins_size};

  index_cells(diag);

  m_root = *file.u32(base::kRootCell);
  auto root = key_cell(m_root);
  if (!root) {
    return make_error(Errc::format, "root key unusable: " + root.error().message,
                      name() + "@" + contract::hex_number(base::kRootCell));
  }
  walk(diag, visitor);
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
    auto at = [&] { return name() + "@" + contract::hex_number(bin + base::kSize); };  // only a warning formats it
    const bool signed_ok = m_bins.sig2(bin + hbin::kSignature, 'h', 'b') && m_bins.sig2(bin + hbin::kSignature + 2, 'i', 'n');
    const std::uint32_t bin_size = m_bins.u32(bin + hbin::kSize).value_or(0);
    if (!signed_ok || bin_size == 0 || bin_size % hbin::kAlignment != 0 || !m_bins.has(bin, bin_size)) {
      diag.warn(Errc::format, signed_ok ? "hive bin size " + contract::hex_number(bin_size) + " is invalid; skipped to the next bin"
                                        : "no \"hbin\" signature; skipped to the next bin", at());
      bin = (bin / hbin::kAlignment + 1) * hbin::kAlignment;
      while (bin < m_bins.size() && !genuine_bin(bin)) bin += hbin::kAlignment;
      continue;
    }
    if (m_bins.u32(bin + hbin::kOffset).value_or(0) != bin) {
      diag.warn(Errc::format, "hive bin records a different offset than its own", at());
    }
    std::size_t off = bin + hbin::kHeaderSize;
    const std::size_t end = bin + bin_size;
    // The cell chain is a dependent walk (each size gives the next offset): ask for the next bin's page
    // now, so its misses overlap this bin's work instead of stalling the chain.
    for (std::size_t line = 0; line < hbin::kAlignment; line += 64) m_bins.prefetch(end + line);
    while (off + kCellHeader <= end) {
      const std::int32_t raw = *m_bins.i32(off);
      const std::uint32_t size = raw < 0 ? 0u - static_cast<std::uint32_t>(raw) : static_cast<std::uint32_t>(raw);
      if (size < kCellAlignment || size % kCellAlignment != 0 || size > end - off) {
        diag.warn(Errc::format, "cell size " + std::to_string(raw) + " is invalid: rest of this bin ignored",
                  name() + "@" + contract::hex_number(off + base::kSize));
        break;
      }
      const std::size_t slot = off / kCellAlignment;
      m_cell_starts[slot / 64] |= std::uint64_t{1} << (slot % 64);
      if (raw < 0 && size >= kCellHeader + nk::kName && m_bins.sig2(off + kCellHeader, 'n', 'k')) ++m_nk_cells;
      off += size;
    }
    bin += bin_size;
  }
}

std::optional<Cell> RegfHive::try_cell(std::uint32_t offset) const noexcept {
  if (offset >= m_bins.size() || offset % kCellAlignment != 0 || !is_cell_start(offset)) return std::nullopt;
  const auto raw = m_bins.i32(offset);  // in bounds: the index saw this cell
  if (!raw || *raw >= 0) return std::nullopt;
  const std::size_t size = 0u - static_cast<std::uint32_t>(*raw);
  const auto payload = m_bins.sub(offset + kCellHeader, size - kCellHeader);  // in bounds, as the index checked
  if (!payload) return std::nullopt;
  return Cell{offset, ByteReader(*payload)};
}

Error RegfHive::cell_error(std::uint32_t offset) const {
  if (offset >= m_bins.size() || offset % kCellAlignment != 0 || !is_cell_start(offset)) {
    return make_error(Errc::format, "offset " + contract::hex_number(offset) + " is not the start of a cell", where(offset));
  }
  return make_error(Errc::format, "cell is free (unallocated)", where(offset));
}

std::optional<Cell> RegfHive::try_key_cell(std::uint32_t offset) const noexcept {
  auto c = try_cell(offset);
  if (!c) return c;
  const ByteReader& p = c->payload;
  if (!p.sig2(0, 'n', 'k') || !p.has(0, nk::kName) || !p.has(nk::kName, *p.u16(nk::kNameLength))) {
    return std::nullopt;
  }
  return c;
}

Error RegfHive::key_cell_error(std::uint32_t offset) const {
  auto c = try_cell(offset);
  if (!c) return cell_error(offset);
  const ByteReader& p = c->payload;
  if (!p.sig2(0, 'n', 'k')) return make_error(Errc::format, "expected a key (nk) cell", where(offset));
  if (!p.has(0, nk::kName)) return make_error(Errc::format, "key cell truncated", where(offset));
  return make_error(Errc::format, "key name runs past its cell", where(offset));
}

Result<Cell> RegfHive::key_cell(std::uint32_t offset) const {
  if (auto c = try_key_cell(offset)) return *c;
  return key_cell_error(offset);
}

namespace {

void append_key_name(std::string& out, const ByteReader& nk_payload) {
  const auto bytes = *nk_payload.sub(nk::kName, *nk_payload.u16(nk::kNameLength));  // checked by key_cell
  if ((*nk_payload.u16(nk::kFlags) & nk::kFlagCompressedName) != 0) {
    append_latin1_as_utf8(out, bytes);
  } else {
    append_utf16le_as_utf8(out, bytes, false);
  }
}

}  // namespace

std::string RegfHive::key_name(std::uint32_t id) const {
  std::string out;
  const KeyNode* n = node(id);
  if (n == nullptr) return out;
  if (auto c = try_key_cell(n->offset)) append_key_name(out, c->payload);
  return out;
}

std::optional<std::uint64_t> RegfHive::key_last_write(std::uint32_t id) const {
  const KeyNode* n = node(id);
  auto c = n != nullptr ? try_key_cell(n->offset) : std::nullopt;
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

// The subkey offsets listed by a key, following one level of ri indirection, appended to out. Not filtered.
void RegfHive::read_subkey_list(std::uint32_t key, const Cell& nk_cell, Diagnostics* diag,
                                std::vector<std::uint32_t>& out) const {
  const ByteReader& p = nk_cell.payload;
  const std::uint32_t declared = *p.u32(nk::kSubkeyCount);
  const std::uint32_t list_offset = *p.u32(nk::kSubkeyList);
  if (declared == 0 && (list_offset == kNoOffset || list_offset == 0)) return;
  if (list_offset == kNoOffset) {
    warn(diag, Errc::format, "key declares " + std::to_string(declared) + " subkeys but has no list", key);
    return;
  }
  auto c = try_cell(list_offset);
  if (!c) {
    if (diag != nullptr) diag->add(cell_error(list_offset));
    return;
  }
  const std::size_t first = out.size();
  if (c->payload.sig2(0, 'r', 'i')) {
    const ByteReader& ri = c->payload;
    const std::size_t count = ri.u16(list::kCount).value_or(0);
    const std::size_t fits = ri.size() >= list::kEntries ? (ri.size() - list::kEntries) / list::kLiEntry : 0;
    if (count > fits) {
      warn(diag, Errc::format, "ri list declares " + std::to_string(count) + " entries, its cell holds " +
                                   std::to_string(fits), c->offset);
    }
    for (std::size_t i = 0; i < std::min(count, fits); ++i) {
      const std::uint32_t leaf_offset = *ri.u32(list::kEntries + i * list::kLiEntry);
      auto leaf = try_cell(leaf_offset);
      if (!leaf) {
        if (diag != nullptr) diag->add(cell_error(leaf_offset));
        continue;
      }
      if (leaf->payload.sig2(0, 'r', 'i')) {
        warn(diag, Errc::format, "ri list nested in an ri list (one level of indirection only)", leaf->offset);
        continue;
      }
      read_leaf_list(*leaf, out, diag);
      if (out.size() - first >= m_limits.max_subkeys_per_key) break;
    }
  } else {
    read_leaf_list(*c, out, diag);
  }
  if (out.size() - first != declared) {
    warn(diag, Errc::format, "key declares " + std::to_string(declared) + " subkeys, its lists hold " +
                                 std::to_string(out.size() - first), key);
  }
}

// Accepted subkeys only (the walk at open chose each key's one parent), in list order, each once.
std::vector<std::uint32_t> RegfHive::subkey_ids(std::uint32_t id) const {
  std::vector<std::uint32_t> out;
  const KeyNode* n = node(id);
  if (n == nullptr) return out;
  out.reserve(n->child_count);
  for (std::uint32_t i = 0; i < n->child_count; ++i) out.push_back(n->first_child + i);
  return out;
}

void RegfHive::for_each_subkey(std::uint32_t id, const std::function<void(std::uint32_t)>& fn) const {
  const KeyNode* n = node(id);
  if (n == nullptr) return;
  for (std::uint32_t i = 0; i < n->child_count; ++i) fn(n->first_child + i);
}

std::optional<std::uint32_t> RegfHive::find_subkey(std::uint32_t id, std::string_view name) const {
  const KeyNode* n = node(id);
  if (n == nullptr) return std::nullopt;
  std::string buffer;  // one per lookup, reused for every child's name
  for (std::uint32_t i = 0; i < n->child_count; ++i) {
    const std::uint32_t child = n->first_child + i;
    auto c = try_key_cell(m_nodes[child].offset);
    if (!c) continue;
    buffer.clear();
    append_key_name(buffer, c->payload);
    if (contract::equals_ci(buffer, name)) return child;
  }
  return std::nullopt;
}

std::string RegfHive::value_name(const ByteReader& p) const {
  std::string out;
  const auto bytes = p.sub(vk::kName, p.u16(vk::kNameLength).value_or(0));
  if (!bytes) return out;
  if ((p.u16(vk::kFlags).value_or(0) & vk::kFlagCompressedName) != 0) {
    append_latin1_as_utf8(out, *bytes);
  } else {
    append_utf16le_as_utf8(out, *bytes, false);
  }
  return out;
}

// Reads the vk cell at vk_offset into `out`, reusing its name string and big-data buffer. The name is
// decoded only when want_name (warnings decode it themselves). False when the value is unusable; every
// problem goes to diag (when not null) with the offending cell's offset.
bool RegfHive::read_value(std::uint32_t vk_offset, Diagnostics* diag, Value& out, bool want_name,
                          std::size_t max_data) const {
  auto c = try_cell(vk_offset);
  if (!c) {
    if (diag != nullptr) diag->add(cell_error(vk_offset));
    return false;
  }
  const ByteReader& p = c->payload;
  if (!p.sig2(0, 'v', 'k')) {
    warn(diag, Errc::format, "expected a value (vk) cell", vk_offset);
    return false;
  }
  if (!p.has(0, vk::kName)) {
    warn(diag, Errc::format, "value cell truncated", vk_offset);
    return false;
  }
  auto name_bytes = p.sub(vk::kName, *p.u16(vk::kNameLength));
  if (!name_bytes) {
    warn(diag, Errc::format, "value name runs past its cell", vk_offset);
    return false;
  }
  if (want_name) {
    // A name is decoded per reference too: 50,000 listings of one 32,767-character name add up.
    if (!spend(name_bytes->size(), diag, p, vk_offset)) return false;
    std::string& name = Access::name(out);
    name.clear();
    if ((*p.u16(vk::kFlags) & vk::kFlagCompressedName) != 0) {
      append_latin1_as_utf8(name, *name_bytes);
    } else {
      append_utf16le_as_utf8(name, *name_bytes, false);
    }
  }
  auto label = [&] { return "value \"" + value_name(p) + "\": "; };
  const std::uint32_t type = *p.u32(vk::kType);
  const std::uint32_t raw_size = *p.u32(vk::kDataSize);
  const std::uint32_t data_offset = *p.u32(vk::kDataOffset);

  if ((raw_size & vk::kResident) != 0) {
    const std::size_t size = raw_size & ~vk::kResident;
    if (size > vk::kMaxResident) {
      warn(diag, Errc::format, label() + "resident data of " + std::to_string(size) + " bytes (at most 4)", vk_offset);
      return false;
    }
    if (!spend(std::min(size, max_data), diag, p, vk_offset)) return false;
    Access::set_view(out, type, *p.sub(vk::kDataOffset, size), this, vk_offset);
    Access::truncate(out, max_data);
    return true;
  }
  const std::size_t size = raw_size;
  if (size == 0) {
    Access::set_view(out, type, {}, this, vk_offset);
    return true;
  }
  if (size > m_limits.max_value_size) {
    warn(diag, Errc::limit, label() + std::to_string(size) + " bytes exceeds the limit", vk_offset);
    return false;
  }
  auto data = try_cell(data_offset);
  if (!data) {
    warn(diag, Errc::format, label() + "data " + cell_error(data_offset).message, data_offset);
    return false;
  }
  const ByteReader& d = data->payload;
  if (size <= d.size()) {
    if (!spend(std::min(size, max_data), diag, p, vk_offset)) return false;
    Access::set_view(out, type, *d.sub(0, size), this, vk_offset);
    Access::truncate(out, max_data);
    return true;
  }
  if (!d.sig2(0, 'd', 'b') || m_minor < db::kFirstVersion || !d.has(0, db::kMinSize)) {
    // Windows and hivex both read what the cell holds; so do we, and say so.
    warn(diag, Errc::format, label() + "declares " + std::to_string(size) + " bytes, its data cell holds " +
                                 std::to_string(d.size()) + "; truncated",
         data_offset);
    if (!spend(std::min(d.size(), max_data), diag, p, vk_offset)) return false;
    Access::set_view(out, type, d.bytes(), this, vk_offset);
    Access::truncate(out, max_data);
    return true;
  }
  // Big data, counted per reference even when the cache has it: what a caller does with 64 MiB is the
  // cost to bound, not only the assembly.
  const std::size_t want = std::min(size, max_data);
  if (!spend(want, diag, p, vk_offset)) return false;
  if (want == size) {
    std::lock_guard<std::mutex> lock(m_cache_mutex);
    if (m_cache.data != nullptr && m_cache.db_offset == data_offset && m_cache.size == size) {
      Access::set_shared(out, type, m_cache.data, std::span<const std::uint8_t>(*m_cache.data), this, vk_offset);
      return true;
    }
  }
  // Big data: a db cell lists segment cells of up to 16344 bytes each.
  const std::size_t segments = *d.u16(db::kSegmentCount);
  const std::uint32_t seg_list_offset = *d.u32(db::kSegmentList);
  auto seg_list = try_cell(seg_list_offset);
  if (!seg_list) {
    warn(diag, Errc::format, label() + "big-data segment list " + cell_error(seg_list_offset).message, data_offset);
    return false;
  }
  // Only what is wanted: a capped read of a 64 MiB value assembles its first segments.
  auto buffer = std::make_shared<std::vector<std::uint8_t>>();
  std::vector<std::uint8_t>& assembled = *buffer;
  assembled.reserve(want);
  for (std::size_t i = 0; i < segments && assembled.size() < want; ++i) {
    auto seg_offset = seg_list->payload.u32(i * 4);
    if (!seg_offset) {
      warn(diag, Errc::format, label() + "big-data segment list truncated", seg_list->offset);
      break;
    }
    auto seg = try_cell(*seg_offset);
    if (!seg) {
      warn(diag, Errc::format, label() + "big-data segment " + cell_error(*seg_offset).message, *seg_offset);
      break;
    }
    const std::size_t take = std::min({db::kMaxSegment, seg->payload.size(), want - assembled.size()});
    const auto bytes = *seg->payload.sub(0, take);
    assembled.insert(assembled.end(), bytes.begin(), bytes.end());
  }
  if (assembled.size() != want) {
    warn(diag, Errc::format, label() + "big data declares " + std::to_string(size) + " bytes, its segments hold " +
                                 std::to_string(assembled.size()) + "; truncated",
         data_offset);
  }
  std::shared_ptr<const std::vector<std::uint8_t>> shared = std::move(buffer);
  Access::set_shared(out, type, shared, std::span<const std::uint8_t>(*shared), this, vk_offset);
  if (want == size) {
    std::lock_guard<std::mutex> lock(m_cache_mutex);
    m_cache = BigDataCache{data_offset, size, std::move(shared)};
  } else {
    Access::mark_truncated(out);  // the data is the first `want` bytes of a longer value
  }
  return true;
}

std::string RegfHive::budget_message(const ByteReader& vk_payload) const {
  return "input exceeds LIMIT (" + std::to_string(m_budget) +
         "): more value data decoded from this hive than its budget (a shared cell counts each time it is "
         "listed); value \"" + value_name(vk_payload) + "\" and every value read after it are skipped";
}

bool RegfHive::spend(std::uint64_t bytes, Diagnostics* diag, const ByteReader& vk_payload,
                     std::uint32_t vk_offset) const {
  if (!m_budget_spent.load(std::memory_order_relaxed)) {
    const std::uint64_t before = m_decoded.fetch_add(bytes, std::memory_order_relaxed);
    if (before + bytes <= m_budget) return true;
    if (!m_budget_spent.exchange(true)) {
      std::lock_guard<std::mutex> lock(m_cache_mutex);
      m_budget_error = make_error(Errc::limit, budget_message(vk_payload), where(vk_offset));
    }
  }
  if (diag != nullptr && !m_budget_reported.exchange(true)) {
    warn(diag, Errc::limit, budget_message(vk_payload), vk_offset);
  }
  return false;
}

std::optional<std::pair<Cell, std::size_t>> RegfHive::value_list(std::uint32_t key, const Cell& nk_cell,
                                                                 Diagnostics* diag) const {
  std::size_t count = *nk_cell.payload.u32(nk::kValueCount);
  const std::uint32_t list_offset = *nk_cell.payload.u32(nk::kValueList);
  if (count == 0) return std::nullopt;
  if (count > m_limits.max_values_per_key) {
    warn(diag, Errc::limit, "key declares " + std::to_string(count) + " values; only " +
                                std::to_string(m_limits.max_values_per_key) + " are read", key);
    count = m_limits.max_values_per_key;
  }
  auto l = try_cell(list_offset);
  if (!l) {
    if (diag != nullptr) diag->add(cell_error(list_offset));
    return std::nullopt;
  }
  const std::size_t fits = l->payload.size() / 4;
  if (count > fits) {
    warn(diag, Errc::format, "value list declares " + std::to_string(count) + " entries, its cell holds " +
                                 std::to_string(fits), l->offset);
    count = fits;
  }
  return std::make_pair(*l, count);
}

// Reads a key's values in list order into `scratch`, one at a time, calling fn(scratch) for each usable
// one; returns how many (with skip_seen, the skipped ones count too: they bound the walk's cells). Bounded
// by max_values_per_key and by what the list cell holds. With a diag (the open walk), a value cell listed
// again, by this key or another, reports nothing again: its problems were reported at its first reading.
template <typename Fn>
std::size_t RegfHive::read_values(std::uint32_t key, const Cell& nk_cell, Diagnostics* diag, Value& scratch,
                                  bool want_name, Fn&& fn, bool skip_seen) const {
  auto list = value_list(key, nk_cell, diag);
  if (!list) return 0;
  const auto& [l, count] = *list;
  // The vk cells and their data cells are scattered: ask for all of them first, so that their cache
  // misses overlap instead of queueing one after the other. Hints only: nothing read here is trusted.
  for (std::size_t i = 0; i < count; ++i) m_bins.prefetch(*l.payload.u32(i * 4));
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t vk_payload = std::size_t{*l.payload.u32(i * 4)} + kCellHeader;
    const std::uint32_t size = m_bins.u32(vk_payload + vk::kDataSize).value_or(0);
    if (size != 0 && (size & vk::kResident) == 0) m_bins.prefetch(m_bins.u32(vk_payload + vk::kDataOffset).value_or(0));
  }
  std::size_t read = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint32_t vk_offset = *l.payload.u32(i * 4);
    Diagnostics* report = diag;
    if (diag != nullptr && vk_offset < m_bins.size()) {
      const std::size_t slot = vk_offset / kCellAlignment;
      std::uint64_t& word = m_seen_values[slot / 64];
      const std::uint64_t bit = std::uint64_t{1} << (slot % 64);
      if ((word & bit) != 0) {
        if (skip_seen) {
          ++read;
          continue;
        }
        report = nullptr;
      }
      word |= bit;
    }
    if (read_value(vk_offset, report, scratch, want_name)) {
      fn(scratch);
      ++read;
    }
  }
  return read;
}

// Only the value asked for is read in full: the others' names are compared, their data left alone.
Result<Value> RegfHive::find_value(std::uint32_t id, std::string_view name, std::size_t max_data) const {
  const KeyNode* n = node(id);
  auto c = n != nullptr ? try_key_cell(n->offset) : std::nullopt;
  auto list = c ? value_list(n->offset, *c, nullptr) : std::nullopt;
  if (list) {
    const auto& [l, count] = *list;
    const bool ascii = std::all_of(name.begin(), name.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
    std::string buffer;
    for (std::size_t i = 0; i < count; ++i) {
      const std::uint32_t vk_offset = *l.payload.u32(i * 4);
      auto v = try_cell(vk_offset);
      if (!v || !v->payload.sig2(0, 'v', 'k') || !v->payload.has(0, vk::kName)) continue;
      const ByteReader& p = v->payload;
      const std::size_t length = *p.u16(vk::kNameLength);
      const bool compressed = (*p.u16(vk::kFlags) & vk::kFlagCompressedName) != 0;
      // An ASCII name has as many characters as UTF-8 bytes: a name of another length cannot match, and
      // is not decoded (a hostile list names one 32,767-character value thousands of times).
      if (ascii && (compressed ? length : length / 2) != name.size()) continue;
      if (!p.has(vk::kName, length)) continue;
      buffer = value_name(p);
      if (!contract::equals_ci(buffer, name)) continue;
      Value out;
      Diagnostics local;
      if (read_value(vk_offset, &local, out, true, max_data)) return out;
      if (m_budget_spent.load(std::memory_order_relaxed)) {
        return make_error(Errc::limit, budget_message(p), where(vk_offset));
      }
    }
  }
  return make_error(Errc::not_found, "no value \"" + std::string(name) + "\"", key_where(id));
}

std::vector<Value> RegfHive::values(std::uint32_t id) const {
  std::vector<Value> out;
  const KeyNode* n = node(id);
  auto c = n != nullptr ? try_key_cell(n->offset) : std::nullopt;
  if (!c) return out;
  Value scratch;
  read_values(n->offset, *c, nullptr, scratch, true, [&](Value& v) { out.push_back(std::move(v)); });
  return out;
}

void RegfHive::for_each_value(std::uint32_t id, const std::function<void(const Value&)>& fn) const {
  const KeyNode* n = node(id);
  auto c = n != nullptr ? try_key_cell(n->offset) : std::nullopt;
  if (!c) return;
  Value scratch;
  read_values(n->offset, *c, nullptr, scratch, true, [&](const Value& v) { fn(v); });
}

// Every accepted key, depth first, straight from the tree the open walk built: no list is re-read.
void RegfHive::walk(HiveVisitor& visitor) const {
  struct Frame {
    std::uint32_t node;
    std::uint32_t depth;
  };
  std::vector<Frame> stack{{0, 0}};
  Value scratch;
  const bool want_names = visitor.wants_value_names();
  while (!stack.empty()) {
    const Frame frame = stack.back();
    stack.pop_back();
    const KeyNode& n = m_nodes[frame.node];
    const Key key = Access::key(this, frame.node);
    visitor.key(key, frame.depth);
    if (auto c = try_key_cell(n.offset)) {
      read_values(n.offset, *c, nullptr, scratch, want_names, [&](const Value& v) { visitor.value(key, v); });
    }
    for (std::uint32_t i = n.child_count; i-- > 0;) stack.push_back({n.first_child + i, frame.depth + 1});
  }
}

// Walks every key once from the root: reports every problem, and records which parent each key cell is
// accepted under and, per key, its accepted subkeys. The first parent wins: a key is accepted when the
// key listing it is expanded, and keys are expanded depth first in list order (the order walk() and
// subkeys() give). A key cell met again is a cycle (it is an ancestor) or a cell shared by two lists, and
// is skipped. Iterative, so depth costs heap, not stack.
void RegfHive::walk(Diagnostics& diag, HiveVisitor* visitor) {
  m_accepted.assign(m_cell_starts.size(), 0);
  m_seen_values.assign(m_cell_starts.size(), 0);
  m_nodes.clear();
  // Reserved, not touched (no page is faulted in before it is used); at most one node per nk-sized cell,
  // and no more than the cell budget lets the walk accept.
  m_nodes.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(m_nk_cells, m_limits.max_cells)) + 1);
  m_nodes.push_back(KeyNode{m_root, kNoNode});
  accept(m_root);
  struct Frame {
    std::uint32_t node;
    std::uint32_t depth;
  };
  std::vector<Frame> stack{{0, 0}};
  std::vector<std::uint32_t> listed;
  Value scratch;
  const bool want_names = visitor != nullptr && visitor->wants_value_names();
  std::uint64_t cells = 1;
  bool cell_limit_reported = false;
  while (!stack.empty()) {
    const Frame frame = stack.back();
    stack.pop_back();
    const std::uint32_t key_offset = m_nodes[frame.node].offset;
    auto c = try_key_cell(key_offset);
    if (!c) continue;  // cannot happen: only checked cells are pushed
    if (const std::uint32_t sk = *c->payload.u32(nk::kSecurity); sk != kNoOffset) {
      auto s = try_cell(sk);
      if (!s || !s->payload.sig2(0, 's', 'k')) {
        diag.warn(Errc::format, "key's security descriptor is not an sk cell", where(key_offset));
      }
    }
    if (visitor != nullptr) {
      // The same key, depth and values walk(HiveVisitor&) would give later: keys are popped depth first
      // in list order, and a key's values do not depend on the tree.
      const Key key = Access::key(this, frame.node);
      visitor->key(key, frame.depth);
      cells += read_values(key_offset, *c, &diag, scratch, want_names,
                           [&](const Value& v) { visitor->value(key, v); }) + 1;
    } else {
      cells += read_values(key_offset, *c, &diag, scratch, /*want_name=*/false, [](const Value&) {},
                           /*skip_seen=*/true) + 1;
    }
    listed.clear();
    read_subkey_list(key_offset, *c, &diag, listed);
    cells += listed.size() + 1;
    if (cells > m_limits.max_cells) {
      if (!cell_limit_reported) {
        diag.warn(Errc::limit, "more than " + std::to_string(m_limits.max_cells) +
                                   " cells visited; keys below here are skipped", where(key_offset));
        cell_limit_reported = true;
      }
      continue;
    }
    const auto first = static_cast<std::uint32_t>(m_nodes.size());
    for (const std::uint32_t child : listed) {
      m_bins.prefetch(child);
      m_bins.prefetch(std::size_t{child} + kCellHeader + nk::kNameLength);  // often the next cache line
    }
    for (const std::uint32_t child : listed) {
      if (!try_key_cell(child)) {
        diag.add(key_cell_error(child));
        continue;
      }
      if (accepted(child)) {
        bool ancestor = false;
        std::uint32_t steps = 0;
        for (std::uint32_t n = frame.node; n != kNoNode && steps <= m_limits.max_depth; n = m_nodes[n].parent, ++steps) {
          if (m_nodes[n].offset == child) { ancestor = true; break; }
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
      accept(child);
      m_nodes.push_back(KeyNode{child, frame.node});
    }
    KeyNode& n = m_nodes[frame.node];
    n.first_child = first;
    n.child_count = static_cast<std::uint32_t>(m_nodes.size()) - first;
    for (std::uint32_t i = n.child_count; i-- > 0;) stack.push_back({first + i, frame.depth + 1});
  }
  m_seen_values = {};  // only the open walk uses it
  // A listing read again (no diag, its warnings already given) may be the one the budget refused: say so.
  if (auto limit = limit_reached(); limit && !m_budget_reported.exchange(true)) diag.add(*limit);
}

}  // namespace

Result<std::unique_ptr<HiveImpl>> make_regf(std::span<const std::uint8_t> bytes, std::string name,
                                            Diagnostics& diag, const Limits& limits, HiveVisitor* visitor) {
  auto hive = std::make_unique<RegfHive>(bytes, std::move(name), limits);
  if (auto ok = hive->open(diag, visitor); !ok) return ok.error();
  return std::unique_ptr<HiveImpl>(std::move(hive));
}

}  // namespace migready::hive::detail
