#include "parsers/windowsupdate_log.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cstdio>
#include <deque>

#include "contract/ascii.hpp"
#include "contract/civil_time.hpp"
#include "parsers/text_util.hpp"

namespace migready::parsers {
namespace {

using contract::starts_with_ci;
using text_util::trim;

constexpr std::size_t kMaxSearches = 64;
constexpr std::size_t kMaxFailures = 100;
constexpr std::size_t kMaxCodes = 64;
constexpr std::size_t kMaxUpdateIds = 200;
constexpr int kMaxWarnedLines = 10;
constexpr std::size_t kMaxFailureText = 300;

// The codes a search, download or install most often fails with, as Microsoft's "Windows Update error codes
// by component" names and words them (learn.microsoft.com/windows/deployment/update/windows-update-error-reference,
// MicrosoftDocs/windows-itpro-docs windows/deployment/update/windows-update-error-reference.md; the same
// codes as wuerror.h). Sorted by code. A code not here is reported without a meaning, never guessed.
constexpr WuResultCode kCodes[] = {
    {0x80240001, "WU_E_NO_SERVICE", "Windows Update Agent was unable to provide the service."},
    {0x80240009, "WU_E_OPERATIONINPROGRESS",
     "Another conflicting operation was in progress. Some operations such as installation cannot be performed "
     "twice simultaneously."},
    {0x8024000B, "WU_E_CALL_CANCELLED", "Operation was canceled."},
    {0x8024000E, "WU_E_XML_INVALID", "Windows Update Agent found invalid information in the update's XML data."},
    {0x80240016, "WU_E_INSTALL_NOT_ALLOWED",
     "Operation tried to install while another installation was in progress or the system was pending a "
     "mandatory restart."},
    {0x8024001B, "WU_E_SELFUPDATE_IN_PROGRESS",
     "The operation could not be performed because the Windows Update Agent is self-updating."},
    {0x8024001E, "WU_E_SERVICE_STOP", "Operation did not complete because the service or system was being shut down."},
    {0x8024001F, "WU_E_NO_CONNECTION", "Operation did not complete because the network connection was unavailable."},
    {0x80240020, "WU_E_NO_INTERACTIVE_USER",
     "Operation did not complete because there is no logged-on interactive user."},
    {0x80240021, "WU_E_TIME_OUT", "Operation did not complete because it timed out."},
    {0x80240022, "WU_E_ALL_UPDATES_FAILED", "Operation failed for all the updates."},
    {0x80240024, "WU_E_NO_UPDATE", "There are no updates."},
    {0x80240025, "WU_E_USER_ACCESS_DISABLED", "Group Policy settings prevented access to Windows Update."},
    {0x8024002B, "WU_E_LEGACYSERVER", "An operation did not complete because it requires a newer version of server."},
    {0x8024002E, "WU_E_WU_DISABLED", "Access to an unmanaged server is not allowed."},
    {0x8024002F, "WU_E_CALL_CANCELLED_BY_POLICY",
     "Operation did not complete because the DisableWindowsUpdateAccess policy was set."},
    {0x80240032, "WU_E_INVALID_CRITERIA", "The search criteria string was invalid."},
    {0x80240034, "WU_E_DOWNLOAD_FAILED", "Update failed to download."},
    {0x80240FFF, "WU_E_UNEXPECTED", "An operation failed due to reasons not covered by another error code."},
    {0x80242007, "WU_E_UH_INSTALLERHUNG",
     "An operation could not be completed because the installer exceeded the time limit."},
    {0x8024200B, "WU_E_UH_INSTALLERFAILURE", "The installer failed to install (uninstall) one or more updates."},
    {0x80242014, "WU_E_UH_POSTREBOOTSTILLPENDING", "The post-reboot operation for the update is still in progress."},
    {0x80244004, "WU_E_PT_SOAPCLIENT_CONNECT",
     "Same as SOAPCLIENT_CONNECT_ERROR - SOAP client failed to connect to the server."},
    {0x80244007, "WU_E_PT_SOAPCLIENT_SOAPFAULT",
     "Same as SOAPCLIENT_SOAPFAULT - SOAP client failed because there was a SOAP fault for reasons of "
     "WU_E_PT_SOAP_* error codes."},
    {0x80244008, "WU_E_PT_SOAPCLIENT_PARSEFAULT",
     "Same as SOAPCLIENT_PARSEFAULT_ERROR - SOAP client failed to parse a SOAP fault."},
    {0x8024400A, "WU_E_PT_SOAPCLIENT_PARSE",
     "Same as SOAPCLIENT_PARSE_ERROR - SOAP client failed to parse the response from the server."},
    {0x8024400E, "WU_E_PT_SOAP_SERVER",
     "Same as SOAP_E_SERVER - The SOAP message could not be processed due to a server error; resend later."},
    {0x80244010, "WU_E_PT_EXCEEDED_MAX_SERVER_TRIPS",
     "The number of round trips to the server exceeded the maximum limit."},
    {0x80244011, "WU_E_PT_SUS_SERVER_NOT_SET", "WUServer policy value is missing in the registry."},
    {0x80244016, "WU_E_PT_HTTP_STATUS_BAD_REQUEST",
     "Same as HTTP status 400 - the server could not process the request due to invalid syntax."},
    {0x80244017, "WU_E_PT_HTTP_STATUS_DENIED",
     "Same as HTTP status 401 - the requested resource requires user authentication."},
    {0x80244018, "WU_E_PT_HTTP_STATUS_FORBIDDEN",
     "Same as HTTP status 403 - server understood the request but declined to fulfill it."},
    {0x80244019, "WU_E_PT_HTTP_STATUS_NOT_FOUND",
     "Same as HTTP status 404 - the server cannot find the requested URI (Uniform Resource Identifier)."},
    {0x8024401B, "WU_E_PT_HTTP_STATUS_PROXY_AUTH_REQ", "Same as HTTP status 407 - proxy authentication is required."},
    {0x8024401C, "WU_E_PT_HTTP_STATUS_REQUEST_TIMEOUT",
     "Same as HTTP status 408 - the server timed out waiting for the request."},
    {0x8024401F, "WU_E_PT_HTTP_STATUS_SERVER_ERROR",
     "Same as HTTP status 500 - an error internal to the server prevented fulfilling the request."},
    {0x80244021, "WU_E_PT_HTTP_STATUS_BAD_GATEWAY",
     "Same as HTTP status 502 - the server while acting as a gateway or a proxy received an invalid response from "
     "the upstream server it accessed in attempting to fulfill the request."},
    {0x80244022, "WU_E_PT_HTTP_STATUS_SERVICE_UNAVAIL",
     "Same as HTTP status 503 - the service is temporarily overloaded."},
    {0x8024402B, "WU_E_PT_HTTP_STATUS_NOT_MAPPED",
     "The HTTP request could not be completed and the reason did not correspond to any of the WU_E_PT_HTTP_* error "
     "codes."},
    {0x8024402C, "WU_E_PT_WINHTTP_NAME_NOT_RESOLVED",
     "Same as ERROR_WINHTTP_NAME_NOT_RESOLVED - the proxy server or target server name cannot be resolved."},
    {0x8024402F, "WU_E_PT_ECP_SUCCEEDED_WITH_ERRORS", "External cab file processing completed with some errors."},
    {0x80244FFF, "WU_E_PT_UNEXPECTED", "A communication error not covered by another WU_E_PT_* error code."},
    {0x80246005, "WU_E_DM_NONETWORK",
     "A download manager operation could not be completed because the network connection was unavailable."},
    {0x80246007, "WU_E_DM_NOTDOWNLOADED", "The update has not been downloaded."},
    {0x80246008, "WU_E_DM_FAILTOCONNECTTOBITS",
     "A download manager operation failed because the download manager was unable to connect the Background "
     "Intelligent Transfer Service (BITS)."},
    {0x8024A000, "WU_E_AU_NOSERVICE", "Automatic Updates was unable to service incoming requests."},
    {0x8024D009, "WU_E_SETUP_SKIP_UPDATE",
     "An update to the Windows Update Agent was skipped due to a directive in the wuident.cab file."},
};

// "2014-01-20<TAB>12:18:48:662<TAB>968<TAB>f58<TAB>Agent<TAB>text"; a published copy has spaces, the
// pid may be padded (" 848"), KB 902093's table has no milliseconds.
const RE2& line_re() {
  static const RE2 re(
      R"(^(\d{4})-(\d{2})-(\d{2})[ \t]+(\d{2}):(\d{2}):(\d{2})(?:[:.](\d{1,3}))?[ \t]+([0-9A-Fa-f]{1,8})[ \t]+)"
      R"(([0-9A-Fa-f]{1,8})[ \t]+([A-Za-z][A-Za-z0-9_]{0,31})(?:[ \t]+(.*))?$)");
  return re;
}
// "** START **  Agent: Finding updates [CallerId = AutomaticUpdates]", "**  END  **  Agent: …"
const RE2& finding_re() {
  static const RE2 re(R"(^\*+\s*(START|END)\s*\*+\s*Agent:\s*Finding updates\s*(?:\[CallerId = ([^\]]*)\])?)");
  return re;
}
// "* Found 163 updates and 70 categories in search; evaluated appl. rules of 622 out of 1150 deployed entities"
const RE2& found_re() {
  static const RE2 re(R"(^\*\s*Found (\d{1,9}) updates and (\d{1,9}) categories in search)");
  return re;
}
// "* Added update {4AE85C00-0EAA-4BE0-B81B-DBD7053D5FAE}.104 to search result" (Microsoft's copy: "tosearch")
const RE2& added_re() {
  static const RE2 re(R"(^\*\s*Added update (\{[0-9A-Fa-f-]{36}\}(?:\.\d{1,9})?) to\s*search result)");
  return re;
}
// "* WU client version 7.6.7600.256", "Logging initialized (build: 7.6.7600.256, tz: -0500)"
const RE2& version_re() {
  static const RE2 re(R"((?:WU client version|Logging initialized \(build:)\s*(\d{1,5}(?:\.\d{1,5}){1,3}))");
  return re;
}
// "error = 0x8024000B", "hr = 80072ee2", "error 0x80072ee2", "hr=8024A000", "hr:80070005" (Windows 7's AU):
// an HRESULT, with or without 0x after "hr"
const RE2& hresult_re() {
  static const RE2 re(R"((?i)(?:0x|\bhr\s*[=:]\s*(?:0x)?)([0-9a-f]{8})\b)");
  return re;
}

bool is_failure_text(std::string_view text) {
  return contract::find_ci(text, "warning") != std::string_view::npos ||
         contract::find_ci(text, "fatal") != std::string_view::npos ||
         contract::find_ci(text, "fail") != std::string_view::npos ||
         contract::find_ci(text, "error") != std::string_view::npos;
}

std::optional<std::uint32_t> failure_code(std::string_view text) {
  if (text.find("0x") == std::string_view::npos && contract::find_ci(text, "hr") == std::string_view::npos) {
    return std::nullopt;
  }
  re2::StringPiece rest(text.data(), text.size());
  std::string hex;
  while (RE2::FindAndConsume(&rest, hresult_re(), &hex)) {
    const auto code = static_cast<std::uint32_t>(std::stoul(hex, nullptr, 16));
    if (code & 0x80000000u) return code;  // the failure bit; 0x00240001 (WU_S_SERVICE_STOP) is a success
  }
  return std::nullopt;
}

// A sortable key of a line's time: the ISO text and the milliseconds.
std::string time_key(const WuLogTime& t) {
  return t.iso + t.text.substr(std::min<std::size_t>(t.text.size(), 19));
}

void finish(WuSearch& s) {
  if (s.found)
    s.outcome = "found";
  else if (s.ended && s.error)
    s.outcome = "failed";
  else if (s.ended)
    s.outcome = "no_result";
  else
    s.outcome = "unfinished";
}

}  // namespace

const WuResultCode* wu_result_code(std::uint32_t code) {
  const auto it = std::lower_bound(std::begin(kCodes), std::end(kCodes), code,
                                   [](const WuResultCode& c, std::uint32_t v) { return c.code < v; });
  return it != std::end(kCodes) && it->code == code ? &*it : nullptr;
}

std::string format_hresult(std::uint32_t code) {
  char buf[11];
  std::snprintf(buf, sizeof buf, "0x%08X", code);
  return buf;
}

Result<WindowsUpdateLog> parse_windowsupdate_log(std::string_view text, const std::string& where, Diagnostics& diags) {
  WindowsUpdateLog out;
  std::deque<WuSearch> searches;
  std::deque<WuFailure> failures;
  std::optional<std::size_t> open;  // index in `searches` of the search not ended yet
  std::string open_pid;
  // The last failure since the last search line, for a search whose START is not in the log.
  std::optional<WuFailure> loose_failure;
  std::string loose_pid;
  std::string first_key, last_key;
  int line_no = 0;
  int warned = 0;

  auto push_search = [&](WuSearch s) {
    ++out.searches_total;
    searches.push_back(std::move(s));
    if (searches.size() > kMaxSearches) {
      searches.pop_front();
      if (open) open = *open == 0 ? std::nullopt : std::optional<std::size_t>(*open - 1);
    }
    return searches.size() - 1;
  };
  auto close_open = [&]() {
    if (open) finish(searches[*open]);
    open.reset();
  };

  for (const auto raw : text_util::split_lines(text)) {
    ++line_no;
    const std::string_view line = trim(raw);
    if (line.empty()) continue;
    std::string year, month, day, hh, mm, ss, ms, pid, tid, component, rest;
    if (!RE2::FullMatch(line, line_re(), &year, &month, &day, &hh, &mm, &ss, &ms, &pid, &tid, &component, &rest) ||
        !contract::valid_date(std::stoi(year), static_cast<unsigned>(std::stoi(month)),
                              static_cast<unsigned>(std::stoi(day))) ||
        std::stoi(hh) > 23 || std::stoi(mm) > 59 || std::stoi(ss) > 59) {
      ++out.unread_lines;
      if (warned < kMaxWarnedLines) {
        diags.warn(Errc::format, "not a WindowsUpdate.log line (date time pid tid component text)",
                   where + ":" + std::to_string(line_no));
      }
      ++warned;
      continue;
    }
    ++out.lines;
    WuLogTime time{year + "-" + month + "-" + day + " " + hh + ":" + mm + ":" + ss + (ms.empty() ? "" : ":" + ms),
                   year + "-" + month + "-" + day + "T" + hh + ":" + mm + ":" + ss};
    const std::string key = time_key(time);
    if (!out.first || key < first_key) out.first = time, first_key = key;
    if (!out.last || key > last_key) out.last = time, last_key = key;
    const std::string_view body = trim(rest);

    const bool agent = contract::equals_ci(component, "Agent");
    std::string word, caller, n_found, n_categories, id, version;
    if (agent && body.find("Finding updates") != std::string_view::npos &&
        RE2::PartialMatch(body, finding_re(), &word, &caller)) {
      if (word == "START") {
        close_open();
        WuSearch s;
        s.caller = caller;
        s.started = time;
        s.line = line_no;
        open = push_search(std::move(s));
        open_pid = pid;
      } else {
        if (!open) {
          WuSearch s;
          s.line = line_no;
          if (loose_failure && loose_pid == pid) s.error = loose_failure->code;
          open = push_search(std::move(s));
          open_pid = pid;
        }
        WuSearch& s = searches[*open];
        if (s.caller.empty()) s.caller = caller;
        s.ended = time;
        close_open();
      }
      loose_failure.reset();
      continue;
    }
    if (agent && body.find("Found") != std::string_view::npos &&
        RE2::PartialMatch(body, found_re(), &n_found, &n_categories)) {
      if (!open) {
        WuSearch s;
        s.line = line_no;
        open = push_search(std::move(s));
        open_pid = pid;
      }
      searches[*open].found = std::stoll(n_found);
      searches[*open].categories = std::stoll(n_categories);
      loose_failure.reset();
      continue;
    }
    // "* Online = Yes; Ignore download priority = No": the agent's first line inside every search; it opens
    // one whose START line is not in the log.
    if (agent && !open && starts_with_ci(body, "* Online = ")) {
      WuSearch s;
      s.line = line_no;
      open = push_search(std::move(s));
      open_pid = pid;
      continue;
    }
    if (agent && body.find("Added update") != std::string_view::npos && RE2::PartialMatch(body, added_re(), &id)) {
      if (!open) {
        WuSearch s;
        s.line = line_no;
        open = push_search(std::move(s));
        open_pid = pid;
      }
      auto& ids = searches[*open].update_ids;
      if (ids.size() < kMaxUpdateIds) ids.push_back(contract::ascii_upper(id));
      continue;
    }
    if (body.find("version") != std::string_view::npos || body.find("build:") != std::string_view::npos) {
      if (RE2::PartialMatch(body, version_re(), &version)) {
        out.agent_version = version;
        continue;
      }
    }
    if (!is_failure_text(body)) continue;
    const auto code = failure_code(body);
    if (!code) continue;
    WuFailure failure{time, component, *code, std::string(body.substr(0, kMaxFailureText)), line_no};
    ++out.failures_total;
    auto counted =
        std::find_if(out.codes.begin(), out.codes.end(), [&](const WuCodeCount& c) { return c.code == *code; });
    if (counted != out.codes.end()) {
      ++counted->count;
      if (key > time_key(counted->last)) counted->last = time;
      if (key < time_key(counted->first)) counted->first = time;
    } else if (out.codes.size() < kMaxCodes) {
      out.codes.push_back({*code, 1, time, time});
    } else {
      ++out.other_code_failures;
    }
    if (open && open_pid == pid && !searches[*open].error) searches[*open].error = *code;
    if (!open) loose_failure = failure, loose_pid = pid;
    failures.push_back(std::move(failure));
    if (failures.size() > kMaxFailures) failures.pop_front();
  }
  close_open();
  if (warned > kMaxWarnedLines) {
    diags.warn(Errc::format, std::to_string(warned - kMaxWarnedLines) + " more lines are not WindowsUpdate.log lines",
               where);
  }
  if (out.lines == 0) {
    return make_error(Errc::format,
                      "no WindowsUpdate.log line (yyyy-mm-dd hh:mm:ss:mmm pid tid component text): not the Windows "
                      "Update Agent's text log (Windows 10's Get-WindowsUpdateLog format is not read)",
                      where + ":1");
  }
  out.searches.assign(std::make_move_iterator(searches.begin()), std::make_move_iterator(searches.end()));
  out.failures.assign(std::make_move_iterator(failures.begin()), std::make_move_iterator(failures.end()));
  return out;
}

}  // namespace migready::parsers
