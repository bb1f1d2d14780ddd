#include "core/time_format.hpp"

#include <algorithm>

namespace migready::collector {
namespace {

void put(std::string& out, unsigned value, unsigned width, unsigned max) {
  value = std::min(value, max);
  std::string digits(width, '0');
  for (unsigned i = width; i > 0; --i) {
    digits[i - 1] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out += digits;
}

std::string extended(const CivilTime& t) {
  std::string out;
  put(out, t.year, 4, 9999);
  out += '-';
  put(out, t.month, 2, 12);
  out += '-';
  put(out, t.day, 2, 31);
  out += 'T';
  put(out, t.hour, 2, 23);
  out += ':';
  put(out, t.minute, 2, 59);
  out += ':';
  put(out, t.second, 2, 59);  // a leap second (60) is written as 59: the schema's pattern allows it, JS does not
  out += '.';
  put(out, t.millisecond, 3, 999);
  return out;
}

}  // namespace

std::string format_utc(const CivilTime& t) { return extended(t) + "Z"; }
std::string format_local(const CivilTime& t) { return extended(t); }

std::string format_compact_utc(const CivilTime& t) {
  std::string out;
  put(out, t.year, 4, 9999);
  put(out, t.month, 2, 12);
  put(out, t.day, 2, 31);
  out += 'T';
  put(out, t.hour, 2, 23);
  put(out, t.minute, 2, 59);
  put(out, t.second, 2, 59);
  out += 'Z';
  return out;
}

}  // namespace migready::collector
