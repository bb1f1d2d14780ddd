#include "parsers/evt.hpp"

#include <algorithm>
#include <optional>
#include <span>
#include <variant>
#include <vector>

#include "contract/civil_time.hpp"
#include "contract/hex.hpp"
#include "core/byte_reader.hpp"
#include "core/text.hpp"
#include "parsers/json_out.hpp"

namespace migready::parsers {
namespace {

constexpr std::uint32_t kSignature = 0x654c664c;  // "LfLe"

// ELF_LOGFILE_HEADER
constexpr std::size_t kHdrHeaderSize = 0x00;     // 0x30
constexpr std::size_t kHdrSignature = 0x04;      // "LfLe"
constexpr std::size_t kHdrMajorVersion = 0x08;   // 1
constexpr std::size_t kHdrMinorVersion = 0x0C;   // 1
constexpr std::size_t kHdrStartOffset = 0x10;    // the oldest record
constexpr std::size_t kHdrEndOffset = 0x14;      // the EOF record
constexpr std::size_t kHdrCurrentRecord = 0x18;  // the number the next record gets
constexpr std::size_t kHdrOldestRecord = 0x1C;
constexpr std::size_t kHdrMaxSize = 0x20;
constexpr std::size_t kHdrFlags = 0x24;          // ELF_LOGFILE_HEADER_DIRTY 1, _WRAP 2, LOGFULL_WRITTEN 4, ARCHIVE_SET 8
constexpr std::size_t kHdrRetention = 0x28;
constexpr std::size_t kHdrEndHeaderSize = 0x2C;  // 0x30
constexpr std::size_t kHdrSize = 0x30;
constexpr std::uint32_t kFlagDirty = 1;

// EVENTLOGRECORD (fixed part)
constexpr std::size_t kRecLength = 0x00;
constexpr std::size_t kRecSignature = 0x04;      // "LfLe"
constexpr std::size_t kRecNumber = 0x08;
constexpr std::size_t kRecTimeGenerated = 0x0C;
constexpr std::size_t kRecTimeWritten = 0x10;
constexpr std::size_t kRecEventId = 0x14;
constexpr std::size_t kRecEventType = 0x18;      // WORD
constexpr std::size_t kRecNumStrings = 0x1A;     // WORD
constexpr std::size_t kRecCategory = 0x1C;       // WORD
// 0x1E ReservedFlags (WORD), 0x20 ClosingRecordNumber: not used
constexpr std::size_t kRecStringOffset = 0x24;
constexpr std::size_t kRecUserSidLength = 0x28;
constexpr std::size_t kRecUserSidOffset = 0x2C;
constexpr std::size_t kRecDataLength = 0x30;
constexpr std::size_t kRecDataOffset = 0x34;
constexpr std::size_t kRecFixedSize = 0x38;      // SourceName starts here
// Fixed part, two empty names and the trailing Length.
constexpr std::size_t kRecMinLength = kRecFixedSize + 2 + 2 + 4;

// ELF_EOF_RECORD
constexpr std::size_t kEofSize = 0x28;
constexpr std::uint32_t kEofOne = 0x11111111;
constexpr std::uint32_t kEofTwo = 0x22222222;
constexpr std::uint32_t kEofThree = 0x33333333;
constexpr std::uint32_t kEofFour = 0x44444444;

// ELF_SKIP_DWORD: filler in a gap too small for a record before the wrap (from memory of the service's
// writer, not seen in a real file here; harmless either way, since no record is this short).
constexpr std::uint32_t kSkipDword = 0x00000027;

constexpr std::size_t kMaxRecordLength = 0x100000;
constexpr std::size_t kMaxRecords = 1'000'000;
constexpr std::size_t kMaxStrings = 256;
constexpr std::size_t kMaxStringUnits = 8192;
constexpr std::size_t kMaxSidSubAuthorities = 15;
// The records' memory budget when the caller gives none: bytes kept per input byte, plus a base (evt.hpp).
constexpr std::size_t kMemoryPerInputByte = 4;
constexpr std::size_t kMemoryBase = std::size_t{1} << 20;

// The record area [kHdrSize, file end) as a ring: positions wrap from the end back to kHdrSize.
class Ring {
 public:
  Ring(const ByteReader& r, std::size_t begin) : m_r(r), m_begin(begin), m_len(r.size() - begin) {}
  std::size_t length() const { return m_len; }
  bool contains(std::size_t pos) const { return pos >= m_begin && pos - m_begin < m_len; }
  std::size_t advance(std::size_t pos, std::size_t n) const { return m_begin + (pos - m_begin + n % m_len) % m_len; }
  std::uint8_t at(std::size_t pos) const { return m_r.u8(pos).value_or(0); }  // pos is always inside
  std::uint32_t u32(std::size_t pos) const {
    std::uint32_t v = 0;
    for (std::size_t i = 4; i-- > 0;) v = (v << 8) | at(advance(pos, i));
    return v;
  }
  // n bytes from pos, wrapping; n <= length().
  std::vector<std::uint8_t> copy(std::size_t pos, std::size_t n) const {
    std::vector<std::uint8_t> out;
    out.reserve(n);
    const std::size_t first = std::min(n, m_begin + m_len - pos);
    if (auto a = m_r.sub(pos, first)) out.insert(out.end(), a->begin(), a->end());
    if (auto b = m_r.sub(m_begin, n - first)) out.insert(out.end(), b->begin(), b->end());
    return out;
  }
  bool wraps(std::size_t pos, std::size_t n) const { return pos + n > m_begin + m_len; }

