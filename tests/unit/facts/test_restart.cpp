// Pending restart (restart.cpp): PendingFileRenameOperations in SYSTEM, the volatile Windows Update
// markers in SOFTWARE.
#include "facts_test_util.hpp"
#include "unit/hive/hive_test_util.hpp"

using namespace migready;
using namespace migready::test::facts_util;

namespace {
const std::string kSession = kSys + "Control\\Session Manager]\n";
}

TEST_CASE("pending restart: file rename operations, including deletions with an empty destination", "[facts]") {
  test::BundleBuilder b;
  // Three operations: a rename, a deletion (empty destination) in the middle, another rename.
  add_system(b, kSession + "\"PendingFileRenameOperations\"=" +
                    multi_sz({"\\??\\C:\\WINDOWS\\system32\\a.dll.new", "!\\??\\C:\\WINDOWS\\system32\\a.dll",
                              "\\??\\C:\\WINDOWS\\Temp\\x.tmp", "", "\\??\\C:\\b.sys", "!\\??\\C:\\c.sys"}) +
                    "\n");
  add_software(b, kSw + "Microsoft\\Windows NT\\CurrentVersion]\n");
  auto f = build(b);
  CHECK(value(f, "system.pending_file_rename_operations").GetInt64() == 3);
  CHECK(value(f, "system.pending_restart").GetBool());
  const auto& reasons = value(f, "system.pending_restart_reasons");
  REQUIRE(reasons.Size() == 1);
  CHECK(str(reasons[0]["kind"]) == "file_rename_operations");
  CHECK(str(reasons[0]["source"]) ==
        "registry.system:ControlSet001\\Control\\Session Manager\\PendingFileRenameOperations");
  REQUIRE(reasons[0]["examples"].Size() == 3);
  CHECK(str(reasons[0]["examples"][0]) == "C:\\WINDOWS\\system32\\a.dll.new");
  CHECK(str(reasons[0]["examples"][1]) == "C:\\WINDOWS\\Temp\\x.tmp");
  // The same paths as a list of their own, for a rule to print.
  const auto& paths = value(f, "system.pending_file_rename_paths");
  REQUIRE(paths.Size() == 3);
  CHECK(str(paths[2]) == "C:\\b.sys");
  CHECK(source(f, "system.pending_file_rename_paths") ==
        "registry.system:ControlSet001\\Control\\Session Manager\\PendingFileRenameOperations");
  CHECK(value(f, "system.pending_restart_volatile_keys_readable").GetBool());  // a .reg export
}

TEST_CASE("pending restart: the volatile Windows Update markers when the export has them", "[facts]") {
  test::BundleBuilder b;
  add_system(b, kSession + "\"ProtectionMode\"=dword:00000001\n");
  add_software(b, kSw + "Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired]\n\n" + kSw +
                      "Microsoft\\Updates\\UpdateExeVolatile]\n\"Flags\"=dword:00000002\n");
  auto f = build(b);
  CHECK(value(f, "system.pending_file_rename_operations").GetInt64() == 0);
  CHECK(value(f, "system.pending_file_rename_paths").Size() == 0);
  CHECK(value(f, "system.pending_restart").GetBool());
  const auto& reasons = value(f, "system.pending_restart_reasons");
  REQUIRE(reasons.Size() == 2);
  CHECK(str(reasons[0]["kind"]) == "windows_update_reboot_required");
  CHECK(str(reasons[1]["kind"]) == "update_exe_volatile");
  CHECK_THAT(str(reasons[1]["detail"]), Catch::Contains("Flags = 2"));
}

TEST_CASE("pending restart: nothing pending", "[facts]") {
  test::BundleBuilder b;
  // UpdateExeVolatile with Flags 0 is no restart; an empty MULTI_SZ is no operation.
  add_system(b, kSession + "\"PendingFileRenameOperations\"=" + multi_sz({}) + "\n");
  add_software(b, kSw + "Microsoft\\Updates\\UpdateExeVolatile]\n\"Flags\"=dword:00000000\n");
  auto f = build(b);
  CHECK(value(f, "system.pending_file_rename_operations").GetInt64() == 0);
  CHECK_FALSE(value(f, "system.pending_restart").GetBool());
  CHECK(value(f, "system.pending_restart_reasons").Size() == 0);
}

TEST_CASE("pending restart: odd and missing sources", "[facts]") {
  SECTION("PendingFileRenameOperations of the wrong type, nothing else: unknown") {
    test::BundleBuilder b;
    add_system(b, kSession + "\"PendingFileRenameOperations\"=\"C:\\\\x\"\n");
    add_software(b, kSw + "Microsoft]\n");
    auto f = build(b);
    CHECK(status(f, "system.pending_file_rename_operations") == "parse_failed");
    CHECK(status(f, "system.pending_file_rename_paths") == "parse_failed");
    CHECK_THAT(reason(f, "system.pending_file_rename_operations"), Catch::Contains("REG_SZ"));
    CHECK(status(f, "system.pending_restart") == "parse_failed");
  }
  SECTION("an unterminated list and a lone source without destination still count") {
    test::BundleBuilder b;
    add_system(b, kSession + "\"PendingFileRenameOperations\"=" + multi_sz({"\\??\\C:\\a", "", "\\??\\C:\\b"}, false) +
                      "\n");
    auto f = build(b);
    CHECK(value(f, "system.pending_file_rename_operations").GetInt64() == 2);
    CHECK(value(f, "system.pending_restart").GetBool());
  }
  SECTION("no SYSTEM hive, but SOFTWARE shows a restart: still known to be pending") {
    test::BundleBuilder b;
    add_software(b, kSw + "Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired]\n");
    auto f = build(b);
    CHECK(status(f, "system.pending_file_rename_operations") == "collection_failed");
    CHECK(value(f, "system.pending_restart").GetBool());
  }
  SECTION("no hives at all") {
    test::BundleBuilder b;
    auto f = build(b);
    CHECK(status(f, "system.pending_restart") == "collection_failed");
    CHECK(status(f, "system.pending_restart_reasons") == "collection_failed");
    CHECK(status(f, "system.pending_restart_volatile_keys_readable") == "collection_failed");
  }
}

TEST_CASE("pending restart: a saved regf SOFTWARE hive cannot show the volatile markers", "[facts]") {
  hive_test::RegfBuilder regf;
  const std::uint32_t root = regf.nk("ROOT", 0, 0xFFFFFFFFu, 0, 0xFFFFFFFFu);
  const auto bytes = regf.finish(root);
  test::BundleBuilder b;
  add(b, "registry.software", "registry/SOFTWARE.hiv", "registry", "regf", std::string(bytes.begin(), bytes.end()));
  add_system(b, kSession + "\"ProtectionMode\"=dword:00000001\n");
  auto f = build(b);
  CHECK_FALSE(value(f, "system.pending_restart_volatile_keys_readable").GetBool());
  CHECK_FALSE(value(f, "system.pending_restart").GetBool());
}
