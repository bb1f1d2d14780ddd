// What the hive fuzz targets do with a hive that opened: everything a reader can do. The lazy navigation API
// on every key (names, times, values through every typed decoder, lookups by name, which must find what was
// listed or fail cleanly), then the visitor walk with the buffer decoders (`hive walk`'s path), then the
// lookups facts make first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "hive/hive.hpp"

namespace migready::fuzz {

class DecodingVisitor : public hive::HiveVisitor {
 public:
  void key(const hive::Key& key, std::uint32_t) override {
    (void)key.name();
    (void)key.last_write();
  }
  void value(const hive::Key&, const hive::Value& value) override {
    (void)value.name();
    (void)value.as_string(m_buffer);
    (void)value.as_multi_sz(m_buffer);
  }

 private:
  std::string m_buffer;
};

inline void exercise_hive(const hive::Hive& h) {
  std::size_t visited = 0;
  std::vector<hive::Key> stack{h.root()};
  while (!stack.empty() && visited < 100'000) {
    hive::Key key = stack.back();
    stack.pop_back();
    ++visited;
    (void)key.name();
    (void)key.last_write();
    (void)key.where();
    for (const hive::Value& v : key.values()) {
      (void)v.data();
      (void)hive::value_type_name(v.type());
      (void)v.as_string();
      (void)v.as_multi_sz();
      (void)v.as_dword();
      (void)v.as_qword();
      (void)key.value(v.name());
    }
    for (hive::Key& sub : key.subkeys()) {
      (void)key.subkey(sub.name());
      stack.push_back(sub);
    }
  }
  DecodingVisitor visitor;
  h.walk(visitor);
  (void)h.find("Select\\Current");
  (void)hive::current_control_set(h);
}

}  // namespace migready::fuzz
