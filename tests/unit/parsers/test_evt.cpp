// parse_evt: .evt images built byte by byte here (every error branch), a binary fixture written by an
// independent writer (tests/fixtures/evt/make_fixtures.py), and a seeded mutation test.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "contract/civil_time.hpp"
#include "parsers/evt.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;

namespace {

void put32(std::string& b, std::size_t at, std::uint32_t v) {
  for (std::size_t i = 0; i < 4; ++i) b[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}
void add32(std::string& b, std::uint32_t v) {
  b.append(4, '\0');
  put32(b, b.size() - 4, v);
}
void add16(std::string& b, std::uint16_t v) {
  b.push_back(static_cast<char>(v & 0xFF));
  b.push_back(static_cast<char>(v >> 8));
}
void add_utf16z(std::string& b, const std::string& ascii) {
  for (char c : ascii) add16(b, static_cast<std::uint16_t>(static_cast<unsigned char>(c)));
  add16(b, 0);
}
void pad4(std::string& b) {
  while (b.size() % 4 != 0) b.push_back('\0');
}

struct Rec {
  std::uint32_t number = 1;
  std::uint32_t time = 1795215660;  // 2026-11-20T23:01:00Z
  std::uint32_t event_id = 0x40000419;
  std::uint16_t type = 4;
  std::uint16_t category = 0;
  std::string source = "NTBackup";
  std::string computer = "SBS01";
  std::vector<std::string> strings;
  std::string sid;   // raw bytes
  std::string data;  // raw bytes
  int num_strings = -1;  // override NumStrings
};

// One EVENTLOGRECORD, laid out as the service writes it.
std::string record(const Rec& r) {
  std::string b(0x38, '\0');
  put32(b, 0x04, 0x654c664c);
  put32(b, 0x08, r.number);
  put32(b, 0x0C, r.time);
  put32(b, 0x10, r.time + 1);
  put32(b, 0x14, r.event_id);
  b[0x18] = static_cast<char>(r.type);
  const auto n = static_cast<std::uint16_t>(r.num_strings >= 0 ? r.num_strings : static_cast<int>(r.strings.size()));
  b[0x1A] = static_cast<char>(n & 0xFF);
  b[0x1B] = static_cast<char>(n >> 8);
  b[0x1C] = static_cast<char>(r.category);
  put32(b, 0x20, r.number);
  add_utf16z(b, r.source);
  add_utf16z(b, r.computer);
  pad4(b);
  if (!r.sid.empty()) {
    put32(b, 0x28, static_cast<std::uint32_t>(r.sid.size()));
    put32(b, 0x2C, static_cast<std::uint32_t>(b.size()));
    b += r.sid;
  }
  put32(b, 0x24, static_cast<std::uint32_t>(b.size()));
  for (const auto& s : r.strings) add_utf16z(b, s);
  if (!r.data.empty()) {
    put32(b, 0x30, static_cast<std::uint32_t>(r.data.size()));
    put32(b, 0x34, static_cast<std::uint32_t>(b.size()));
    b += r.data;
  }
  pad4(b);
  add32(b, static_cast<std::uint32_t>(b.size() + 4));
  put32(b, 0x00, static_cast<std::uint32_t>(b.size()));
  return b;
}

std::string eof_record(std::uint32_t begin, std::uint32_t end, std::uint32_t current, std::uint32_t oldest) {
  std::string b;
  for (std::uint32_t v : {0x28u, 0x11111111u, 0x22222222u, 0x33333333u, 0x44444444u, begin, end, current, oldest, 0x28u}) {
    add32(b, v);
  }
  return b;
}

// A file of `file_size` bytes (0: just big enough) whose records start at `start` and wrap at the end.
std::string image(const std::vector<std::string>& records, std::size_t file_size = 0, std::size_t start = 0x30,
                  bool with_eof = true) {
  std::size_t total = 0;
  for (const auto& r : records) total += r.size();
  if (file_size == 0) file_size = 0x30 + total + 0x28;
  std::string b(file_size, '\0');
  const std::size_t ring = file_size - 0x30;
  std::size_t pos = start;
  auto write = [&](const std::string& bytes) {
    for (char c : bytes) {
      b[pos] = c;
      pos = 0x30 + (pos - 0x30 + 1) % ring;
    }
  };
  for (const auto& r : records) write(r);
  const std::size_t end = pos;
  const auto count = static_cast<std::uint32_t>(records.size());
  if (with_eof) write(eof_record(static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(end), count + 1, 1));
  put32(b, 0x00, 0x30);
  put32(b, 0x04, 0x654c664c);
  put32(b, 0x08, 1);
  put32(b, 0x0C, 1);
  put32(b, 0x10, static_cast<std::uint32_t>(start));
  put32(b, 0x14, static_cast<std::uint32_t>(end));
  put32(b, 0x18, count + 1);
  put32(b, 0x1C, 1);
  put32(b, 0x20, static_cast<std::uint32_t>(file_size));
  put32(b, 0x24, file_size != 0x30 + total + 0x28 ? 2 : 0);
  put32(b, 0x28, 604800);
  put32(b, 0x2C, 0x30);
  return b;
}

Rec numbered(std::uint32_t n, std::vector<std::string> strings = {}) {
  Rec r;
  r.number = n;
  r.time += n * 60;
  r.strings = std::move(strings);
  return r;
}

const std::string kLocalSystemSid("\x01\x01\x00\x00\x00\x00\x00\x05\x12\x00\x00\x00", 12);  // S-1-5-18

}  // namespace

TEST_CASE("evt: a small log, every field", "[parsers][evt]") {
  Rec warning = numbered(2, {"C:\\pagefile.sys"});
  warning.type = 2;
  warning.event_id = 0x80000022;
  warning.category = 3;
  warning.source = "Service Control Manager";
  warning.sid = kLocalSystemSid;
  warning.data = std::string("\x01\x02\x03", 3);
  Rec error = numbered(3, {"The Microsoft Exchange Information Store", "%%1053"});
  error.type = 1;
  error.event_id = 0xC0001B58;  // 7000
  const std::string bytes = image({record(numbered(1, {"one", "two"})), record(warning), record(error)});

  Diagnostics diags;
  auto log = parsers::parse_evt(bytes, "System.evt", diags);
  REQUIRE(log);
  for (const auto& d : diags.entries()) FAIL_CHECK(d.where << ": " << d.message);
  CHECK(log->eof_record_found);
  CHECK(log->header.major_version == 1);
  REQUIRE(log->records.size() == 3);
  const auto& r1 = log->records[0];
  CHECK(r1.offset == 0x30);
  CHECK(r1.number == 1);
  CHECK(contract::format_iso(r1.time_generated) == "2026-11-20T23:02:00Z");
  CHECK(contract::format_iso(r1.time_written) == "2026-11-20T23:02:01Z");
  CHECK(r1.event_id == 1049);
  CHECK(r1.event_id_full == 0x40000419);
  CHECK(parsers::evt_type_name(r1.type) == "information");
  CHECK(r1.source == "NTBackup");
  CHECK(r1.computer == "SBS01");
  CHECK(r1.strings == std::vector<std::string>{"one", "two"});
  CHECK_FALSE(r1.user_sid);
  const auto& r2 = log->records[1];
  CHECK(r2.event_id == 0x22);
  CHECK(parsers::evt_type_name(r2.type) == "warning");
  CHECK(r2.category == 3);
  CHECK(r2.user_sid == std::optional<std::string>("S-1-5-18"));
  CHECK(r2.data_length == 3);
  CHECK(r2.strings == std::vector<std::string>{"C:\\pagefile.sys"});
  CHECK(log->records[2].event_id == 7000);
  CHECK(parsers::evt_type_name(log->records[2].type) == "error");
  CHECK(log->records[2].strings.size() == 2);

  auto json = parsers::evt_json(bytes, "System.evt", diags);
  REQUIRE(json);
  CHECK_THAT(*json, Catch::Contains("\"time_generated\": \"2026-11-20T23:02:00Z\""));
}

TEST_CASE("evt: type names and UTC times", "[parsers][evt]") {
  CHECK(parsers::evt_type_name(8) == "audit_success");
  CHECK(parsers::evt_type_name(16) == "audit_failure");
  CHECK(parsers::evt_type_name(3) == "type_3");
  CHECK(contract::format_iso(0) == "1970-01-01T00:00:00Z");
  CHECK(contract::format_iso(951782400) == "2000-02-29T00:00:00Z");
  CHECK(contract::format_iso(4294967295u) == "2106-02-07T06:28:15Z");
}

TEST_CASE("evt: a wrapped log (a record and the EOF record split across the file's end)", "[parsers][evt]") {
  std::vector<std::string> recs;
  for (std::uint32_t n = 10; n < 14; ++n) recs.push_back(record(numbered(n, {"message " + std::to_string(n)})));
  std::size_t total = 0;
  for (const auto& r : recs) total += r.size();
  const std::size_t file_size = 0x30 + total + 0x28 + 0x40;  // a little free space
  SECTION("record split") {
    // Start so that the third record straddles the end of the file.
    const std::size_t start = file_size - recs[0].size() - recs[1].size() - 20;
    const std::string bytes = image(recs, file_size, start);
    Diagnostics diags;
    auto log = parsers::parse_evt(bytes, "App.evt", diags);
    REQUIRE(log);
    for (const auto& d : diags.entries()) FAIL_CHECK(d.where << ": " << d.message);
    REQUIRE(log->records.size() == 4);
    CHECK(log->records[0].number == 10);
    CHECK(log->records[2].wrapped);
    CHECK(log->records[2].strings == std::vector<std::string>{"message 12"});
    CHECK(log->records[3].offset < start);
    CHECK(log->eof_record_found);
  }
  SECTION("EOF record split") {
    const std::size_t start = file_size - total - 12;
    const std::string bytes = image(recs, file_size, start);
    Diagnostics diags;
    auto log = parsers::parse_evt(bytes, "App.evt", diags);
    REQUIRE(log);
    CHECK(diags.empty());
    CHECK(log->records.size() == 4);
    CHECK(log->eof_record_found);
  }
}

TEST_CASE("evt: damaged records are skipped, reading resumes at the next signature", "[parsers][evt]") {
  const std::string r1 = record(numbered(1, {"a"})), r2 = record(numbered(2, {"b"})), r3 = record(numbered(3, {"c"}));
  const std::size_t r2_at = 0x30 + r1.size();
  Diagnostics diags;
  SECTION("huge Length") {
    std::string bytes = image({r1, r2, r3});
    put32(bytes, r2_at, 0xFFFFFFF0);
    auto log = parsers::parse_evt(bytes, "x.evt", diags);
    REQUIRE(log);
    REQUIRE(log->records.size() == 2);
    CHECK(log->records[1].number == 3);
    CHECK(log->skipped_regions == 1);
    REQUIRE_FALSE(diags.empty());
    std::ostringstream at;
    at << "x.evt@0x" << std::hex << r2_at;
    CHECK(diags.entries()[0].where == at.str());
  }
  SECTION("filler DWORDs (0x27) between records are skipped silently") {
    auto log = parsers::parse_evt(image({r1, std::string("\x27\0\0\0\x27\0\0\0", 8), r2}), "x.evt", diags);
    REQUIRE(log);
    CHECK(log->records.size() == 2);
    CHECK(diags.empty());
  }
  SECTION("Length smaller than a record") {
    std::string bytes = image({r1, r2, r3});
    put32(bytes, r2_at, 8);
    auto log = parsers::parse_evt(bytes, "x.evt", diags);
    REQUIRE(log);
    CHECK(log->records.size() == 2);
  }
  SECTION("trailing Length differs") {
    std::string bytes = image({r1, r2, r3});
    put32(bytes, r2_at + r2.size() - 4, 0x1234);
    auto log = parsers::parse_evt(bytes, "x.evt", diags);
    REQUIRE(log);
    CHECK(log->records.size() == 2);
    CHECK_THAT(diags.entries()[0].message, Catch::Contains("trailing length"));
  }
  SECTION("unterminated source name") {
    Rec bad = numbered(2);
    bad.source = std::string(40, 'S');
    std::string b2 = record(bad);
    for (std::size_t i = 0x38; i + 4 < b2.size(); i += 2) b2[i] = 'S';  // no NUL anywhere
    auto log = parsers::parse_evt(image({r1, b2, r3}), "x.evt", diags);
    REQUIRE(log);
    CHECK(log->records.size() == 2);
  }
  SECTION("truncated record at the end of the file, no EOF record") {
    std::string bytes = image({r1, r2}, 0, 0x30, false);
    bytes.resize(0x30 + r1.size() + r2.size() / 2);
    auto log = parsers::parse_evt(bytes, "x.evt", diags);
    REQUIRE(log);
    CHECK(log->records.size() == 1);
    CHECK_FALSE(log->eof_record_found);
  }
  SECTION("a record claiming 65535 strings keeps the ones it holds") {
    Rec lying = numbered(2, {"only", "two"});
    lying.num_strings = 65535;
    auto log = parsers::parse_evt(image({r1, record(lying), r3}), "x.evt", diags);
    REQUIRE(log);
    REQUIRE(log->records.size() == 3);
    CHECK(log->records[1].strings.size() <= 4);  // the two, plus at most empty strings read from padding
    CHECK(log->records[1].strings[0] == "only");
    CHECK_THAT(diags.entries().back().message, Catch::Contains("claims 65535 strings"));
  }
  SECTION("string offset outside the record") {
    std::string b2 = r2;
    put32(b2, 0x24, 0x7FFFFFFF);
    auto log = parsers::parse_evt(image({r1, b2, r3}), "x.evt", diags);
    REQUIRE(log);
    REQUIRE(log->records.size() == 3);
    CHECK(log->records[1].strings.empty());
  }
  SECTION("SID and data outside the record") {
    std::string b2 = r2;
    put32(b2, 0x28, 12);
    put32(b2, 0x2C, 0xFFFFFFF0);
    put32(b2, 0x30, 0xFFFFFFFF);
    put32(b2, 0x34, 0x40);
    auto log = parsers::parse_evt(image({r1, b2, r3}), "x.evt", diags);
    REQUIRE(log);
    REQUIRE(log->records.size() == 3);
    CHECK_FALSE(log->records[1].user_sid);
    CHECK(log->records[1].data_length == 0);
  }
}

TEST_CASE("evt: header problems", "[parsers][evt]") {
  Diagnostics diags;
  SECTION("shorter than the header") {
    auto log = parsers::parse_evt(std::string(0x20, '\0'), "x.evt", diags);
    REQUIRE_FALSE(log);
    CHECK(log.error().where == "x.evt@0x0");
  }
  SECTION("wrong signature") {
    std::string bytes = image({record(numbered(1))});
    bytes[4] = 'X';
    auto log = parsers::parse_evt(bytes, "x.evt", diags);
    REQUIRE_FALSE(log);
    CHECK(log.error().where == "x.evt@0x4");
  }
  SECTION("StartOffset outside the file") {
    std::string bytes = image({record(numbered(1)), record(numbered(2))});
    put32(bytes, 0x10, 0x7FFFFFFF);
    auto log = parsers::parse_evt(bytes, "x.evt", diags);
    REQUIRE(log);
    CHECK(log->records.size() == 2);
    CHECK_FALSE(diags.empty());
  }
  SECTION("StartOffset in the middle of a record") {
    const std::string r1 = record(numbered(1, {"first"}));
    std::string bytes = image({r1, record(numbered(2))});
    put32(bytes, 0x10, 0x30 + 8);
    auto log = parsers::parse_evt(bytes, "x.evt", diags);
    REQUIRE(log);
    REQUIRE(log->records.size() == 1);
    CHECK(log->records[0].number == 2);
  }
  SECTION("header only, dirty") {
    std::string bytes = image({}).substr(0, 0x30);
    put32(bytes, 0x24, 1);
    auto log = parsers::parse_evt(bytes, "x.evt", diags);
    REQUIRE(log);
    CHECK(log->records.empty());
    CHECK(diags.entries().size() == 2);
  }
}

// A file written by an independent writer (Python's struct module): a wrapped System log.
TEST_CASE("evt: binary fixture from an independent writer", "[parsers][evt]") {
  const std::string dir = MIGREADY_FIXTURES_DIR "/evt/";
  const std::string bytes = test::read_file(dir + "wrapped-system.evt");
  Diagnostics diags;
  auto json = parsers::evt_json(bytes, "wrapped-system.evt", diags);
  REQUIRE(json);
  for (const auto& d : diags.entries()) FAIL_CHECK(d.where << ": " << d.message);
  CHECK(*json == test::read_file(dir + "wrapped-system.expected.json"));
}

TEST_CASE("evt: seeded mutations never crash or hang", "[parsers][evt][fuzz]") {
  std::vector<std::string> recs;
  for (std::uint32_t n = 1; n < 8; ++n) {
    Rec r = numbered(n, {"string " + std::to_string(n), "more"});
    if (n % 2 == 0) r.sid = kLocalSystemSid;
    if (n % 3 == 0) r.data = "data bytes";
    recs.push_back(record(r));
  }
  std::size_t total = 0;
  for (const auto& r : recs) total += r.size();
  const std::size_t file_size = 0x30 + total + 0x28 + 0x20;
  const std::string base = image(recs, file_size, file_size - recs[0].size() - 30);
  std::mt19937 rng(20261125);
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 20000; ++i) {
    std::string m = base;
    const int edits = 1 + static_cast<int>(rng() % 16);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = rng() % m.size();
      switch (rng() % 4) {
        case 0: m[at] = static_cast<char>(rng() & 0xFF); break;
        case 1: if (at + 4 <= m.size()) put32(m, at, static_cast<std::uint32_t>(rng())); break;
        case 2: if (at + 4 <= m.size()) put32(m, at, 0x654c664c); break;  // stray signatures
        default: if (at + 4 <= m.size()) put32(m, at, static_cast<std::uint32_t>(rng() % 0x200)); break;
      }
    }
    if (rng() % 8 == 0) m.resize(rng() % m.size());
    Diagnostics diags;
    auto log = parsers::parse_evt(m, "fuzz.evt", diags);
    if (log) CHECK(log->records.size() <= m.size() / 0x40 + 1);
  }
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(60));
}

