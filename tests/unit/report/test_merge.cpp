#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "contract/sha256.hpp"
#include "report/merge.hpp"
#include "report/verify.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;

namespace {

// A folder of its own under the system's temporary folder, removed at the end of the test.
struct TempFolder {
  std::filesystem::path path;
  TempFolder() {
    static std::atomic<int> counter{0};
    path = std::filesystem::temp_directory_path() /
           ("migready-merge-test-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "-" +
            std::to_string(counter++));
    std::filesystem::create_directories(path);
  }
  ~TempFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string write(const std::string& name, const std::string& bytes) const {
    const auto file = path / name;
    std::ofstream(file, std::ios::binary) << bytes;
    return file.string();
  }
};

void set_time(test::BundleBuilder& b, const char* run_utc) {
  b.manifest()["collection"]["started_utc"].SetString(run_utc, b.manifest().GetAllocator());
}

// The manifest kind of an id ("command.net_time" -> command); text artifacts, so verify checks no API schema.
std::string kind_of(const std::string& id) {
  return id.substr(0, id.find('.'));
}

json::Value& add_at(test::BundleBuilder& b, const std::string& id, const std::string& path,
                         const std::string& bytes, const char* utc) {
  auto& a = b.add_artifact(id, path, kind_of(id), "text", bytes);
  a["started_utc"].SetString(utc, b.manifest().GetAllocator());
  return a;
}

// A failed artifact: no bytes, as the collector records a timeout.
void add_failed(test::BundleBuilder& b, const std::string& id, const char* status, const char* utc) {
  auto& alloc = b.manifest().GetAllocator();
  auto& a = b.add_artifact(id, "unused/" + id, kind_of(id), "text", "");
  a["status"].SetString(status, alloc);
  a["path"].SetNull();
  a["size"].SetNull();
  a["sha256"].SetNull();
  a["error"].SetString("the reading timed out", alloc);
  a["started_utc"].SetString(utc, alloc);
}

// A zip of the builder without the files of null-path artifacts (add_failed's placeholders).
std::string zip_of(test::BundleBuilder& b) {
  Diagnostics diags;
  std::string zip = b.zip();
  auto opened = bundle::open_bundle_memory(zip, "x.zip", {}, diags);
  REQUIRE(opened);
  std::vector<test::RawEntry> entries;
  for (const auto& [path, bytes] : opened->entries) {
    if (path.rfind("unused/", 0) != 0) entries.emplace_back(path, bytes);
  }
  return test::make_zip(entries);
}

bundle::Bundle reopen(const std::string& zip) {
  Diagnostics diags;
  auto opened = bundle::open_bundle_memory(zip, "merged.zip", {}, diags);
  REQUIRE(opened);
  return std::move(*opened);
}

}  // namespace