 private:
  const ByteReader& m_r;
  std::size_t m_begin;
  std::size_t m_len;
};

// A NUL-terminated UTF-16LE string at `offset`, ending before `end`. Null when no NUL is found. Strings
// longer than kMaxStringUnits are cut (`cut` set) but `next` is still past their NUL.
struct Utf16 {
  std::string utf8;
  std::size_t next = 0;
  bool cut = false;
};
std::optional<Utf16> utf16z(const ByteReader& r, std::size_t offset, std::size_t end) {
  for (std::size_t p = offset; p + 2 <= end; p += 2) {
    if (r.u16(p).value_or(1) != 0) continue;
    const std::size_t units = (p - offset) / 2;
    const std::size_t kept = std::min(units, kMaxStringUnits);
    auto bytes = r.sub(offset, kept * 2);
    if (!bytes) return std::nullopt;
    std::string_view raw(reinterpret_cast<const char*>(bytes->data()), bytes->size());
    return Utf16{text::decode_utf16le(raw).utf8, p + 2, units > kept};
  }
  return std::nullopt;
}

// "S-1-5-21-...": revision, sub-authority count, 48-bit big-endian authority, 32-bit sub-authorities.
std::optional<std::string> sid_string(const ByteReader& r, std::size_t offset, std::size_t length) {
  auto revision = r.u8(offset);
  auto count = r.u8(offset + 1);
  if (!revision || !count || *count > kMaxSidSubAuthorities || length != 8 + 4 * std::size_t{*count}) return std::nullopt;
  if (!r.has(offset, length)) return std::nullopt;
  std::uint64_t authority = 0;
  for (std::size_t i = 0; i < 6; ++i) authority = (authority << 8) | r.u8(offset + 2 + i).value_or(0);
  // Appended piece by piece: GCC 12 at -O3 misreads "S-" + std::to_string(...) as an overlapping memcpy.
  std::string s = "S-";
  s += std::to_string(*revision);
  s += '-';
  s += std::to_string(authority);
  for (std::size_t i = 0; i < *count; ++i) {
    s += '-';
    s += std::to_string(r.u32(offset + 8 + 4 * i).value_or(0));
  }
  return s;
}

class Walker {
 public:
  Walker(const std::string& where, Diagnostics& diags) : m_where(where), m_diags(diags) {}

  // Parses one record copied out of the ring. A returned error string means the record is skipped.
  std::variant<EvtRecord, std::string> record(const std::vector<std::uint8_t>& bytes, std::size_t offset);

