// parse_evt: a Windows NT 5.x binary event log (.evt, as the event log service keeps it and BackupEventLogW
// copies it) to typed records. The input is the raw file, never decoded text.
//
// Layout (all little-endian; offsets in evt.cpp's kHdr*/kRec*/kEof* constants):
//
//   0x00  ELF_LOGFILE_HEADER, 0x30 bytes: HeaderSize 0x30, "LfLe", MajorVersion 1, MinorVersion 1,
//         StartOffset (oldest record), EndOffset (the EOF record), CurrentRecordNumber,
//         OldestRecordNumber, MaxSize, Flags (1 dirty, 2 wrapped, 4 log full, 8 archive), Retention,
//         EndHeaderSize 0x30
//   0x30  EVENTLOGRECORDs from StartOffset on, each: Length, "LfLe", RecordNumber, TimeGenerated,
//         TimeWritten (Unix seconds, UTC), EventID, EventType, NumStrings, EventCategory, ReservedFlags,
//         ClosingRecordNumber, StringOffset, UserSidLength, UserSidOffset, DataLength, DataOffset (56 bytes),
//         then SourceName and Computername (NUL-terminated UTF-16LE), the SID, the strings, the data,
//         padding, and Length again
//   ...   ELF_EOF_RECORD, 0x28 bytes: 0x28, 0x11111111, 0x22222222, 0x33333333, 0x44444444, BeginRecord,
//         EndRecord, CurrentRecordNumber, OldestRecordNumber, 0x28
//
// The file is circular: once full, the service writes on from just after the header, so the oldest record
// may sit in the middle and a record (or the EOF record) may be split between the file's end and offset
// 0x30. Records are read from StartOffset, wrapping at the end of the file, until the EOF record.
//
// Sample (tests/unit/parsers/test_evt.cpp builds it byte by byte): a header with StartOffset 0x30, one
// record {RecordNumber 1, TimeGenerated 1795215720, EventID 0x40000419, EventType 4, source "NTBackup",
// computer "SBS01", strings "one", "two"} and the EOF record gives records [{offset 48, number 1,
// time_generated "2026-11-20T23:02:00Z", event_id 1049, event_id_full 1073742873, type "information",
// category 0, source "NTBackup", computer "SBS01", user_sid null, strings ["one", "two"]}].
//
// Hostile input: every offset and length is checked against the record and the file before use; nothing
// is cast onto the buffer. A record whose Length is out of range, whose second "LfLe" or trailing Length
// is wrong, or whose variable part does not fit, is skipped with a warning `where@0xOFFSET` (the physical
// offset of its start) and reading resumes at the next "LfLe" signature. A record with more strings than
// it holds keeps those it holds, with a warning. Bad version numbers, a dirty log (not closed cleanly)
// and a missing EOF record are warnings. Fails only when the file is shorter than the header or the header
// signature is wrong.
//
// Limits (kMax* in evt.cpp): a record at most 0x100000 bytes; at most 1,000,000 records; 256 strings per
// record and 8192 UTF-16 units per string (more are dropped or cut, with a warning); the whole walk visits
// at most the file's size in bytes once, so it always ends.
//
// Memory: a record's strings are kept in one buffer (EvtStrings), so a record costs sizeof(EvtRecord) plus
// its text, never a std::string per string (256 empty strings cost 256 bytes, not 8 KB: issue 19). What the
// records keep is also budgeted against the input: by default 4 bytes per input byte plus 1 MiB (UTF-8 of
// UTF-16 text is at most 1.5 times its size, and a record's fixed part about 3 times the smallest record), so
// an honest log never reaches it. Going over fails the parse with Errc::limit "input exceeds LIMIT (N bytes
// kept)", which fails that log alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/result.hpp"

namespace migready::parsers {

// A record's strings in one buffer, each followed by a NUL (decoded UTF-16 stops at a NUL, so none holds one).
// Read them in order with begin()/end(); operator[] walks from the first one.
class EvtStrings {
 public:
  class Iterator {
   public:
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    Iterator() = default;
    Iterator(const std::string* joined, std::size_t pos) : m_joined(joined), m_pos(pos) {}
    std::string_view operator*() const {
      const std::string_view rest = std::string_view(*m_joined).substr(m_pos);
      return rest.substr(0, rest.find('\0'));
    }
    Iterator& operator++() {
      m_pos = m_joined->find('\0', m_pos) + 1;
      return *this;
    }
    Iterator operator++(int) {
      Iterator old = *this;
      ++*this;
      return old;
    }
    bool operator==(const Iterator& o) const { return m_pos == o.m_pos; }

   private:
    const std::string* m_joined = nullptr;
    std::size_t m_pos = 0;
  };

  void push_back(std::string_view s) {
    m_joined.append(s);
    m_joined.push_back('\0');
    ++m_count;
  }
  std::size_t size() const { return m_count; }
  bool empty() const { return m_count == 0; }
  Iterator begin() const { return Iterator(&m_joined, 0); }
  Iterator end() const { return Iterator(&m_joined, m_joined.size()); }
  std::string_view front() const { return *begin(); }
  std::string_view operator[](std::size_t i) const {
    auto it = begin();
    for (; i > 0; --i) ++it;
    return *it;
  }
  std::size_t buffer_bytes() const { return m_joined.capacity(); }
  std::vector<std::string> to_vector() const { return {begin(), end()}; }
  bool operator==(const std::vector<std::string>& v) const { return to_vector() == v; }

 private:
  std::string m_joined;
  std::size_t m_count = 0;
};

struct EvtRecord {
  std::size_t offset = 0;             // physical file offset of the record's Length field
  std::uint32_t number = 0;
  std::uint32_t time_generated = 0;   // Unix seconds, UTC
  std::uint32_t time_written = 0;
  std::uint32_t event_id_full = 0;    // with severity, customer and facility bits
  std::uint16_t event_id = 0;         // the low 16 bits, what Event Viewer shows
  std::uint16_t type = 0;             // 1 error, 2 warning, 4 information, 8 audit success, 16 audit failure
  std::uint16_t category = 0;
  std::string source;
  std::string computer;
  std::optional<std::string> user_sid;  // "S-1-5-18"
  EvtStrings strings;
  std::uint32_t data_length = 0;
  bool wrapped = false;               // the record was split across the end of the file
};

struct EvtHeader {
  std::uint32_t major_version = 0;
  std::uint32_t minor_version = 0;
  std::uint32_t start_offset = 0;
  std::uint32_t end_offset = 0;
  std::uint32_t current_record_number = 0;
  std::uint32_t oldest_record_number = 0;
  std::uint32_t max_size = 0;
  std::uint32_t flags = 0;
  std::uint32_t retention = 0;
};

struct EventLog {
  EvtHeader header;
  std::vector<EvtRecord> records;     // in log order, oldest first
  bool eof_record_found = false;
  std::size_t skipped_regions = 0;    // bad records skipped by resynchronizing
};

// "error", "warning", "information", "audit_success", "audit_failure", "success" (0) or "type_<n>".
std::string evt_type_name(std::uint16_t type);

// `bytes` is the raw .evt file; `where` names it in diagnostics, e.g. "eventlogs/System.evt". `memory_budget`:
// the bytes the records may keep; 0 derives it from the input (above).
Result<EventLog> parse_evt(std::string_view bytes, const std::string& where, Diagnostics& diags,
                           std::size_t memory_budget = 0);

// The registry's renderer (`migready parse evt`): the parse result as a pretty-printed JSON document.
Result<std::string> evt_json(std::string_view bytes, const std::string& where, Diagnostics& diags);

}  // namespace migready::parsers
