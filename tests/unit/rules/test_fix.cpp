// Fix steps (rules/fix.hpp): loading, the documented syntaxes, filling from facts, hostile values.
#include <rapidjson/document.h>
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/json.hpp"
#include "rules/rules.hpp"

using namespace migready;

namespace {

constexpr facts::FactTypes kAny = ~facts::FactTypes{0};
constexpr facts::FactSpec kAnySpecs[] = {
    {"<w>", kAny, "none", "any"}, {"<w>.<w>", kAny, "none", "any"}, {"<w>.<w>.<w>", kAny, "none", "any"}};
constexpr facts::FactFamily kAnyWord[] = {{"<w>", ""}};
const facts::Catalogue kAnyFacts(kAnySpecs, kAnyWord);

facts::Facts facts_from(const char* json) {
  json::Document d;
  d.Parse(json);
  REQUIRE_FALSE(d.HasParseError());
  facts::Facts f;
  for (auto m = d.MemberBegin(); m != d.MemberEnd(); ++m) {
    json::Value copy(m->value, f.allocator());
    f.set(m->name.GetString(), std::move(copy), "test");
  }
  return f;
}

// A rule "T" firing when svc.stopped is true, with one fix step of `command` and a guard of `guard`.
std::string fix_rule(const std::string& command, const std::string& guard = R"(sc query {svc.name})",
                     const std::string& extra = "") {
  return R"({"rules": [{"id": "T", "severity": "warning", "title": "t", "section": "BPA:System", "message": "m",
    "remediation": ["r"], "when": {"truthy": {"fact": "svc.stopped"}},
    "fix": [{"title": "Start {svc.name}", "command": ")" +
         command + R"(",
             "guard": [{"command": ")" +
         guard + R"(", "done_if": {"line": "STATE", "word": 4, "is": "RUNNING"}}],
             "risk": "r {svc.name}", "undo": "net stop {svc.name}", "source": "https://support.microsoft.com/kb/1")" +
         extra + R"(}]}]})";
}

Result<void> try_load(rules::RuleSet& set, const std::string& text) {
  return set.add_file(text, "t.json");
}

rules::FixStep fill(const std::string& command, const char* facts_json) {
  rules::RuleSet set(kAnyFacts);
  auto ok = try_load(set, fix_rule(command));
  INFO((ok ? std::string() : ok.error().to_string()));
  REQUIRE(ok);
  const auto findings = set.evaluate(facts_from(facts_json));
  for (const auto& f : findings) {
    if (f.rule_id == "T" && f.category == "rule") {
      REQUIRE(f.fix.size() == 1);
      return f.fix[0];
    }
  }
  FAIL("rule T did not fire");
  return {};
}

}  // namespace

TEST_CASE("fix steps are filled from the facts, with title, risk and undo rendered", "[rules][fix]") {
  const auto step = fill(R"(net start \"{svc.name}\")", R"({"svc.stopped": true, "svc.name": "w32time"})");
  CHECK(step.fillable);
  CHECK(step.command == R"(net start "w32time")");
  CHECK(step.title == "Start w32time");
  CHECK(step.risk == "r w32time");
  CHECK(step.undo == "net stop w32time");
  REQUIRE(step.guard.size() == 1);
  CHECK(step.guard[0].command == "sc query w32time");
  CHECK(step.guard[0].line == "STATE");
  CHECK(step.guard[0].word == 4);
  CHECK(step.guard[0].is == "RUNNING");
  CHECK(step.reason.empty());
}

TEST_CASE("a placeholder whose fact is missing leaves the step not fillable, never an empty hole", "[rules][fix]") {
  for (const char* facts : {R"({"svc.stopped": true})", R"({"svc.stopped": true, "svc.name": null})",
                            R"({"svc.stopped": true, "svc.name": ""})", R"({"svc.stopped": true, "svc.name": [1]})"}) {
    INFO(facts);
    const auto step = fill(R"(net start \"{svc.name}\")", facts);
    CHECK_FALSE(step.fillable);
    CHECK(step.command.empty());
    CHECK(step.guard[0].command.empty());
    CHECK(step.reason.find("{svc.name}") != std::string::npos);
    CHECK(step.command_template == R"(net start "{svc.name}")");
  }
}

TEST_CASE("hostile fact values never reach a command: & | % \" ^ newline and the rest are refused", "[rules][fix]") {
  const char* hostile[] = {R"(w32time & del /q c:\\*)",
                           "w32time | format c:",
                           "%COMSPEC%",
                           R"(a\" & calc & \")",
                           "a^&calc",
                           "w32time\\nformat c:",
                           "a<b",
                           "a>c:\\\\x",
                           "a(b)",
                           "a!b",
                           "caf\\u00e9",
                           "a\\rb",
                           "a\\tb"};
  for (const char* value : hostile) {
    const std::string facts = std::string(R"({"svc.stopped": true, "svc.name": ")") + value + "\"}";
    INFO(facts);
    // Quoted and unquoted placeholders both refuse them.
    for (const char* command : {R"(net start \"{svc.name}\")", "net start {svc.name}"}) {
      const auto step = fill(command, facts.c_str());
      CHECK_FALSE(step.fillable);
      CHECK(step.command.empty());
      CHECK(step.reason.find("the value of {svc.name}") != std::string::npos);
    }
  }
}

TEST_CASE("separators split an unquoted argument: refused there, accepted between quotes", "[rules][fix]") {
  for (const char* value : {"Net Logon", "a,b", "a;b", "a=b"}) {
    const std::string facts = std::string(R"({"svc.stopped": true, "svc.name": ")") + value + "\"}";
    INFO(facts);
    CHECK_FALSE(fill("net start {svc.name}", facts.c_str()).fillable);
    // The guard (sc query {svc.name}, unquoted) refuses it too, so the quoted command is not filled either.
    CHECK_FALSE(fill(R"(net start \"{svc.name}\")", facts.c_str()).fillable);
  }
  rules::RuleSet set(kAnyFacts);
  REQUIRE(try_load(set, fix_rule(R"(net start \"{svc.name}\")", R"(sc query \"{svc.name}\")")));
  const auto findings = set.evaluate(facts_from(R"({"svc.stopped": true, "svc.name": "Net Logon"})"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].fix[0].fillable);
  CHECK(findings[0].fix[0].command == R"(net start "Net Logon")");
}

TEST_CASE("unsafe_in_command: what a value may hold", "[rules][fix]") {
  CHECK_FALSE(rules::unsafe_in_command("MSSQL$SBSMONITORING", false));
  CHECK_FALSE(rules::unsafe_in_command("time.windows.com", false));
  CHECK_FALSE(rules::unsafe_in_command("C:\\WINDOWS\\SYSVOL", false));
  CHECK(rules::unsafe_in_command("", true));
  CHECK(rules::unsafe_in_command(std::string(257, 'a'), true));
  for (const char c : std::string("&|<>^%\"!()`\n\r\t\x1b\x7f")) {
    INFO(int(c));
    CHECK(rules::unsafe_in_command(std::string("a") + c + "b", true));
  }
  CHECK(rules::unsafe_in_command("a b", false));
  CHECK_FALSE(rules::unsafe_in_command("a b", true));
}

TEST_CASE("commands are checked against their documented syntax at load", "[rules][fix]") {
  struct Case {
    const char* command;
    bool ok;
  };
  const Case cases[] = {
      {"sc config w32time start= auto", true},
      {"sc config w32time start=auto", false},  // sc needs the space after start=
      {"sc config w32time start = auto", false},
      {"sc config w32time start= automatic", false},
      {"sc config {svc.name} start= demand", true},
      {"net start w32time", true},
      {"net start", false},
      {"net start w32time /y", false},
      {"w32tm /config /manualpeerlist:time.windows.com /syncfromflags:manual /reliable:yes /update", true},
      {"w32tm /config /manualpeerlist:time.windows.com /syncfromflags:manual /reliable:yes", false},  // no /update
      {"w32tm /config /manualpeerlist:time.windows.com /syncfromflags:MANUAL /reliable:YES /update", false},
      {"w32tm /query /configuration", false},  // not in Windows Server 2003's w32tm
      {"w32tm /resync /rediscover", true},
      {"reg add HKLM\\\\SOFTWARE\\\\Microsoft\\\\Ole /v EnableDCOM /t REG_SZ /d Y /f", true},
      {"reg add HKLM\\\\SOFTWARE\\\\Microsoft\\\\Ole /v EnableDCOM /t REG_SZ /d Y", false},  // would prompt
      {"reg add HKLM\\\\SOFTWARE\\\\Microsoft\\\\Ole /v EnableDCOM /t REG_QWORD /d 1 /f", false},
      {"reg add HKCU\\\\Software\\\\x /v a /t REG_SZ /d b /f", false},  // machine settings only
      {"ren %systemroot%\\\\System32\\\\catroot2 oldcatroot2", true},
      {"ren %systemroot%\\\\System32\\\\catroot2 c:\\\\oldcatroot2", false},  // ren takes a name, not a path
      {"net start w32time & net start netlogon", false},
      {"net start w32time > nul", false},
      {"dnscmd /config /forwarders 10.0.0.1", false},  // not a documented form here
  };
  for (const auto& c : cases) {
    INFO(c.command);
    rules::RuleSet set(kAnyFacts);
    const auto loaded = try_load(set, fix_rule(c.command));
    CHECK(static_cast<bool>(loaded) == c.ok);
    if (!loaded) CHECK(loaded.error().where.rfind("t.json:", 0) == 0);
  }
}

TEST_CASE("fix steps: guards only read, one of guard or repeatable, a source URL", "[rules][fix]") {
  rules::RuleSet set(kAnyFacts);
  // A guard that changes something.
  CHECK_FALSE(try_load(set, fix_rule("net start w32time", "net start w32time")));
  // No source URL.
  {
    std::string text = fix_rule("net start w32time");
    text.replace(text.find("https://support.microsoft.com/kb/1"), 34, "KB 1");
    CHECK_FALSE(try_load(set, text));
  }
  // Both guard and repeatable.
  CHECK_FALSE(try_load(set, fix_rule("net start w32time", "sc query w32time", R"(, "repeatable": "x")")));
  // An unknown key.
  CHECK_FALSE(try_load(set, fix_rule("net start w32time", "sc query w32time", R"(, "run": "x")")));
  // done_if: a word out of range, a word with a character cmd reads, word 1 that is not the line's word.
  for (const auto& [from, to] :
       std::vector<std::pair<std::string, std::string>>{{R"("word": 4)", R"("word": 9)"},
                                                        {R"("word": 4)", R"("word": 0)"},
                                                        {R"("is": "RUNNING")", R"("is": "RUN&NING")"},
                                                        {R"("is": "RUNNING")", R"("is": "RUN NING")"},
                                                        {R"("word": 4)", R"("word": 1)"},
                                                        {R"("is": "RUNNING")", R"("is": "RUNNING", "x": 1)"}}) {
    std::string text = fix_rule("net start w32time");
    text.replace(text.find(from), from.size(), to);
    INFO(text);
    CHECK_FALSE(try_load(set, text));
  }
  CHECK(try_load(set, fix_rule("net start w32time")));
}

TEST_CASE("every built-in fix command, its documented syntax and the source it cites", "[rules][fix]") {
  auto set = rules::RuleSet::builtin();
  REQUIRE(set);
  std::set<std::string> covered;
  std::size_t commands = 0;
  for (const auto& id : set->ids()) {
    const auto info = set->info(id);
    REQUIRE(info);
    for (const auto& f : info->fix) {
      INFO(id << ": " << f.command << "  (source " << f.source << ", syntax " << f.syntax_source << ")");
      ++commands;
      covered.insert(id);
      CHECK(rules::check_command_syntax(f.command).ok);
      CHECK(rules::check_command_syntax(f.command).source == f.syntax_source);
      CHECK((f.source.rfind("https://", 0) == 0 || f.source.rfind("http://", 0) == 0));
      for (const auto& g : f.guard) {
        CHECK(rules::check_command_syntax(g.command).ok);
        CHECK((g.word >= 1 && g.word <= 8 && !g.line.empty() && !g.is.empty()));
      }
      // Windows Server 2003 forms: sc needs "start= " with the space; w32tm /config ends in /update.
      if (f.command.rfind("sc config ", 0) == 0) CHECK(f.command.find("start= ") != std::string::npos);
      if (f.command.rfind("w32tm /config ", 0) == 0) CHECK(f.command.substr(f.command.size() - 8) == " /update");
    }
  }
  CHECK(commands >= 15);
  const std::set<std::string> expected = {"TIME_W32TIME_NOT_RUNNING",  "TIME_W32TIME_NOT_SYNCING",
                                          "TIME_PDC_USES_LOCAL_CLOCK", "TIME_OFFSET_OVER_5_MINUTES",
                                          "TIME_OFFSET_OVER_1_MINUTE", "MIGRATION_NETLOGON_NOT_RUNNING",
                                          "SERVICE_AUTOMATIC_STOPPED", "NETWORK_VPN_NOT_DISABLED",
                                          "SYSTEM_DCOM_DISABLED",      "MIGRATION_PREP_HOTFIX_CATROOT2"};
  CHECK(covered == expected);
}
