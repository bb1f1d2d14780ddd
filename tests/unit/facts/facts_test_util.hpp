// Helpers for the facts tests: build a bundle in memory, read facts back by path.
#pragma once

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "facts/facts.hpp"
#include "support/bundle_builder.hpp"

namespace migready::test::facts_util {

inline std::string status(const facts::Facts& f, const char* path) {
  const auto* fact = f.find(path);
  return fact ? (*fact)["status"].GetString() : "absent";
}

inline std::string reason(const facts::Facts& f, const char* path) {
  const auto* fact = f.find(path);
  return fact && fact->HasMember("reason") ? (*fact)["reason"].GetString() : "";
}

inline std::string source(const facts::Facts& f, const char* path) {
  const auto* fact = f.find(path);
  return fact ? (*fact)["source"].GetString() : "absent";
}

inline const rapidjson::Value& value(const facts::Facts& f, const char* path) {
  const auto* fact = f.find(path);
  INFO(path);
  REQUIRE(fact != nullptr);
  INFO((fact->HasMember("reason") ? (*fact)["reason"].GetString() : ""));
  REQUIRE(std::string((*fact)["status"].GetString()) == "present");
  return (*fact)["value"];
}

inline std::string str(const rapidjson::Value& v) { return v.IsString() ? v.GetString() : "<not a string>"; }

// ASCII text as UTF-16LE with a BOM (how regedit writes .reg files); `crlf` false keeps bare LF line ends.
inline std::string utf16(const std::string& ascii, bool crlf = true) {
  std::string out = "\xFF\xFE";
  for (char c : ascii) {
    if (crlf && c == '\n') { out += '\r'; out += '\0'; }
    out += c;
    out += '\0';
  }
  return out;
}

// Strings as REG_MULTI_SZ data in .reg hex(7) form; `terminate` false leaves out the final empty string.
inline std::string multi_sz(const std::vector<std::string>& list, bool terminate = true) {
  std::string out = "hex(7):";
  char buf[8];
  auto byte = [&](unsigned char c) { std::snprintf(buf, sizeof buf, "%02x,", c); out += buf; };
  for (const auto& s : list) {
    for (char c : s) { byte(static_cast<unsigned char>(c)); byte(0); }
    byte(0); byte(0);
  }
  if (terminate) { byte(0); byte(0); }
  out.pop_back();
  return out;
}

// Raw bytes as a .reg hex: value.
inline std::string hex_bytes(const std::vector<unsigned char>& bytes) {
  std::string out = "hex:";
  char buf[8];
  for (auto c : bytes) { std::snprintf(buf, sizeof buf, "%02x,", c); out += buf; }
  if (!bytes.empty()) out.pop_back();
  return out;
}

inline rapidjson::Value& add(BundleBuilder& b, const std::string& id, const std::string& path, const std::string& kind,
                             const std::string& format, const std::string& bytes, const std::string& what = "test") {
  return b.add_artifact(id, path, kind, format, bytes, what);
}

inline void make_missing(rapidjson::Value& entry) {
  entry["status"] = "missing";
  entry["path"].SetNull();
  entry["size"].SetNull();
  entry["sha256"].SetNull();
  entry["exit_code"].SetNull();
}

inline void add_software(BundleBuilder& b, const std::string& reg_body) {
  add(b, "registry.software", "registry/SOFTWARE.reg", "registry", "reg",
      utf16("Windows Registry Editor Version 5.00\n\n" + reg_body), "HKEY_LOCAL_MACHINE\\SOFTWARE");
}

inline void add_system(BundleBuilder& b, const std::string& reg_body) {
  add(b, "registry.system", "registry/SYSTEM.reg", "registry", "reg",
      utf16("Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n\"Current\"=dword:00000001\n\n" +
            reg_body),
      "HKEY_LOCAL_MACHINE\\SYSTEM");
}

inline facts::Facts build(const BundleBuilder& builder, Diagnostics& diags) {
  auto b = bundle::open_bundle_memory(builder.zip(), "t.zip", {}, diags);
  REQUIRE(b);
  return facts::build_facts(*b, diags);
}

inline facts::Facts build(const BundleBuilder& builder) {
  Diagnostics diags;
  return build(builder, diags);
}

inline const rapidjson::Value* find_by(const rapidjson::Value& list, const char* key, const std::string& want) {
  for (const auto& item : list.GetArray()) {
    if (item.HasMember(key) && item[key].IsString() && want == item[key].GetString()) return &item;
  }
  return nullptr;
}

inline const std::string kSys = "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\";
inline const std::string kSw = "[HKEY_LOCAL_MACHINE\\SOFTWARE\\";

}  // namespace migready::test::facts_util
