#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/api_json.hpp"
#include "core/smbios.hpp"

namespace smbios = migready::collector::smbios;
namespace aj = migready::collector::api_json;

namespace {

using Bytes = std::vector<std::uint8_t>;

// One structure: header (type, formatted length, handle), the rest of the formatted area, then the strings
// and the set's terminator (two NULs when there are none), as DSP0134 lays them out.
Bytes structure(std::uint8_t type, std::uint16_t handle, const Bytes& formatted_rest,
                const std::vector<std::string>& strings) {
  Bytes out{type, static_cast<std::uint8_t>(4 + formatted_rest.size()), static_cast<std::uint8_t>(handle & 0xFF),
            static_cast<std::uint8_t>(handle >> 8)};
  out.insert(out.end(), formatted_rest.begin(), formatted_rest.end());
  for (const std::string& s : strings) {
    out.insert(out.end(), s.begin(), s.end());
    out.push_back(0);
  }
  if (strings.empty()) out.push_back(0);
  out.push_back(0);
  return out;
}

// RawSMBIOSData around `table`: Used20CallingMethod 0, version major.minor, DmiRevision 0, Length.
Bytes raw(const Bytes& table, std::uint8_t major = 2, std::uint8_t minor = 4, std::size_t length = SIZE_MAX) {
  const std::size_t n = length == SIZE_MAX ? table.size() : length;
  Bytes out{0, major, minor, 0, static_cast<std::uint8_t>(n), static_cast<std::uint8_t>(n >> 8),
            static_cast<std::uint8_t>(n >> 16), static_cast<std::uint8_t>(n >> 24)};
  out.insert(out.end(), table.begin(), table.end());
  return out;
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// Type 0 (SMBIOS 2.4, 0x18 bytes): vendor 1, version 2, segment, date 3, ROM size, characteristics...
Bytes bios(const std::vector<std::string>& strings) {
  Bytes rest{1, 2, 0x00, 0xF0, 3, 0x0F};
  rest.resize(0x18 - 4, 0);
  return structure(0, 0x0000, rest, strings);
}

// Type 1 (2.1+, 0x19 bytes): manufacturer 1, product 2, version 3, serial 4, UUID (16 bytes), wake-up type.
Bytes system(const std::vector<std::string>& strings, std::uint8_t version_number = 3) {
  Bytes rest{1, 2, version_number, 4};
  for (int i = 0; i < 16; ++i) rest.push_back(static_cast<std::uint8_t>(0xA0 + i));
  rest.push_back(6);
  return structure(1, 0x0100, rest, strings);
}

const Bytes kEnd = structure(127, 0x7F00, {}, {});

// A fixture of tests/fixtures/smbios (SOURCES.md): hex bytes separated by blanks and line ends.
Bytes hex_fixture(const std::string& name) {
  std::ifstream in(std::string(MIGREADY_FIXTURES_DIR) + "/smbios/" + name);
  REQUIRE(in);
  Bytes out;
  std::string byte;
  while (in >> byte) out.push_back(static_cast<std::uint8_t>(std::stoul(byte, nullptr, 16)));
  return out;
}

}  // namespace

TEST_CASE("smbios: the table Wine 8 builds without DMI data: whole, every name missing", "[collector][smbios]") {
  const Bytes r = hex_fixture("wine-8.0-no-dmi.hex");
  REQUIRE(r.size() == 131);
  const smbios::Table t = smbios::walk(r);
  CHECK_FALSE(t.error);
  CHECK(t.major_version == 2);
  CHECK(t.minor_version == 4);
  CHECK(t.length == 123);
  CHECK(t.structures == 6);  // types 0, 1, 3, 2, 32, 127
  CHECK(t.end_of_table);
  REQUIRE(t.bios);
  CHECK_FALSE(t.bios->vendor);
  CHECK_FALSE(t.bios->version);
  CHECK_FALSE(t.bios->release_date);
  REQUIRE(t.system);
  CHECK_FALSE(t.system->manufacturer);
  CHECK_FALSE(t.system->product_name);
  CHECK_FALSE(t.system->version);
  // Its type 1 carries a UUID (3d 12 19 c7 ...): never in the document.
  aj::HardwareDocument doc;
  doc.smbios.table = t;
  const std::string json = aj::hardware_json(doc);
  CHECK(json.find("3d1219") == std::string::npos);
  CHECK(json.find("\"status\": \"ok\"") != std::string::npos);
  // Every cut of it is refused cleanly or walked to where it stops.
  for (std::size_t n = 0; n < r.size(); ++n) {
    const smbios::Table cut = smbios::walk(std::span(r).first(n));
    CHECK(cut.error.has_value());
  }
}

TEST_CASE("smbios: types 0 and 1 of a well-formed table", "[collector][smbios]") {
  const Bytes board = structure(2, 0x0200, {1, 2, 3, 4}, {"Dell Inc.", "0RH822", "A00", "..CN1374071S01GQ."});
  const Bytes table = concat({bios({"Dell Inc.", "A07", "05/12/2008"}),
                              system({"Dell Inc.", "PowerEdge 840", "not named", "ABC1234"}, 0), board, kEnd,
                              Bytes{0xDE, 0xAD}});  // bytes after the end-of-table structure are ignored
  const smbios::Table t = smbios::walk(raw(table));
  CHECK_FALSE(t.error);
  CHECK(t.major_version == 2);
  CHECK(t.minor_version == 4);
  CHECK(t.length == table.size());
  CHECK(t.structures == 4);
  CHECK(t.end_of_table);
  REQUIRE(t.bios);
  CHECK(t.bios->vendor == "Dell Inc.");
  CHECK(t.bios->version == "A07");
  CHECK(t.bios->release_date == "05/12/2008");
  REQUIRE(t.system);
  CHECK(t.system->manufacturer == "Dell Inc.");
  CHECK(t.system->product_name == "PowerEdge 840");
  CHECK_FALSE(t.system->version);  // string number 0: none

  // Nothing that identifies the machine reaches the document: not the serial numbers, not the UUID.
  aj::HardwareDocument doc;
  doc.smbios.table = t;
  const std::string json = aj::hardware_json(doc);
  CHECK(json.find("ABC1234") == std::string::npos);
  CHECK(json.find("CN1374071S01GQ") == std::string::npos);
  CHECK(json.find("a0a1a2") == std::string::npos);
  CHECK(json.find("\"product_name\": \"PowerEdge 840\"") != std::string::npos);
}

TEST_CASE("smbios: the first structure of each type wins, strings are kept as written", "[collector][smbios]") {
  const Bytes table = concat({system({"VMware, Inc.", "VMware Virtual Platform", "None", "VMware-56 4d"}),
                              system({"Other", "Other"}), bios({"Phoenix Technologies LTD", "6.00", "07/22/2011"}),
                              kEnd});
  const smbios::Table t = smbios::walk(raw(table));
  CHECK_FALSE(t.error);
  REQUIRE(t.system);
  CHECK(t.system->manufacturer == "VMware, Inc.");
  CHECK(t.system->product_name == "VMware Virtual Platform");
  CHECK(t.system->version == "None");
  REQUIRE(t.bios);
  CHECK(t.bios->vendor == "Phoenix Technologies LTD");

  // Trailing blanks stay (Dell pads with them); a string over 256 bytes is cut, not refused.
  const std::string long_name(300, 'x');
  const smbios::Table padded = smbios::walk(raw(concat({system({"HP    ", long_name}), kEnd})));
  REQUIRE(padded.system);
  CHECK(padded.system->manufacturer == "HP    ");
  CHECK(padded.system->product_name == std::string(256, 'x'));
}

TEST_CASE("smbios: fields an older or shorter structure lacks are null", "[collector][smbios]") {
  // SMBIOS 2.0's type 1 is 8 bytes: manufacturer, product, version, serial. A 6-byte one ends before the
  // version; a string number beyond the strings present names nothing.
  const Bytes short_system = structure(1, 0x0100, {1, 7}, {"Acme"});
  const smbios::Table t = smbios::walk(raw(concat({short_system, kEnd}), 2, 0));
  CHECK_FALSE(t.error);
  REQUIRE(t.system);
  CHECK(t.system->manufacturer == "Acme");
  CHECK_FALSE(t.system->product_name);  // string 7 of 1
  CHECK_FALSE(t.system->version);       // offset 6 lies beyond the 6-byte formatted area
  CHECK_FALSE(t.bios);
}

TEST_CASE("smbios: a table without the end-of-table structure that ends cleanly is whole", "[collector][smbios]") {
  const Bytes table = concat({bios({"Award Software International, Inc.", "6.00 PG", "12/01/2006"}),
                              system({"To Be Filled By O.E.M.", "To Be Filled By O.E.M."})});
  const smbios::Table t = smbios::walk(raw(table));
  CHECK_FALSE(t.error);
  CHECK_FALSE(t.end_of_table);
  CHECK(t.structures == 2);
  CHECK(t.system);
}

TEST_CASE("smbios: hostile and truncated tables stop the walk, keeping what came before", "[collector][smbios]") {
  const Bytes good = concat({bios({"Dell Inc.", "A07", "05/12/2008"}), system({"Dell Inc.", "PowerEdge 840"}), kEnd});

  SECTION("no header at all") {
    for (std::size_t n = 0; n < smbios::kRawHeaderBytes; ++n) {
      const Bytes r = raw(good);
      const smbios::Table t = smbios::walk(std::span(r).first(n));
      REQUIRE(t.error);
      CHECK(t.error->find("shorter than its 8-byte header") != std::string::npos);
      CHECK(t.structures == 0);
    }
  }
  SECTION("Length claims more than follows: what is there is walked") {
    const smbios::Table t = smbios::walk(raw(good, 2, 4, good.size() + 100));
    REQUIRE(t.error);
    CHECK(t.error->find("says " + std::to_string(good.size() + 100) + " bytes") != std::string::npos);
    CHECK(t.system);
    CHECK(t.end_of_table);
  }
  SECTION("Length shorter than the data: only Length bytes are the table") {
    const std::size_t first = bios({"Dell Inc.", "A07", "05/12/2008"}).size();
    const smbios::Table t = smbios::walk(raw(good, 2, 4, first));
    CHECK_FALSE(t.error);
    CHECK(t.bios);
    CHECK_FALSE(t.system);
    CHECK(t.structures == 1);
  }
  SECTION("a formatted length below the 4-byte header") {
    Bytes table = good;
    const std::size_t second = bios({"Dell Inc.", "A07", "05/12/2008"}).size();
    table[second + 1] = 3;
    const smbios::Table t = smbios::walk(raw(table));
    REQUIRE(t.error);
    CHECK(*t.error == "structure at offset 0x" + [&] {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%zx", second);
      return std::string(buf);
    }() + " has a formatted length of 3, below its 4-byte header");
    CHECK(t.bios);  // kept
    CHECK_FALSE(t.system);
  }
  SECTION("a formatted area past the end") {
    const Bytes table{1, 0xFF, 0, 1, 1, 2, 3};
    const smbios::Table t = smbios::walk(raw(table));
    REQUIRE(t.error);
    CHECK(t.error->find("runs past the end") != std::string::npos);
    CHECK(t.structures == 0);
  }
  SECTION("strings without their terminator, at every cut") {
    const Bytes one = system({"Dell Inc.", "PowerEdge 840"});
    for (std::size_t cut = 0x19 + 1; cut < one.size(); ++cut) {
      const smbios::Table t = smbios::walk(raw(Bytes(one.begin(), one.begin() + static_cast<long>(cut))));
      REQUIRE(t.error);
      CHECK(t.error->find("(type 1): its strings run past the end") != std::string::npos);
      CHECK_FALSE(t.system);
    }
  }
  SECTION("a header cut off") {
    Bytes table = concat({bios({"Dell Inc."}), Bytes{1, 0x19}});
    const smbios::Table t = smbios::walk(raw(table));
    REQUIRE(t.error);
    CHECK(t.error->find("header cut off") != std::string::npos);
    CHECK(t.bios);
  }
  SECTION("more structures than the cap") {
    Bytes table;
    for (std::size_t i = 0; i <= smbios::kMaxStructures; ++i) {
      const Bytes s = structure(0x80, static_cast<std::uint16_t>(i), {}, {});  // OEM type, 6 bytes each
      table.insert(table.end(), s.begin(), s.end());
    }
    const smbios::Table t = smbios::walk(raw(table));
    REQUIRE(t.error);
    CHECK(t.error->find("more than 4096 structures") != std::string::npos);
    CHECK(t.structures == smbios::kMaxStructures);
  }
}

TEST_CASE("smbios: seeded mutations never read out of bounds", "[collector][smbios]") {
  // Run under ASan/UBSan (the asan preset) this proves the bounds; natively it proves termination and the caps.
  const Bytes base = raw(concat({bios({"Dell Inc.", "A07", "05/12/2008"}),
                                 system({"Dell Inc.", "PowerEdge 840", "not named", "ABC1234"}), kEnd}));
  std::mt19937 rng(20261207);
  for (int round = 0; round < 4000; ++round) {
    Bytes b = base;
    const int edits = 1 + static_cast<int>(rng() % 6);
    for (int e = 0; e < edits; ++e) b[rng() % b.size()] = static_cast<std::uint8_t>(rng());
    if (rng() % 3 == 0) b.resize(rng() % b.size());
    const smbios::Table t = smbios::walk(b);
    CHECK(t.structures <= smbios::kMaxStructures);
    for (const auto* s : {t.system ? &t.system->manufacturer : nullptr, t.system ? &t.system->product_name : nullptr,
                          t.bios ? &t.bios->vendor : nullptr}) {
      if (s != nullptr && *s) CHECK(s->value().size() <= smbios::kMaxStringBytes);
    }
  }
}
