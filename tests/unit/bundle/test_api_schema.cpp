// The API documents' schemas (contract/api/) and the analyzer's check against them: every real document in
// the repository satisfies its schema (the samples' sources and zips, the directory fixture), every schema
// matches its row of contract::kApiDocuments, and a document that breaks the contract gets an error naming
// the document, the JSON Pointer of the offending member and what was expected.
#include <catch2/catch.hpp>
#include <rapidjson/pointer.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "bundle/api_schema.hpp"
#include "bundle/bundle.hpp"
#include "contract/api/documents.hpp"
#include "core/json.hpp"
#include "support/api_documents.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;

namespace {

const char* const kSampleFolders[] = {"sbs2003-unprepared", "sbs2003-prepared", "ws2003-std-exchange"};

std::string sample_document(std::string_view artifact_id, const char* folder = "sbs2003-unprepared") {
  const auto* spec = contract::find_artifact(artifact_id);
  REQUIRE(spec != nullptr);
  return test::read_file(std::string(MIGREADY_SOURCE_DIR "/samples/") + folder + "/" + std::string(spec->path));
}

// The sample's document with the member at `pointer` set to the JSON `value` ("" removes it).
std::string edited(std::string_view artifact_id, const char* pointer, const std::string& value) {
  json::Document doc;
  doc.Parse(sample_document(artifact_id).c_str());
  REQUIRE_FALSE(doc.HasParseError());
  if (value.empty()) {
    REQUIRE(json::Pointer(pointer).Erase(doc));
  } else {
    json::Document v(&doc.GetAllocator());
    v.Parse(value.c_str());
    REQUIRE_FALSE(v.HasParseError());
    json::Pointer(pointer).Set(doc, v);
  }
  json::StringBuffer out;
  json::Writer<json::StringBuffer> writer(out);
  doc.Accept(writer);
  return out.GetString();
}

Result<void> validate(std::string_view artifact_id, const std::string& json) {
  auto doc = parse_untrusted_json(json, 16, "system/doc.json");
  REQUIRE(doc);
  return bundle::validate_api_document(artifact_id, *doc, "system/doc.json");
}

}  // namespace

TEST_CASE("every API document row has a compiled-in schema that names it", "[bundle][api_schema]") {
  for (const auto& spec : contract::kApiDocuments) {
    INFO(spec.artifact_id);
    const auto* artifact = contract::find_artifact(spec.artifact_id);
    REQUIRE(artifact != nullptr);
    CHECK(artifact->kind == contract::Kind::api);
    const std::string_view text = bundle::api_schema_json(spec.artifact_id);
    REQUIRE_FALSE(text.empty());
    CHECK(text == test::read_file(std::string(MIGREADY_SOURCE_DIR "/contract/api/") + std::string(spec.schema_file)));
    json::Document schema;
    schema.Parse(text.data(), text.size());
    REQUIRE_FALSE(schema.HasParseError());
    CHECK(std::string(schema["$schema"].GetString()) == "http://json-schema.org/draft-04/schema#");
    const auto& names = schema["properties"]["schema"]["enum"];
    REQUIRE(names.Size() == 1);
    CHECK(std::string_view(names[0].GetString()) == spec.schema);
    CHECK(std::string_view(schema["title"].GetString()).find(spec.artifact_id) == 0);
  }
  CHECK(bundle::api_schema_json("registry.system").empty());
  CHECK(bundle::api_schema_json("api.nothing").empty());
}

TEST_CASE("api.hardware and api.volatile_registry share one registry reading definition", "[bundle][api_schema]") {
  json::Document hardware, volatile_registry;
  hardware.Parse(bundle::api_schema_json("api.hardware").data());
  volatile_registry.Parse(bundle::api_schema_json("api.volatile_registry").data());
  for (const char* name : {"registry_key", "registry_value", "uint32", "uint64", "error"}) {
    INFO(name);
    CHECK(hardware["definitions"][name] == volatile_registry["definitions"][name]);
  }
}

