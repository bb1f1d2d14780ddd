#include "parsers/repadmin_showrepl.hpp"

#include <re2/re2.h>

#include "parsers/command_failure.hpp"
#include "parsers/support_tools_text.hpp"
#include "parsers/tool_language.hpp"

namespace migready::parsers {
namespace {

using support_tools::iso_local_time;
using support_tools::trim;

re2::StringPiece piece(std::string_view s) { return re2::StringPiece(s.data(), s.size()); }

// "Default-First-Site-Name\SBS01"
const RE2& dc_header() {
  static const RE2 re(R"(^(\S[^\\]*)\\(\S+?)\s*$)");
  return re;
}
// "DC Options: IS_GC "   "DC object GUID: ..."  (the DC's own, at column 0)
const RE2& dc_field() {
  static const RE2 re(R"(^(DC Options|Site Options|DC object GUID|DC invocationID)\s*:\s*(.*?)\s*$)");
  return re;
}
// "==== INBOUND NEIGHBORS ======================================"
const RE2& section() {
  static const RE2 re(R"(^\s*=+\s*(.*?)\s*=+\s*$)");
  return re;
}
// "DC=contoso,DC=local"   "CN=Configuration,DC=contoso,DC=local"
const RE2& naming_context() {
  static const RE2 re(R"(^((?:CN|DC|OU|O)=\S.*?)\s*$)");
  return re;
}
// "    Default-First-Site-Name\DC2 via RPC"
const RE2& neighbor() {
  static const RE2 re(R"(^\s+(\S.*?)\s+via\s+(\S+)\s*$)");
  return re;
}
// "        DC object GUID: 5a8e..."   (also the /verbose neighbor fields we do not keep)
const RE2& neighbor_field() {
  static const RE2 re(R"(^\s+(DC object GUID|Address|DC invocationID|USNs|SRC_DN|Last successful)\s*:\s*(.*?)\s*$)");
  return re;
}
// "        Last attempt @ 2026-11-24 10:00:01 was successful."
const RE2& attempt_ok() {
  static const RE2 re(R"(^\s*Last attempt @ (.*?) was successful\.?\s*$)");
  return re;
}
// "        Last attempt @ 2026-11-24 10:00:01 failed, result 1722 (0x6ba):"
const RE2& attempt_failed() {
  static const RE2 re(R"(^\s*Last attempt @ (.*?) failed, result (-?\d+)\s*(?:\(0x[0-9A-Fa-f]+\))?:?\s*$)");
  return re;
}
// "        12 consecutive failure(s)."
const RE2& consecutive() {
  static const RE2 re(R"(^\s*(\d+) consecutive failure\(s\)\.?\s*$)");
  return re;
}
// "        Last success @ 2026-10-01 08:00:00."
const RE2& last_success() {
  static const RE2 re(R"(^\s*Last success @ (.*?)\.?\s*$)");
  return re;
}
// "        SYNC_ON_STARTUP DO_SCHEDULED_SYNCS"  (/verbose replica flags)
const RE2& flags_line() {
  static const RE2 re(R"(^\s+[A-Z_]+(?:\s+[A-Z_]+)*\s*$)");
  return re;
}
// "Source: Default-First-Site-Name\DC2"
const RE2& summary_source() {
  static const RE2 re(R"(^Source:\s*(\S.*?)\s*$)");
  return re;
}
// "******* 12 CONSECUTIVE FAILURES since 2026-10-01 08:00:00"
const RE2& summary_failures() {
  static const RE2 re(R"(^\s*\*+\s*(\d+)\s+CONSECUTIVE FAILURES since\s+(.*?)\s*$)");
  return re;
}
// "Last error: 1722 (0x6ba):"
const RE2& summary_last_error() {
  static const RE2 re(R"(^\s*Last error:\s*(-?\d+)\s*(?:\(0x[0-9A-Fa-f]+\))?:?\s*$)");
  return re;
}
// "DsBindWithCred to DC2 failed with status 1722 (0x6ba):"   "[...repinfo.c, 482] LDAP error 81 (Server Down) ..."
const RE2& error_line() {
  static const RE2 re(R"((failed with status -?\d+|LDAP error \d+|Win32 Err \d+))");
  return re;
}

enum class Section { header, inbound, outbound, kcc, other };
enum class Expect { nothing, neighbor_message, summary_message, error_message };

}  // namespace

static Result<RepadminShowrepl> read_repadmin_showrepl(std::string_view text, const std::string& where,
                                                       Diagnostics& diags) {
  if (auto failure = command_failure(text)) {
    return make_error(Errc::format, "repadmin /showrepl did not run: " + *failure, where + ":1");
  }
  RepadminShowrepl out;
  bool seen_header = false;
  Section sect = Section::header;
  std::string nc;
  ReplNeighbor* nb = nullptr;
  ReplFailureSummary* summary = nullptr;
  Expect expect = Expect::nothing;
  const auto lines = support_tools::split_lines(text);

  for (std::size_t i = 0; i < lines.size(); ++i) {
    const int line_no = static_cast<int>(i) + 1;
    const std::string_view line = lines[i];
    if (support_tools::blank(line)) continue;
    const std::string_view body = trim(line);
    const re2::StringPiece p = piece(line);
    std::string a, b;
    std::int64_t code = 0;

    // The message under a "failed, result N (0x..):" line is the next line, indented.
    const Expect expected = expect;
    expect = Expect::nothing;
    if (expected != Expect::nothing && support_tools::indent_of(line) > 0) {
      if (expected == Expect::neighbor_message && nb != nullptr) {
        nb->result_message = std::string(body);
        continue;
      }
      if (expected == Expect::summary_message && summary != nullptr) {
        summary->last_error_message = std::string(body);
        continue;
      }
      if (expected == Expect::error_message && !out.errors.empty()) {
        out.errors.back() += " ";
        out.errors.back() += body;
        continue;
      }
    }

    if (RE2::FullMatch(p, section(), &a)) {
      if (a == "INBOUND NEIGHBORS") sect = Section::inbound;
      else if (a.rfind("OUTBOUND NEIGHBORS", 0) == 0) sect = Section::outbound;
      else if (a.rfind("KCC CONNECTION OBJECTS", 0) == 0) sect = Section::kcc;
      else sect = Section::other;
      nc.clear();
      nb = nullptr;
      continue;
    }
    if (RE2::FullMatch(p, summary_source(), &a)) {
      if (sect == Section::kcc) sect = Section::other;  // the summary follows the /all connection objects
      out.failure_summaries.push_back(ReplFailureSummary{});
      summary = &out.failure_summaries.back();
      summary->source = a;
      summary->line = line_no;
      nb = nullptr;
      continue;
    }
    if (sect == Section::kcc) continue;
    if (RE2::PartialMatch(p, error_line())) {
      out.errors.emplace_back(body);
      if (body.back() == ':') expect = Expect::error_message;
      continue;
    }
    if (summary != nullptr) {
      if (RE2::FullMatch(p, summary_failures(), &summary->consecutive_failures, &b)) {
        summary->since = b;
        summary->since_iso = iso_local_time(b);
        continue;
      }
      if (RE2::FullMatch(p, summary_last_error(), &code)) {
        summary->last_error_code = code;
        expect = Expect::summary_message;
        continue;
      }
    }
    if (sect == Section::header) {
      if (!seen_header && support_tools::indent_of(line) == 0 && RE2::FullMatch(p, dc_header(), &a, &b)) {
        seen_header = true;
        out.site = a;
        out.dc = b;
        continue;
      }
      if (RE2::FullMatch(p, dc_field(), &a, &b)) {
        if (a == "DC Options") out.dc_options = b;
        else if (a == "Site Options") out.site_options = b;
        else if (a == "DC object GUID") out.dc_object_guid = b;
        else out.dc_invocation_id = b;
        continue;
      }
      if (body.rfind("Repadmin: running command", 0) == 0) continue;  // later repadmin builds' banner
    }
    if (sect == Section::inbound || sect == Section::outbound) {
      if (support_tools::indent_of(line) == 0 && RE2::FullMatch(p, naming_context(), &a)) {
        nc = a;
        nb = nullptr;
        continue;
      }
      if (RE2::FullMatch(p, neighbor(), &a, &b)) {
        out.neighbors.push_back(ReplNeighbor{});
        nb = &out.neighbors.back();
        nb->direction = sect == Section::inbound ? "inbound" : "outbound";
        nb->naming_context = nc;
        nb->transport = b;
        nb->line = line_no;
        const auto slash = a.rfind('\\');
        if (slash != std::string::npos) {
          nb->source_site = a.substr(0, slash);
          nb->source_dc = a.substr(slash + 1);
        } else {
          nb->source_dc = a;
        }
        nb->source_deleted = a.find("(deleted DSA)") != std::string::npos;
        if (nc.empty()) {
          diags.warn(Errc::format, "neighbor outside a naming context", where + ":" + std::to_string(line_no));
        }
        continue;
      }
      if (nb != nullptr) {
        if (RE2::FullMatch(p, attempt_ok(), &a)) {
          nb->last_attempt = a;
          nb->last_attempt_iso = iso_local_time(a);
          nb->succeeded = true;
          continue;
        }
        if (RE2::FullMatch(p, attempt_failed(), &a, &code)) {
          nb->last_attempt = a;
          nb->last_attempt_iso = iso_local_time(a);
          nb->succeeded = false;
          nb->result_code = code;
          expect = Expect::neighbor_message;
          continue;
        }
        if (RE2::FullMatch(p, consecutive(), &nb->consecutive_failures)) continue;
        if (RE2::FullMatch(p, last_success(), &a)) {
          nb->last_success = a;
          nb->last_success_iso = iso_local_time(a);
          continue;
        }
        if (RE2::FullMatch(p, neighbor_field(), &a, &b)) {
          if (a == "DC object GUID") nb->object_guid = b;
          continue;
        }
        if (RE2::FullMatch(p, flags_line())) continue;
      }
    }
    diags.warn(Errc::format, "unrecognized repadmin /showrepl line", where + ":" + std::to_string(line_no));
  }

  if (!seen_header) {
    if (!out.errors.empty()) {
      return make_error(Errc::format, "repadmin could not read the DC: " + out.errors.front(), where + ":1");
    }
    return make_error(Errc::format, "no 'Site\\DC' header: not repadmin /showrepl output", where + ":1");
  }
  return out;
}

Result<RepadminShowrepl> parse_repadmin_showrepl(std::string_view text, const std::string& where, Diagnostics& diags,
                                                 std::optional<Language> expected) {
  return parse_english_only<RepadminShowrepl>("repadmin /showrepl", text, where, diags, expected,
                                              read_repadmin_showrepl);
}

}  // namespace migready::parsers