// Issue 19: records of 256 empty strings cost ~8.6 KB each when every string was a std::string (a 1 MB zip took
// 1 GB). Strings now share one buffer per record and the records are budgeted against the input's size: an
// honest log of such records stays within the default budget (4 bytes per input byte), and a budget too small
// for the log fails that parse with a clear limit error.
TEST_CASE("evt: records of 256 empty strings are compact, and the memory budget holds", "[parsers][evt][hostile]") {
  const std::string one = record(numbered(1, std::vector<std::string>(256)));
  std::vector<std::string> records;
  constexpr std::uint32_t kCount = 4000;
  for (std::uint32_t n = 1; n <= kCount; ++n) records.push_back(record(numbered(n, std::vector<std::string>(256))));
  const std::string bytes = image(records);
  SECTION("the default budget: every record kept, every string there") {
    Diagnostics diags;
    auto log = parsers::parse_evt(bytes, "System.evt", diags);
    REQUIRE(log);
    REQUIRE(log->records.size() == kCount);
    CHECK(log->records.back().strings.size() == 256);
    CHECK(log->records.back().strings[255].empty());
    std::size_t n = 0;
    for (std::string_view s : log->records.front().strings) n += s.empty() ? 1u : 0u;
    CHECK(n == 256);
    CHECK(sizeof(parsers::EvtRecord) + log->records.front().strings.buffer_bytes() < 4 * one.size());
  }
  SECTION("a budget the records exceed fails this log with the limit named") {
    Diagnostics diags;
    auto log = parsers::parse_evt(bytes, "System.evt", diags, bytes.size() / 2);
    REQUIRE_FALSE(log);
    CHECK(log.error().code == Errc::limit);
    CHECK_THAT(log.error().message, Catch::Contains("input exceeds LIMIT (" + std::to_string(bytes.size() / 2)));
  }
}
