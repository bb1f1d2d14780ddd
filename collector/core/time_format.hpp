// Times as the manifest writes them (docs/bundle-format.md):
//   UTC    2026-11-25T14:30:05.123Z      (format_utc)
//   local  2026-11-25T15:30:05.123       (format_local: the server's wall clock, no offset)
//   name   20261125T143005Z              (format_compact_utc: in the bundle's file name)
// CivilTime mirrors the fields of a Win32 SYSTEMTIME so the Win32 layer copies it field by field.
#pragma once

#include <string>

namespace migready::collector {

struct CivilTime {
  unsigned year = 1970;   // 4 digits are written; years outside 0..9999 are clamped
  unsigned month = 1;     // 1..12
  unsigned day = 1;       // 1..31
  unsigned hour = 0;
  unsigned minute = 0;
  unsigned second = 0;
  unsigned millisecond = 0;
};

std::string format_utc(const CivilTime& t);
std::string format_local(const CivilTime& t);
std::string format_compact_utc(const CivilTime& t);

}  // namespace migready::collector
