// Helpers for the facts tests: build a bundle in memory, read facts back by path.
#pragma once

#include <catch2/catch.hpp>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <string>
#include <vector>

#include "core/json.hpp"
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

inline const json::Value& value(const facts::Facts& f, const char* path) {
  const auto* fact = f.find(path);
  INFO(path);
  REQUIRE(fact != nullptr);
  INFO((fact->HasMember("reason") ? (*fact)["reason"].GetString() : ""));
  REQUIRE(std::string((*fact)["status"].GetString()) == "present");
  return (*fact)["value"];
}

inline std::string str(const json::Value& v) { return v.IsString() ? v.GetString() : "<not a string>"; }

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

// An api.services document as the collector writes it (contract/api/services.schema.json): each entry of
// `doc`'s services[] gets the members it leaves out from a stopped, demand-start own-process service, and the
// document gets `count` when it has none. A test names only what it is about; the analyzer still sees a
// document that passes the schema, as every real one does.
inline std::string complete_services(const std::string& doc) {
  json::Document d;
  d.Parse(doc.c_str(), doc.size());
  REQUIRE_FALSE(d.HasParseError());
  auto& alloc = d.GetAllocator();
  json::Document defaults;
  defaults.Parse(R"({"display_name":"","type":"win32_own_process","type_code":16,"interactive":false,
      "state":"stopped","state_code":1,"pid":0,"win32_exit_code":0,"service_exit_code":0,"start_type":"demand",
      "start_type_code":3,"error_control":1,"account":"LocalSystem","binary_path":null,"load_order_group":null,
      "dependencies":[],"error":null})");
  for (auto& entry : d["services"].GetArray()) {
    if (entry.HasMember("name") && !entry.HasMember("display_name")) {
      entry.AddMember("display_name", json::Value(entry["name"], alloc), alloc);
    }
    for (const auto& m : defaults.GetObject()) {
      if (!entry.HasMember(m.name)) entry.AddMember(json::Value(m.name, alloc), json::Value(m.value, alloc), alloc);
    }
  }
  if (!d.HasMember("count")) d.AddMember("count", d["services"].Size(), alloc);
  json::StringBuffer out;
  json::Writer<json::StringBuffer> w(out);
  d.Accept(w);
  return out.GetString();
}

inline json::Value& add(BundleBuilder& b, const std::string& id, const std::string& path, const std::string& kind,
                             const std::string& format, const std::string& bytes, const std::string& what = "test") {
  return b.add_artifact(id, path, kind, format, bytes, what);
}

inline void make_missing(json::Value& entry) {
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

inline const json::Value* find_by(const json::Value& list, const char* key, const std::string& want) {
  for (const auto& item : list.GetArray()) {
    if (item.HasMember(key) && item[key].IsString() && want == item[key].GetString()) return &item;
  }
  return nullptr;
}

inline const std::string kSys = "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\";
inline const std::string kSw = "[HKEY_LOCAL_MACHINE\\SOFTWARE\\";

}  // namespace migready::test::facts_util