TEST_CASE("the samples' API documents satisfy their schemas", "[bundle][api_schema]") {
  for (const char* folder : kSampleFolders) {
    for (const auto& spec : contract::kApiDocuments) {
      const std::string where = std::string(folder) + "/" + std::string(contract::find_artifact(spec.artifact_id)->path);
      INFO(where);
      CHECK(test::api_document_problem(sample_document(spec.artifact_id, folder), where) == "");
    }
  }
  CHECK(test::api_document_problem(test::read_file(MIGREADY_FIXTURES_DIR "/directory/sbs01.json"),
                                   "directory/sbs01.json") == "");
}

TEST_CASE("the committed sample bundles' API documents satisfy their schemas", "[bundle][api_schema]") {
  std::size_t bundles = 0;
  for (const auto& file : std::filesystem::directory_iterator(MIGREADY_SOURCE_DIR "/samples")) {
    if (file.path().extension() != ".zip") continue;
    ++bundles;
    Diagnostics diags;
    auto b = bundle::open_bundle(file.path().string(), {}, diags);
    REQUIRE(b);
    for (const auto& spec : contract::kApiDocuments) {
      INFO(file.path().filename().string() << " " << spec.artifact_id);
      const auto* art = b->artifact(spec.artifact_id);
      REQUIRE(art != nullptr);
      const std::string* bytes = b->entry_bytes(*art);
      REQUIRE(bytes != nullptr);
      auto doc = parse_untrusted_json(*bytes, 16, *art->path);
      REQUIRE(doc);
      auto valid = bundle::validate_api_document(spec.artifact_id, *doc, *art->path);
      CHECK((valid ? std::string() : valid.error().to_string()) == "");
    }
  }
  CHECK(bundles == 4);  // the samples samples/README.md lists
}

