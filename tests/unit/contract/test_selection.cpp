#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "contract/selection.hpp"

using namespace migready::contract;

TEST_CASE("selection: a file row's expanded ids map to their row, others to themselves or nothing", "[contract]") {
  CHECK(row_of("api.time")->id == "api.time");
  CHECK(row_of("file.ntbackup_logs.administrator.backup01_log")->id == "file.ntbackup_logs");
  CHECK(row_of("file.ntbackup_logsX") == nullptr);
  CHECK(row_of("api.time.extra") == nullptr);  // only file rows expand
  CHECK(row_of("manifest") == nullptr);
}

TEST_CASE("selection: only_command names the rows, a whole group by its name, and what --only accepts", "[contract]") {
  CHECK(only_command({}) == "");
  CHECK(only_command({"manifest", "file-version:x"}) == "");
  CHECK(only_command({"api.services"}) == "migready-collect.exe --only api.services");
  CHECK(only_command({"api.time", "command.net_time"}) == "migready-collect.exe --only command.net_time,api.time");
  CHECK(only_command({"command.w32tm_tz", "api.time", "command.net_time", "command.w32tm_monitor", "api.services"}) ==
        "migready-collect.exe --only time,api.services");
  CHECK(only_command({"file.ntbackup_logs.administrator.backup01_log", "registry.software"}) ==
        "migready-collect.exe --only registry.software,file.ntbackup_logs");
  // Every line it prints is one --only takes, and selects exactly those rows.
  const std::vector<std::string> ids = {"api.time", "registry.system", "eventlog.system", "file.windowsupdate_log"};
  const std::string line = only_command(ids);
  const std::string prefix = "migready-collect.exe --only ";
  REQUIRE(line.rfind(prefix, 0) == 0);
  const Selection s = select_artifacts(line.substr(prefix.size()));
  REQUIRE(s.error.empty());
  std::vector<std::string> rows;
  for (std::size_t i = 0; i < s.rows.size(); ++i) {
    if (s.rows[i]) rows.emplace_back(kArtifacts[i].id);
  }
  CHECK(rows == std::vector<std::string>{"registry.system", "api.time", "file.windowsupdate_log", "eventlog.system"});
}

TEST_CASE("selection: every group resolves, and no group is named like an artifact", "[contract]") {
  for (const auto& g : kArtifactGroups) {
    const Selection s = select_artifacts(g.name);
    INFO(g.name);
    CHECK(s.error.empty());
    CHECK(find_artifact(g.name) == nullptr);
  }
  CHECK(select_artifacts(" time , api.time ").requested == std::vector<std::string>{"time", "api.time"});
  CHECK(select_artifacts("").error.rfind("--only: an empty artifact name", 0) == 0);
  CHECK(select_artifacts("TIME").error.rfind("--only: unknown artifact or group \"TIME\"", 0) == 0);
}