  void warn(const std::string& message, std::size_t offset) {
    m_diags.warn(Errc::format, message, m_where + "@" + contract::hex_number(offset));
  }

 private:
  const std::string& m_where;
  Diagnostics& m_diags;
};

std::variant<EvtRecord, std::string> Walker::record(const std::vector<std::uint8_t>& bytes, std::size_t offset) {
  const ByteReader r(std::span<const std::uint8_t>(bytes.data(), bytes.size()));
  const std::size_t length = bytes.size();
  const std::uint32_t trailing = r.u32(length - 4).value_or(0);
  if (trailing != length) return "trailing length " + contract::hex_number(trailing) + " differs from Length " + contract::hex_number(length);
  const std::size_t var_end = length - 4;  // the variable part ends before the trailing Length

  EvtRecord rec;
  rec.offset = offset;
  rec.number = r.u32(kRecNumber).value_or(0);
  rec.time_generated = r.u32(kRecTimeGenerated).value_or(0);
  rec.time_written = r.u32(kRecTimeWritten).value_or(0);
  rec.event_id_full = r.u32(kRecEventId).value_or(0);
  rec.event_id = static_cast<std::uint16_t>(rec.event_id_full & 0xFFFF);
  rec.type = r.u16(kRecEventType).value_or(0);
  rec.category = r.u16(kRecCategory).value_or(0);

  auto source = utf16z(r, kRecFixedSize, var_end);
  if (!source) return std::string("source name is not terminated inside the record");
  auto computer = utf16z(r, source->next, var_end);
  if (!computer) return std::string("computer name is not terminated inside the record");
  rec.source = std::move(source->utf8);
  rec.computer = std::move(computer->utf8);
  const std::size_t names_end = computer->next;

  const std::size_t sid_length = r.u32(kRecUserSidLength).value_or(0);
  const std::size_t sid_offset = r.u32(kRecUserSidOffset).value_or(0);
  if (sid_length > 0) {
    if (sid_offset < names_end || sid_offset > var_end || sid_length > var_end - sid_offset) {
      warn("record " + std::to_string(rec.number) + ": user SID outside the record; ignored", offset);
    } else if (auto sid = sid_string(r, sid_offset, sid_length)) {
      rec.user_sid = std::move(*sid);
    } else {
      warn("record " + std::to_string(rec.number) + ": malformed user SID; ignored", offset);
    }
  }

  const std::size_t data_length = r.u32(kRecDataLength).value_or(0);
  const std::size_t data_offset = r.u32(kRecDataOffset).value_or(0);
  std::size_t strings_end = var_end;
  if (data_length > 0) {
    if (data_offset < names_end || data_offset > var_end || data_length > var_end - data_offset) {
      warn("record " + std::to_string(rec.number) + ": data outside the record; ignored", offset);
    } else {
      rec.data_length = static_cast<std::uint32_t>(data_length);
    }
  }

  const std::size_t num_strings = r.u16(kRecNumStrings).value_or(0);
  const std::size_t string_offset = r.u32(kRecStringOffset).value_or(0);
  if (num_strings > 0) {
    if (string_offset < names_end || string_offset > var_end) {
      warn("record " + std::to_string(rec.number) + ": strings outside the record; ignored", offset);
    } else {
      if (rec.data_length > 0 && data_offset >= string_offset) strings_end = data_offset;
      std::size_t p = string_offset;
      bool cut = false;
      const std::size_t wanted = std::min(num_strings, kMaxStrings);
      while (rec.strings.size() < wanted) {
        auto s = utf16z(r, p, strings_end);
        if (!s) break;
        cut = cut || s->cut;
        rec.strings.push_back(s->utf8);
        p = s->next;
      }
      if (rec.strings.size() < num_strings) {
        warn("record " + std::to_string(rec.number) + " claims " + std::to_string(num_strings) + " strings; " +
                 std::to_string(rec.strings.size()) + " kept",
             offset);
      }
      if (cut) warn("record " + std::to_string(rec.number) + ": a string longer than 8192 units was cut", offset);
    }
  }
  return rec;
}

}  // namespace

std::string evt_type_name(std::uint16_t type) {
  switch (type) {
    case 0: return "success";
    case 1: return "error";
    case 2: return "warning";
    case 4: return "information";
    case 8: return "audit_success";
    case 16: return "audit_failure";
    default: return "type_" + std::to_string(type);
  }
}


// The heap and inline bytes a parsed record keeps.
std::size_t kept_bytes(const EvtRecord& rec) {
  std::size_t n = sizeof(EvtRecord) + rec.strings.buffer_bytes();
  if (rec.source.size() > 15) n += rec.source.capacity();
  if (rec.computer.size() > 15) n += rec.computer.capacity();
  if (rec.user_sid && rec.user_sid->size() > 15) n += rec.user_sid->capacity();
  return n;
}

Result<EventLog> parse_evt(std::string_view bytes, const std::string& where, Diagnostics& diags,
                           std::size_t memory_budget) {
  if (memory_budget == 0) memory_budget = kMemoryPerInputByte * bytes.size() + kMemoryBase;
  const ByteReader r(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
  if (r.size() < kHdrSize) {
    return make_error(Errc::format, "shorter than the 0x30-byte event log header: not an NT event log", where + "@0x0");
  }
  if (r.u32(kHdrSignature) != kSignature) {
    return make_error(Errc::format, "no 'LfLe' signature: not an NT event log (.evt)", where + "@" + contract::hex_number(kHdrSignature));
  }
  Walker walker(where, diags);
  EventLog out;
  EvtHeader& h = out.header;
  h.major_version = r.u32(kHdrMajorVersion).value_or(0);
  h.minor_version = r.u32(kHdrMinorVersion).value_or(0);
  h.start_offset = r.u32(kHdrStartOffset).value_or(0);
  h.end_offset = r.u32(kHdrEndOffset).value_or(0);
  h.current_record_number = r.u32(kHdrCurrentRecord).value_or(0);
  h.oldest_record_number = r.u32(kHdrOldestRecord).value_or(0);
  h.max_size = r.u32(kHdrMaxSize).value_or(0);
  h.flags = r.u32(kHdrFlags).value_or(0);
  h.retention = r.u32(kHdrRetention).value_or(0);
  if (r.u32(kHdrHeaderSize) != kHdrSize || r.u32(kHdrEndHeaderSize) != kHdrSize) {
    walker.warn("header sizes are not 0x30", kHdrHeaderSize);
  }
  if (h.major_version != 1 || h.minor_version != 1) {
    walker.warn("version " + std::to_string(h.major_version) + "." + std::to_string(h.minor_version) + " (expected 1.1)",
                kHdrMajorVersion);
  }
  if ((h.flags & kFlagDirty) != 0) {
    walker.warn("the log was not closed cleanly (dirty flag); offsets in the header may be stale", kHdrFlags);
  }
  if (r.size() == kHdrSize) {
    walker.warn("no records and no EOF record", kHdrSize);
    return out;
  }

  const Ring ring(r, kHdrSize);
  std::size_t pos = h.start_offset;
  if (!ring.contains(pos)) {
    walker.warn("StartOffset " + contract::hex_number(h.start_offset) + " is outside the file; reading from 0x30", kHdrStartOffset);
    pos = kHdrSize;
  }
  const std::size_t max_length = std::min(kMaxRecordLength, ring.length());
  std::size_t consumed = 0;  // bytes walked; the walk ends after one lap whatever the content
  std::size_t kept = 0;      // bytes the records keep, against memory_budget
  while (consumed < ring.length()) {
    const std::uint32_t length = ring.u32(ring.advance(pos, kRecLength));
    const std::uint32_t signature = ring.u32(ring.advance(pos, kRecSignature));
    if (length == kEofSize && signature == kEofOne && ring.u32(ring.advance(pos, 8)) == kEofTwo &&
        ring.u32(ring.advance(pos, 12)) == kEofThree && ring.u32(ring.advance(pos, 16)) == kEofFour) {
      out.eof_record_found = true;
      break;
    }
    if (length == kSkipDword) {  // filler before the wrap; no record is this short
      pos = ring.advance(pos, 4);
      consumed += 4;
      continue;
    }
    std::string problem;
    if (signature != kSignature) {
      problem = "no 'LfLe' record signature";
    } else if (length < kRecMinLength || length > max_length) {
      problem = "record Length " + contract::hex_number(length) + " out of range";
    } else if (length > ring.length() - consumed) {
      problem = "record Length " + contract::hex_number(length) + " is longer than the rest of the log";
    } else {
      auto parsed = walker.record(ring.copy(pos, length), pos);
      if (auto* rec = std::get_if<EvtRecord>(&parsed)) {
        if (out.records.size() >= kMaxRecords) {
          walker.warn("more than 1,000,000 records; the rest are ignored", pos);
          break;
        }
        rec->wrapped = ring.wraps(pos, length);
        kept += kept_bytes(*rec);
        if (kept > memory_budget) {
          return make_error(Errc::limit,
                            "input exceeds LIMIT (" + std::to_string(memory_budget) + " bytes kept for a " +
                                std::to_string(bytes.size()) + "-byte log, at record " + std::to_string(rec->number) +
                                "): the log is not read",
                            where + "@" + contract::hex_number(pos));
        }
        out.records.push_back(std::move(*rec));
        pos = ring.advance(pos, length);
        consumed += length;
        continue;
      }
      problem = std::get<std::string>(parsed);
    }
    // Skip the bad record: resume at the next "LfLe" (a record's second DWORD) or EOF record signature.
    walker.warn("bad record skipped (" + problem + ")", pos);
    ++out.skipped_regions;
    bool found = false;
    while (++consumed < ring.length()) {
      pos = ring.advance(pos, 1);
      const std::uint32_t next = ring.u32(ring.advance(pos, 4));
      if (next == kSignature || (next == kEofOne && ring.u32(pos) == kEofSize)) {
        found = true;
        break;
      }
    }
    if (!found) break;
  }
  if (!out.eof_record_found) walker.warn("no EOF record found; the log may be truncated", h.end_offset);
  return out;
}

Result<std::string> evt_json(std::string_view bytes, const std::string& where, Diagnostics& diags) {
  auto parsed = parse_evt(bytes, where, diags);
  if (!parsed) return std::move(parsed).error();
  const EvtHeader& h = parsed->header;
  JsonOut j;
  j.begin_object();
  j.key("header").begin_object();
  j.field("major_version", h.major_version).field("minor_version", h.minor_version);
  j.field("start_offset", h.start_offset).field("end_offset", h.end_offset);
  j.field("current_record_number", h.current_record_number).field("oldest_record_number", h.oldest_record_number);
  j.field("max_size", h.max_size).field("flags", h.flags).field("retention", h.retention);
  j.end_object();
  j.field("eof_record_found", parsed->eof_record_found);
  j.field("skipped_regions", std::uint64_t{parsed->skipped_regions});
  j.key("records").begin_array();
  for (const auto& r : parsed->records) {
    j.begin_object();
    j.field("offset", std::uint64_t{r.offset}).field("number", r.number);
    j.field("time_generated", contract::format_iso(r.time_generated)).field("time_written", contract::format_iso(r.time_written));
    j.field("event_id", int{r.event_id}).field("event_id_full", r.event_id_full);
    j.field("type", evt_type_name(r.type)).field("type_code", int{r.type}).field("category", int{r.category});
    j.field("source", r.source).field("computer", r.computer).field("user_sid", r.user_sid);
    j.field("strings", r.strings.to_vector()).field("data_length", r.data_length).field("wrapped", r.wrapped);
    j.end_object();
  }
  j.end_array();
  j.end_object();
  return j.str();
}

}  // namespace migready::parsers