TEST_CASE("merge: per artifact the newest copy wins, each keeps its hash and provenance", "[report][merge]") {
  TempFolder dir;
  test::BundleBuilder full;
  set_time(full, "2026-11-25T14:30:05Z");
  add_at(full, "command.net_time", "commands/net_time.txt", "{\"old\":1}", "2026-11-25T14:30:06Z");
  add_at(full, "command.ipconfig_all", "commands/ipconfig_all.txt", "{\"services\":[]}", "2026-11-25T14:30:07Z");
  test::BundleBuilder partial;
  set_time(partial, "2026-11-26T09:00:00Z");
  add_at(partial, "command.net_time", "commands/net_time.txt", "{\"new\":2}", "2026-11-26T09:00:01.250Z");
  partial.manifest().AddMember("partial", json::Value(rapidjson::kObjectType), partial.manifest().GetAllocator());
  {
    auto& alloc = partial.manifest().GetAllocator();
    json::Value req(rapidjson::kArrayType), arts(rapidjson::kArrayType);
    req.PushBack("time", alloc);
    arts.PushBack("command.net_time", alloc);
    partial.manifest()["partial"].AddMember("requested", req, alloc);
    partial.manifest()["partial"].AddMember("artifacts", arts, alloc);
  }
  const std::string full_zip = full.zip(), partial_zip = partial.zip();
  const auto a = dir.write("full.zip", full_zip), b = dir.write("only-time.zip", partial_zip);

  Diagnostics diags;
  auto merged = report::merge_bundles({a, b}, {}, diags);
  REQUIRE(merged);
  CHECK(merged->artifacts == 2);
  const bundle::Bundle out = reopen(merged->zip);
  CHECK(out.manifest.format_version == "1.4");
  CHECK_FALSE(out.manifest.partial.has_value());
  REQUIRE(out.manifest.merged_from.size() == 2);
  CHECK(out.manifest.merged_from[0].bundle == "full.zip");
  CHECK(out.manifest.merged_from[0].artifacts_taken == 1);
  CHECK(out.manifest.merged_from[1].bundle_sha256 == contract::sha256_hex(partial_zip));
  REQUIRE(out.manifest.merged_from[1].partial);
  CHECK(out.manifest.merged_from[1].partial->requested == std::vector<std::string>{"time"});

  const auto* time = out.artifact("command.net_time");
  REQUIRE(time);
  REQUIRE(out.entry_bytes(*time));
  CHECK(*out.entry_bytes(*time) == "{\"new\":2}");
  CHECK(time->sha256 == contract::sha256_hex("{\"new\":2}"));
  CHECK(time->started_utc == "2026-11-26T09:00:01.250Z");
  REQUIRE(time->provenance);
  CHECK(time->provenance->bundle == "only-time.zip");
  CHECK(time->provenance->bundle_sha256 == contract::sha256_hex(partial_zip));
  CHECK(time->provenance->run_started_utc == "2026-11-26T09:00:00Z");
  CHECK(time->provenance->format_version == "1.0");
  const auto* services = out.artifact("command.ipconfig_all");
  REQUIRE(services);
  REQUIRE(services->provenance);
  CHECK(services->provenance->bundle == "full.zip");
  CHECK(services->provenance->bundle_sha256 == contract::sha256_hex(full_zip));

  CHECK(report::verify(out).intact());
  REQUIRE(merged->taken.size() == 2);
  CHECK(merged->taken[1] == "command.net_time: from only-time.zip (ok); not from full.zip (ok, older)");
  CHECK(merged->clock_notes.empty());

  // The argument order does not decide: the partial first still gives the newer api.time.
  auto swapped = report::merge_bundles({b, a}, {}, diags);
  REQUIRE(swapped);
  const bundle::Bundle out2 = reopen(swapped->zip);
  CHECK(*out2.entry_bytes(*out2.artifact("command.net_time")) == "{\"new\":2}");
  CHECK(out2.manifest.host.computer_name == "SBS01");
  REQUIRE(swapped->clock_notes.size() == 1);  // full.zip's run started before only-time.zip's, given ahead of it
}

