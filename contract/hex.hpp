// Numbers in hex as error messages and locations show them, the one home for both programs: "0x" and the
// lower-case digits without leading zeros (a regf cell offset, an .evt record length, an SMBIOS offset).
//
//   contract::hex_number(0x1020) == "0x1020"      contract::hex_number(0) == "0x0"
#pragma once

#include <cstdint>
#include <string>

namespace migready::contract {

inline std::string hex_number(std::uint64_t value) {
  // Built backwards in a stack buffer: one string, no per-digit inserts (a hive's every Value::where() calls it).
  static constexpr char kDigits[] = "0123456789abcdef";
  char buffer[2 + 16];
  char* p = buffer + sizeof buffer;
  do {
    *--p = kDigits[value & 0xF];
    value >>= 4;
  } while (value != 0);
  *--p = 'x';
  *--p = '0';
  return std::string(p, buffer + sizeof buffer);
}

}  // namespace migready::contract
