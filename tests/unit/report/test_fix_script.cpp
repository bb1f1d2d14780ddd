// The fix script writer (report/fix_script.hpp): hostile text from the bundle stays in comments and
// echoes without a character cmd.exe acts on; not-fillable steps are comments only; order and de-duplication.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "report/fix_script.hpp"

using namespace migready;

namespace {

rules::Finding finding(const std::string& id, const std::string& section, std::size_t order,
                       std::vector<rules::FixStep> steps) {
  rules::Finding f;
  f.rule_id = id;
  f.section = section;
  f.rule_order = order;
  f.title = "t";
  f.fix = std::move(steps);
  return f;
}

rules::FixStep step(const std::string& title, const std::string& command) {
  rules::FixStep s;
  s.title = title;
  s.command = command;
  s.command_template = command;
  s.guard.push_back({"sc query w32time", "STATE", 4, "RUNNING"});
  s.risk = "r";
  s.undo = "u";
  s.source = "https://support.microsoft.com/kb/816042";
  return s;
}

std::vector<std::string> lines(const std::string& script) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < script.size()) {
    const std::size_t end = script.find("\r\n", start);
    REQUIRE(end != std::string::npos);  // every line ends in CRLF
    out.push_back(script.substr(start, end - start));
    start = end + 2;
  }
  return out;
}

}  // namespace

TEST_CASE("comment_text leaves nothing cmd.exe acts on", "[report][fix_script]") {
  CHECK(report::comment_text("a & b | c < d > e ^ f") == "a + b / c [ d ] e ' f");
  CHECK(report::comment_text("100%") == "100%%");
  CHECK(report::comment_text("x\ny\rz\tw") == "x y z w");
  CHECK(report::comment_text("caf\xc3\xa9") == "caf??");
}

TEST_CASE("hostile finding text stays in comments, commands only as filled", "[report][fix_script]") {
  report::Report r;
  r.computer_name = "SBS01 & del c:\\*";
  r.collected_utc = "2026-11-25T14:30:05Z";
  auto s1 = step("Start & format c: | x\r\necho INJECTED", "net start w32time");
  s1.risk = "risk\r\nformat c: /q & echo INJECTED";
  s1.undo = "%COMSPEC% /c echo INJECTED ^& x";
  auto unfilled = step("Start {item.name}", "");
  unfilled.fillable = false;
  unfilled.command_template = R"(net start "{item.name}")";
  unfilled.reason = "the value of {item.name} holds '&'\r\necho INJECTED";
  unfilled.guard[0].command.clear();
  rules::Finding f = finding("SERVICE_AUTOMATIC_STOPPED", "BPA:System", 5, {s1, unfilled});
  f.subject = "a\"b & echo INJECTED";
  r.findings.push_back(f);
  const std::string script = report::render_fix_script(r, {"bundle & x.zip", "2026-12-07T09:00:00Z", "0.1.0"});
  for (const auto& l : lines(script)) {
    INFO(l);
    for (const char c : l) CHECK((c >= 0x20 && c < 0x7f));
    if (l.rfind("rem ", 0) == 0 || l.rfind("echo ", 0) == 0) {
      const std::string rest = l.substr(4);
      CHECK(rest.find_first_of("&|<>^") == std::string::npos);
    }
    // Nothing runs but the filled command, its guard and the script's own lines.
    if (l.find("INJECTED") != std::string::npos) CHECK((l.rfind("rem ", 0) == 0 || l.rfind("echo ", 0) == 0));
  }
  CHECK(script.find("\r\nnet start w32time\r\n") != std::string::npos);
  CHECK(script.find("rem NOT FILLED IN: the value of {item.name} holds '+'") != std::string::npos);
  CHECK(script.find("\r\nnet start \"") == std::string::npos);  // the unfilled step runs nothing
}

TEST_CASE("steps in the document's order, a repeated command written once", "[report][fix_script]") {
  report::Report r;
  // Ranked by severity first (as the report is): the BPA step comes first here, the time section's second.
  r.findings.push_back(finding("SERVICE_AUTOMATIC_STOPPED", "BPA:System", 9, {step("B", "net start IsmServ")}));
  r.findings.push_back(finding("TIME_OFFSET_OVER_5_MINUTES",
                               "BKMK_SynchronizeTheSourceServerTimeWithAnExternalTimeSource", 3,
                               {step("A", "w32tm /resync /rediscover")}));
  r.findings.push_back(finding("TIME_PDC_USES_LOCAL_CLOCK",
                               "BKMK_SynchronizeTheSourceServerTimeWithAnExternalTimeSource", 2,
                               {step("A2", "w32tm /resync /rediscover")}));
  const std::string script = report::render_fix_script(r, {"b.zip", "now", "0.1.0"});
  const auto a = script.find("Step 1 of 2: A2"), b = script.find("Step 2 of 2: B");
  CHECK(a != std::string::npos);
  CHECK(b != std::string::npos);
  CHECK(a < b);
  CHECK(script.find("the same command as an earlier step, not repeated") != std::string::npos);
  CHECK(report::fix_script_steps(r) == 2);
  // Every step asks before its change, after its guard.
  const auto guard = script.find("sc query w32time"), ask = script.find("set /p MR_ANSWER"),
             run = script.find("\r\nw32tm /resync /rediscover\r\n");
  CHECK((guard < ask && ask < run));
}

TEST_CASE("a report without fix steps gives a script that changes nothing", "[report][fix_script]") {
  const std::string script = report::render_fix_script(report::Report{}, {"b.zip", "now", "0.1.0"});
  CHECK(script.find("nothing to do") != std::string::npos);
  CHECK(script.find("set /p") == std::string::npos);
}