TEST_CASE("merge: a failed copy never replaces a good one, a damaged one is never taken", "[report][merge]") {
  TempFolder dir;
  test::BundleBuilder full;
  add_at(full, "command.net_time", "commands/net_time.txt", "{\"good\":1}", "2026-11-25T14:30:06Z");
  add_failed(full, "command.ipconfig_all", "failed", "2026-11-25T14:30:07Z");
  test::BundleBuilder later;
  set_time(later, "2026-11-26T09:00:00Z");
  add_failed(later, "command.net_time", "timeout", "2026-11-26T09:00:01Z");
  add_failed(later, "command.ipconfig_all", "denied", "2026-11-26T09:00:02Z");
  const auto a = dir.write("full.zip", zip_of(full)), b = dir.write("later.zip", zip_of(later));
  Diagnostics diags;
  auto merged = report::merge_bundles({a, b}, {}, diags);
  REQUIRE(merged);
  const bundle::Bundle out = reopen(merged->zip);
  const auto* time = out.artifact("command.net_time");
  REQUIRE(time);
  CHECK(time->status == contract::Status::ok);
  CHECK(*out.entry_bytes(*time) == "{\"good\":1}");
  CHECK(merged->taken[0] == "command.ipconfig_all: from later.zip (denied); not from full.zip (failed, older)");
  CHECK(merged->taken[1] == "command.net_time: from full.zip (ok); not from later.zip (timeout, newer)");
  // Of two failures the newer is the current answer.
  CHECK(out.artifact("command.ipconfig_all")->status == contract::Status::denied);

  SECTION("a copy whose bytes do not match its manifest is not taken, even when newer and ok") {
    test::BundleBuilder damaged;
    set_time(damaged, "2026-11-27T09:00:00Z");
    auto& art = add_at(damaged, "command.net_time", "commands/net_time.txt", "{\"x\":3}", "2026-11-27T09:00:01Z");
    art["sha256"].SetString(std::string(64, '0').c_str(), damaged.manifest().GetAllocator());
    const auto c = dir.write("damaged.zip", damaged.zip());
    auto again = report::merge_bundles({a, c}, {}, diags);
    REQUIRE(again);
    const bundle::Bundle out2 = reopen(again->zip);
    CHECK(*out2.entry_bytes(*out2.artifact("command.net_time")) == "{\"good\":1}");
    CHECK(report::verify(out2).intact());
    CHECK(again->taken[1].find("not from damaged.zip (ok, damaged, newer)") != std::string::npos);
    // Only the damaged copy: kept as failed, without bytes, saying why; the result still verifies.
    test::BundleBuilder other;
    set_time(other, "2026-11-28T09:00:00Z");
    add_at(other, "command.systeminfo", "commands/systeminfo.txt", "{}", "2026-11-28T09:00:01Z");
    const auto d = dir.write("other.zip", other.zip());
    auto only_damaged = report::merge_bundles({c, d}, {}, diags);
    REQUIRE(only_damaged);
    const bundle::Bundle out3 = reopen(only_damaged->zip);
    const auto* t = out3.artifact("command.net_time");
    REQUIRE(t);
    CHECK(t->status == contract::Status::failed);
    CHECK_FALSE(t->path.has_value());
    CHECK(t->error->find("not taken from damaged.zip: its bytes do not match its manifest") != std::string::npos);
    CHECK(report::verify(out3).intact());
  }
}

TEST_CASE("merge: a re-collected file row replaces the old files whole", "[report][merge]") {
  TempFolder dir;
  test::BundleBuilder full;
  add_at(full, "file.ntbackup_logs.administrator.backup01_log", "files/ntbackup/Administrator/backup01.log", "a",
         "2026-11-25T14:30:06Z");
  add_at(full, "file.ntbackup_logs.administrator.backup02_log", "files/ntbackup/Administrator/backup02.log", "b",
         "2026-11-25T14:30:06Z");
  test::BundleBuilder later;
  set_time(later, "2026-11-26T09:00:00Z");
  add_at(later, "file.ntbackup_logs.administrator.backup03_log", "files/ntbackup/Administrator/backup03.log", "c",
         "2026-11-26T09:00:01Z");
  const auto a = dir.write("full.zip", full.zip()), b = dir.write("later.zip", later.zip());
  Diagnostics diags;
  auto merged = report::merge_bundles({a, b}, {}, diags);
  REQUIRE(merged);
  const bundle::Bundle out = reopen(merged->zip);
  REQUIRE(out.manifest.artifacts.size() == 1);
  CHECK(out.manifest.artifacts[0].id == "file.ntbackup_logs.administrator.backup03_log");
  CHECK(out.entries.count("files/ntbackup/Administrator/backup01.log") == 0);
}

