#include "parsers/dcdiag.hpp"

#include <re2/re2.h>

#include "contract/ascii.hpp"
#include "parsers/command_failure.hpp"
#include "parsers/support_tools_text.hpp"
#include "parsers/text_util.hpp"
#include "parsers/tool_language.hpp"

namespace migready::parsers {
namespace {

using support_tools::trim;

re2::StringPiece piece(std::string_view s) { return re2::StringPiece(s.data(), s.size()); }

constexpr std::string_view kHeader = "Domain Controller Diagnosis";

// "   Testing server: Default-First-Site-Name\SBS01"
const RE2& testing_server() {
  static const RE2 re(R"(^\s*Testing\s+server:\s*(?:(.*)\\)?(\S+?)\s*$)");
  return re;
}
// "   Running partition tests on : DomainDnsZones"   "   Running enterprise tests on : contoso.local"
const RE2& running_tests() {
  static const RE2 re(R"(^\s*Running\s+(partition|enterprise)\s+tests\s+on\s*:\s*(\S+)\s*$)");
  return re;
}
// "      Starting test: Connectivity"
const RE2& starting_test() {
  static const RE2 re(R"(^\s*Starting\s+test\s*:\s*(\S+)\s*$)");
  return re;
}
// "         ......................... SBS01 passed test Connectivity" (also ". . . . ." and extra spaces)
const RE2& verdict() {
  static const RE2 re(R"(^\s*(?:\.\s*)+(\S+)\s+(passed|failed)\s+test\s+(\S+)\s*$)");
  return re;
}
// "   * Found 1 DC(s). Testing 1 of them."
const RE2& found_dcs() {
  static const RE2 re(R"(^\s*\*\s*Found\s+(\d+)\s+DC\(s\)\.\s*Testing\s+(\d+)\s+of\s+them\.?\s*$)");
  return re;
}
// "   * Verifying that the local machine SBS01, is a DC."  /  "... SBS01, is actually a DC."
const RE2& local_machine() {
  static const RE2 re(R"(^\s*\*\s*Verifying\s+that\s+the\s+local\s+machine\s+(\S+?),\s+is\s.*$)");
  return re;
}
// "   * Connecting to directory service on server SBS01."
const RE2& connecting() {
  static const RE2 re(R"(^\s*\*\s*Connecting\s+to\s+directory\s+service\s+on\s+server\s+(\S+?)\.?\s*$)");
  return re;
}
// "      Skipping all tests, because server DC2 is"
const RE2& skipping_server() {
  static const RE2 re(R"(^\s*Skipping\s+all\s+tests,\s+because\s+server\s+(\S+)\s+is\s*$)");
  return re;
}

// "         Role Schema Owner = CN=NTDS Settings,CN=SBS01,CN=Servers,..."
const RE2& role_owner() {
  static const RE2 re(R"(^\s*Role\s+(\S.*?)\s+Owner\s*=\s*(\S.*?)\s*$)");
  return re;
}

}  // namespace

const char* dcdiag_scope_name(DcdiagScope scope) noexcept {
  switch (scope) {
    case DcdiagScope::server: return "server";
    case DcdiagScope::partition: return "partition";
    case DcdiagScope::enterprise: return "enterprise";
  }
  return "server";
}

static Result<Dcdiag> read_dcdiag(std::string_view text, const std::string& where, Diagnostics& diags) {
  if (auto failure = command_failure(support_tools::before_header(text, kHeader))) {
    return make_error(Errc::format, "dcdiag did not run: " + *failure, where + ":1");
  }
  Dcdiag out;
  bool in_setup = false;
  DcdiagScope scope = DcdiagScope::server;
  std::string site, subject;
  // Index of the test whose block we are in, or kNoTest. (Not std::optional: GCC 12 at -O2 reports a
  // false maybe-uninitialized on it here.)
  constexpr std::size_t kNoTest = static_cast<std::size_t>(-1);
  std::size_t open = kNoTest;
  const auto lines = support_tools::split_lines(text);

  for (std::size_t i = 0; i < lines.size(); ++i) {
    const int line_no = static_cast<int>(i) + 1;
    const std::string_view line = lines[i];
    if (support_tools::blank(line)) continue;
    const std::string_view body = trim(line);
    std::string a, b, c;

    if (RE2::FullMatch(piece(line), verdict(), &a, &b, &c)) {
      if (open == kNoTest || !contract::equals_ci(out.tests[open].name, c)) {
        DcdiagTest t;
        t.scope = scope;
        t.site = scope == DcdiagScope::server ? site : std::string();
        t.name = c;
        t.line = line_no;
        out.tests.push_back(std::move(t));
        open = out.tests.size() - 1;
      }
      DcdiagTest& t = out.tests[open];
      t.subject = a;
      t.passed = b == "passed";
      if (*t.passed) t.messages.clear();
      open = kNoTest;
      continue;
    }
    if (RE2::FullMatch(piece(line), starting_test(), &a)) {
      DcdiagTest t;
      t.scope = scope;
      t.site = scope == DcdiagScope::server ? site : std::string();
      t.subject = subject;
      t.name = a;
      t.line = line_no;
      out.tests.push_back(std::move(t));
      open = out.tests.size() - 1;
      in_setup = false;
      continue;
    }
    if (RE2::FullMatch(piece(line), testing_server(), &a, &b)) {
      scope = DcdiagScope::server;
      site = a;
      subject = b;
      open = kNoTest;
      in_setup = false;
      continue;
    }
    if (RE2::FullMatch(piece(line), running_tests(), &a, &b)) {
      scope = a == "partition" ? DcdiagScope::partition : DcdiagScope::enterprise;
      site.clear();
      subject = b;
      open = kNoTest;
      in_setup = false;
      continue;
    }
    if (body == kHeader) continue;
    if (body == "Performing initial setup:") {
      in_setup = true;
      open = kNoTest;
      continue;
    }
    if (body == "Doing initial required tests" || body == "Doing primary tests") {
      in_setup = false;
      open = kNoTest;
      continue;
    }
    if (open != kNoTest) {
      if (RE2::FullMatch(piece(line), role_owner(), &a, &b)) {
        out.role_holders.push_back({out.tests[open].subject, a, b, line_no});
      }
      if (body.front() != '*') out.tests[open].messages.emplace_back(body);
      continue;
    }
    if (in_setup) {
      int found = 0, tested = 0;
      if (RE2::FullMatch(piece(line), found_dcs(), &found, &tested)) {
        out.dcs_found = found;
        out.dcs_tested = tested;
      } else if (RE2::FullMatch(piece(line), local_machine(), &a) ||
                 RE2::FullMatch(piece(line), connecting(), &a)) {
        if (out.local_dc.empty()) out.local_dc = a;
      } else if (body.front() != '*' && body != "Done gathering initial info.") {
        out.setup_messages.emplace_back(body);
      }
      continue;
    }
    if (RE2::FullMatch(piece(line), skipping_server(), &a)) {
      out.unresponsive_servers.push_back(a);
      continue;
    }
    if (body == "not responding to directory service requests") continue;
    diags.warn(Errc::format, "unrecognized dcdiag line", where + ":" + std::to_string(line_no));
  }

  if (out.tests.empty()) {
    if (!out.setup_messages.empty()) {
      return make_error(Errc::format, "dcdiag stopped before any test: " + out.setup_messages.front(), where + ":1");
    }
    return make_error(Errc::format, "no dcdiag test found: not dcdiag /v output, or cut off before the first test",
                      where + ":1");
  }
  for (const auto& t : out.tests) {
    if (!t.passed) ++out.unfinished;
    else if (*t.passed) ++out.passed;
    else ++out.failed;
  }
  return out;
}

// dcdiag's header line in the localized builds (Windows Server 2008 and later), as the check_ad.vbs Nagios
// plugin matches it (github.com/arigaud/NagiosPlugins, "tested on ... 2008 R2 (FR/ENG)").
constexpr ForeignPhrase kForeign[] = {{Language::de, "Verzeichnisserverdiagnose"},
                                      {Language::fr, "Diagnostic du serveur d'annuaire"}};

Result<Dcdiag> parse_dcdiag(std::string_view text, const std::string& where, Diagnostics& diags,
                            std::optional<Language> expected) {
  return parse_english_only<Dcdiag>("dcdiag", text, where, diags, expected, read_dcdiag, kForeign);
}

}  // namespace migready::parsers