TEST_CASE("a document that breaks its schema is refused with the member and what was expected",
          "[bundle][api_schema]") {
  SECTION("a value outside an enumeration") {
    auto r = validate("api.services", edited("api.services", "/services/2/state", "42"));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::schema);
    CHECK(r.error().where == "system/doc.json#/services/2/state");
    CHECK(r.error().message ==
          "not a valid migready-api-services/1 document: 'enum' of #/definitions/service/properties/state: expected "
          "one of \"stopped\", \"start_pending\", \"stop_pending\", \"running\", \"continue_pending\", "
          "\"pause_pending\", \"paused\", \"unknown\"; found an integer");
  }
  SECTION("a member the collector always writes is missing") {
    auto r = validate("api.volumes", edited("api.volumes", "/volumes/1/free_bytes", ""));
    REQUIRE_FALSE(r);
    CHECK(r.error().where == "system/doc.json#/volumes/1");
    CHECK(r.error().message ==
          "not a valid migready-api-volumes/1 document: 'required' of #/definitions/volume: missing member "
          "\"free_bytes\"");
  }
  SECTION("a wrong type") {
    auto r = validate("api.file_versions", edited("api.file_versions", "/files/0/size_bytes", "\"1329152\""));
    REQUIRE_FALSE(r);
    CHECK(r.error().where == "system/doc.json#/files/0/size_bytes");
    CHECK(r.error().message == "not a valid migready-api-file-versions/1 document: 'type' of "
                               "#/definitions/file/properties/size_bytes: expected type [\"integer\",\"null\"]; found a "
                               "string of 7 bytes");
  }
  SECTION("a pattern") {
    auto r = validate("api.volumes", edited("api.volumes", "/volumes/0/root", "\"\\\\\\\\server\\\\share\""));
    REQUIRE_FALSE(r);
    CHECK(r.error().where == "system/doc.json#/volumes/0/root");
    CHECK_THAT(r.error().message, Catch::Contains("'pattern' of #/definitions/volume/properties/root: expected pattern "));
  }
  SECTION("a number out of range") {
    auto r = validate("api.hardware", edited("api.hardware", "/memory/load_percent", "101"));
    REQUIRE_FALSE(r);
    CHECK(r.error().where == "system/doc.json#/memory/load_percent");
    CHECK(r.error().message == "not a valid migready-api-hardware/1 document: 'maximum' of "
                               "#/properties/memory/properties/load_percent: expected maximum 100; found an integer");
  }
  SECTION("a registry value with both data and hex") {
    auto r = validate("api.volatile_registry",
                      edited("api.volatile_registry", "/registry/1/values/UpdateExeVolatile/hex", "\"01000000\""));
    REQUIRE_FALSE(r);
    CHECK(r.error().where == "system/doc.json#/registry/1/values/UpdateExeVolatile");
    CHECK_THAT(r.error().message, Catch::Contains("'oneOf' of #/definitions/registry_value"));
  }
  SECTION("an SNTP measurement without its offset") {
    auto r = validate("api.time", edited("api.time", "/sntp/offset_us", ""));
    REQUIRE_FALSE(r);
    CHECK(r.error().where == "system/doc.json#/sntp");
    CHECK_THAT(r.error().message, Catch::Contains("'oneOf' of #/properties/sntp"));
  }
  SECTION("a directory part without its status") {
    auto r = validate("api.directory", edited("api.directory", "/exchange/status", ""));
    REQUIRE_FALSE(r);
    CHECK(r.error().where == "system/doc.json#/exchange");
    CHECK(r.error().message == "not a valid migready-api-directory/1 document: 'required' of "
                               "#/properties/exchange: missing member \"status\"");
  }
  SECTION("an over-long list") {
    std::string addresses = "[";
    for (int i = 0; i < 1001; ++i) addresses += std::string(i ? "," : "") + "\"10.0.0.1\"";
    auto r = validate("api.directory", edited("api.directory", "/name_resolution/addresses", addresses + "]"));
    REQUIRE_FALSE(r);
    CHECK(r.error().where == "system/doc.json#/name_resolution/addresses");
    CHECK(r.error().message == "not a valid migready-api-directory/1 document: 'maxItems' of "
                               "#/properties/name_resolution/properties/addresses: expected maxItems 1000; found an "
                               "array of 1001 items");
  }
  SECTION("another document's schema") {
    auto r = validate("api.hardware", sample_document("api.volumes"));
    REQUIRE_FALSE(r);
    CHECK(r.error().where == "system/doc.json#/schema");
    CHECK(r.error().message == "not a migready-api-hardware/1 document (found \"schema\": \"migready-api-volumes/1\")");
  }
  SECTION("not an object") {
    auto r = validate("api.time", "[1, 2]");
    REQUIRE_FALSE(r);
    CHECK(r.error().to_string() == "system/doc.json#/: not a migready-api-time/1 document (found an array of 2 items)");
  }
  SECTION("an id without a document") {
    auto r = validate("registry.system", "{}");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::not_found);
  }
}

TEST_CASE("members a later 1.x collector adds are accepted", "[bundle][api_schema]") {
  CHECK(validate("api.services", edited("api.services", "/services/0/description", "\"new\"")));
  CHECK(validate("api.directory", edited("api.directory", "/new_part", "{\"status\": \"ok\"}")));
  CHECK(validate("api.time", edited("api.time", "/sntp/poll_log2", "6")));
}

TEST_CASE("API documents are validated from several threads at once", "[bundle][api_schema]") {
  const std::string good = sample_document("api.directory");
  const std::string bad = edited("api.volumes", "/volumes/0/root", "\"CC:\\\\\"");
  std::atomic<int> wrong{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto good_doc = parse_untrusted_json(good, 16, "d");
        auto bad_doc = parse_untrusted_json(bad, 16, "v");
        if (!good_doc || !bad_doc) ++wrong;
        else if (!bundle::validate_api_document("api.directory", *good_doc, "d")) ++wrong;
        else if (bundle::validate_api_document("api.volumes", *bad_doc, "v")) ++wrong;
      }
    });
  }
  for (auto& w : workers) w.join();
  CHECK(wrong == 0);
}