TEST_CASE("merge: refuses other hosts, naming the field, and the same bundle twice", "[report][merge]") {
  TempFolder dir;
  test::BundleBuilder one;
  add_at(one, "command.net_time", "commands/net_time.txt", "{}", "2026-11-25T14:30:06Z");
  const auto a = dir.write("one.zip", one.zip());
  Diagnostics diags;

  test::BundleBuilder cased;  // the same host, its names in other letter case
  set_time(cased, "2026-11-26T09:00:00Z");
  cased.manifest()["host"]["computer_name"].SetString("sbs01");
  cased.manifest()["host"]["dns_domain"].SetString("CONTOSO.LOCAL");
  add_at(cased, "command.net_time", "commands/net_time.txt", "{\"n\":1}", "2026-11-26T09:00:01Z");
  CHECK(report::merge_bundles({a, dir.write("cased.zip", cased.zip())}, {}, diags));

  const auto refused = [&](const char* field, auto change) {
    test::BundleBuilder other;
    set_time(other, "2026-11-26T09:00:00Z");
    change(other.manifest());
    add_at(other, "command.net_time", "commands/net_time.txt", "{}", "2026-11-26T09:00:01Z");
    auto m = report::merge_bundles({a, dir.write(std::string(field) + ".zip", other.zip())}, {}, diags);
    REQUIRE_FALSE(m);
    INFO(m.error().to_string());
    CHECK(m.error().code == Errc::usage);
    CHECK(m.error().message.find(std::string("not the same host: ") + field) != std::string::npos);
  };
  refused("host.computer_name", [](json::Document& m) { m["host"]["computer_name"].SetString("SBS02"); });
  refused("host.dns_domain", [](json::Document& m) { m["host"]["dns_domain"].SetString("fabrikam.local"); });
  refused("host.netbios_domain", [](json::Document& m) { m["host"]["netbios_domain"].SetNull(); });
  refused("host.os", [](json::Document& m) { m["host"]["os"]["build"].SetUint(2600); });

  auto twice = report::merge_bundles({a, a}, {}, diags);
  REQUIRE_FALSE(twice);
  CHECK(twice.error().message.find("is the same bundle as one.zip") != std::string::npos);
  auto single = report::merge_bundles({a}, {}, diags);
  CHECK_FALSE(single);
}

TEST_CASE("merge: every input is hostile, read under the bundle limits", "[report][merge]") {
  TempFolder dir;
  test::BundleBuilder one;
  add_at(one, "command.net_time", "commands/net_time.txt", std::string(4096, 'x'), "2026-11-25T14:30:06Z");
  const auto a = dir.write("one.zip", one.zip());
  Diagnostics diags;

  auto garbage = report::merge_bundles({a, dir.write("garbage.zip", "this is no zip")}, {}, diags);
  REQUIRE_FALSE(garbage);
  CHECK(garbage.error().code == Errc::format);

  auto missing = report::merge_bundles({a, (dir.path / "absent.zip").string()}, {}, diags);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == Errc::io);

  test::BundleBuilder major2;
  major2.manifest()["format_version"].SetString("2.0");
  auto m2 = report::merge_bundles({a, dir.write("major2.zip", major2.zip())}, {}, diags);
  REQUIRE_FALSE(m2);
  CHECK(m2.error().code == Errc::unsupported);

  const std::string escape = test::make_zip({{"manifest.json", one.manifest_json()}, {"../evil.txt", "x"}});
  auto unsafe = report::merge_bundles({a, dir.write("escape.zip", escape)}, {}, diags);
  REQUIRE_FALSE(unsafe);
  CHECK(unsafe.error().code == Errc::unsafe);

  bundle::Limits small;
  small.max_entry_size = 1024;
  auto limited = report::merge_bundles({a, dir.write("copy.zip", one.zip() + "")}, small, diags);
  REQUIRE_FALSE(limited);
  CHECK(limited.error().code == Errc::limit);

  // An artifact of no table row is its own group; two of them on one path cannot both be kept.
  test::BundleBuilder p1, p2;
  set_time(p2, "2026-11-26T09:00:00Z");
  add_at(p1, "api.future_one", "system/future.json", "{}", "2026-11-25T14:30:06Z");
  add_at(p2, "api.future_two", "system/future.json", "{}", "2026-11-26T09:00:01Z");
  auto clash = report::merge_bundles({dir.write("p1.zip", p1.zip()), dir.write("p2.zip", p2.zip())}, {}, diags);
  REQUIRE_FALSE(clash);
  CHECK(clash.error().code == Errc::unsafe);
  CHECK(clash.error().message.find("share the path system/future.json") != std::string::npos);
}
