// migready: the analyzer's command line. A thin layer over the libraries: it parses arguments, runs the
// pipeline (bundle -> facts -> rules -> report) and is the only place that maps errors to exit codes.
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "bundle/bundle.hpp"
#include "cli/redact_key.hpp"
#include "cli/merge_command.hpp"
#include "bundle/sealed.hpp"
#include "cli/keygen.hpp"
#include "contract/civil_time.hpp"
#include "core/printable.hpp"
#include "core/text.hpp"
#include "facts/facts.hpp"
#include "hive/hive.hpp"
#include "hive/reg_export.hpp"
#include "parsers/parser_table.hpp"
#include "parsers/pasted.hpp"
#include "platform/platform.hpp"
#include "report/analyze.hpp"
#include "report/diff.hpp"
#include "report/fix_script.hpp"
#include "report/redact.hpp"
#include "report/report.hpp"
#include "report/verify.hpp"
#include "report/waivers.hpp"
#include "rules/rules.hpp"
#include "rules/sections.hpp"
#include "triage/triage.hpp"

#ifndef MIGREADY_VERSION
#define MIGREADY_VERSION "0.0.0"
#endif

namespace {

// Exit codes: stable, documented in --help and README.md.
constexpr int kExitClean = 0;     // analyzed; no finding at or above the --fail-on threshold
constexpr int kExitBlocking = 1;  // analyzed; findings at or above the threshold (default: errors)
constexpr int kExitInput = 2;     // a bundle or rule file could not be read, or the report not written
constexpr int kExitUsage = 2;     // the command line is wrong (the same code: the run could not start)

constexpr const char* kUsage = R"(usage: migready <command> [options]
       migready BUNDLE   (one file and nothing else: the same as `migready analyze BUNDLE`)

Checks a Windows SBS 2003 / Server 2003 source server, from the bundle its collector wrote, for everything
that would make a migration to Windows Server 2012 Essentials fail, and says how to fix it.

commands:
  analyze BUNDLE    the ranked findings (errors block the migration, warnings risk it) and a verdict
                    line; as text, JSON (docs/report-format.md) or one self-contained HTML page
  diff OLD NEW      what was fixed, what is new and what remains between two bundles of one server
                    (the scan-again loop); text, JSON or HTML; exit 1 while NEW has errors
  fix-script BUNDLE -o FILE
                    write the report's fix commands as one commented .cmd for Windows Server 2003
                    (CRLF, ASCII), in the document's order: each step checks the state first and skips
                    what is done, and asks (set /p, only y runs it) before each change; risk and undo
                    as comments; steps whose facts are missing are comments saying why. Review it
                    before you run it; migready never runs it. An existing FILE is kept unless --force
  verify BUNDLE     integrity only, for intake: archive, manifest schema, every artifact's size and
                    SHA-256; one line per problem; exit 0 intact, 1 problems, 2 unreadable
  facts BUNDLE      print everything read from the bundle, with its source, as JSON
  merge BUNDLE PARTIAL... -o NEW
                    one bundle from bundles of one host (a full run and `migready-collect.exe --only`
                    runs): per artifact the newest good copy, each with its provenance; what was taken
                    from where goes to standard error; refuses different hosts; exit 0 written, 2 not
  keygen [-o FILE]  a new key pair for sealed bundles (age X25519): the identity in age-keygen's format
                    to FILE (created readable by its owner only, never overwritten; without -o: standard
                    output) and the public key (age1...) for the collector's --encrypt-to on standard output
  triage PATH...    judge every bundle in PATH (files, and folders searched recursively for *.zip, *.tar,
                    *.tar.gz, *.tgz, *.cab, *.zip.age, *.age) in parallel; write each bundle's HTML and
                    JSON report and a summary ranked by readiness (index.html, summary.csv, summary.json)
                    to -o DIR
                    (docs/support-desk.md)
  parse TOOL FILE   print what the TOOL parser reads from a loose output file, as JSON
                    (`migready parse list` lists the tools); the file may be UTF-8 or UTF-16 with or
                    without BOM, else OEM (--code-page), and pasted: double-spaced, indented, padded,
                    with prompt lines (each clean-up a warning; docs/parsers.md, "Loose files")
  rules list        list the rules (built in, plus --rules DIR)
  rules show ID     everything about one rule: section, condition, facts read, message, remediation
  rules check DIR   validate every rule file in DIR (exit 0, or 2 with file:line errors)
  hive export FILE [KEY]
                    print a hive (binary regf, or .reg text) or its subtree KEY as a .reg export
                    (UTF-8, LF, keys and values sorted by name; see analyzer/hive/reg_export.hpp)
  hive walk FILE    visit every key and decode every value; print one line: keys, values, bytes
                    decoded and a checksum of the decoded data (bench/hive-walk times it)

  A bundle dropped on migready.exe in Explorer is analyzed as `migready analyze BUNDLE` (the text report);
  the window then waits for a key. Started from cmd or PowerShell, or with output redirected, it never waits.

analyze options:
  --format text|json|html
                       report format (default: text)
  -o FILE              write the report to FILE instead of standard output, atomically (a temporary
                       file beside it, renamed when complete: never a partial FILE)
  --fail-on error|warning|never
                       exit 1 when a finding is at or above this severity (default: error); never: exit 0
                       whatever is found
  --destination-tz NAME
                       the time zone the Destination Server will use, as Windows names it, e.g.
                       "W. Europe Standard Time" (fact destination.time_zone; rules compare it with
                       the source's time.zone.id and its names)
  --install-date YYYY-MM-DD
                       the planned Destination Server install date (fact plan.install_date)
  --no-color           no colours in text (also when NO_COLOR is set; colours only on a terminal)
  --waivers FILE       accepted risks (docs/report-format.md, "Waivers"): a waived finding moves to the
                       Accepted section and counts in neither the verdict nor the exit code. Without it
                       the file migready.waivers.json beside the bundle is used when there (one line on
                       standard error says so)
  --no-waivers         do not use the migready.waivers.json beside the bundle
  --as-of YYYY-MM-DD   judge the waivers' expiry on this day (default: today, UTC)
  --redact             a report to share outside: host, domain, user, DN, e-mail, IP and MAC values become
                       tokens (host-1a2b3c4d, …), the same value always the same token; findings, counts
                       and verdict unchanged (docs/report-format.md, "Redacted reports"). The key is
                       random and never leaves this run, unless --redact-key is given
  --redact-key FILE    --redact with the key in FILE (64 hex digits), created (owner-only) when missing:
                       the same FILE gives the same tokens in analyze, diff and triage
  (--destination-tz and --install-date apply to `facts` too; --format, -o, --rules, --destination-tz,
  --install-date, --no-color, --waivers (to both bundles; without it each bundle's own file), --no-waivers,
  --as-of, --redact and --redact-key to `diff`; --format text|json to `verify`)

triage options:
  -o DIR               the output folder (default: ./migready-triage; created when missing); reports go to
                       DIR/reports/NAME.html and .json, NAME after the bundle file (made unique)
  -j N                 N bundles at a time, one worker thread each (default: the number of CPUs)
  --bundle-timeout SECONDS
                       a bundle not judged SECONDS after its worker took it is a row "took longer than
                       SECONDS s; not analyzed" and the batch goes on (default: 300; 0: no limit). Fractions
                       are allowed (0.5)
  --fail-on error|warning|never
                       as for analyze, over every bundle (default: error)
  --rules, --destination-tz, --install-date, --as-of
                       as for analyze
  --waivers FILE       one waivers file for every bundle (its "host" field targets one server); without
                       it each bundle's own migready.waivers.json beside it, when there; --no-waivers: none
  --redact, --redact-key
                       as for analyze; with --redact every file is redacted, reports are named
                       reports/bundle-N.*, and the summary shows each bundle's file name, redacted
  A progress line (done/total, rate, ETA) goes to standard error when it is a terminal; one summary line
  goes to standard output. A bundle that cannot be read is a row with its error; the batch goes on.

sealed bundles (analyze, facts, verify, diff, triage):
  --identity FILE, -i FILE
                       an identity file (migready keygen, or age-keygen) that opens a sealed bundle: an
                       age-encrypted one, as `migready-collect.exe --encrypt-to` writes it (told by its
                       header, whatever its name); repeat for several keys. It is decrypted in memory,
                       under the same limits as a zip; a wrong key, a cut or altered file is refused with
                       the check that failed and its offset (docs/bundle-format.md, "Sealed bundles")

other options:
  --rules DIR          also load DIR/*.json; a rule with a built-in id replaces it
  --code-page N        parse: the file's OEM code page when it has no BOM and is neither UTF-16 nor
                       UTF-8 (default 437)
  --lang XX            parse: the language the output should be in (en, de, fr, es, it, nl, pt, ja), for
                       the tools read in several languages (`migready parse list` names them); its header
                       must agree. Without it the output's header decides; the JSON names the language
  --locale PICTURE|NAME
                       parse: how the server writes dates, so that dates whose order the text does not
                       fix (4/1/2019) get their ISO twin (`*_iso`): a short date picture such as
                       dd.MM.yyyy, d/M/yyyy, yyyy/MM/dd or M/d/yyyy, or one of en-US, en-GB, de-DE,
                       fr-FR, es-ES, it-IT, nl-NL, pt-BR, ja-JP (their Windows defaults; docs/parsers.md,
                       "Dates"). Without it such a date has no ISO value and a warning says why
  --prefix PATH        hive export: key headers as [PATH\Key] (default: [\Key], as hivexregedit);
                       also the root of a .reg FILE (e.g. 'HKEY_LOCAL_MACHINE\SYSTEM')
  -h, --help           this help
  --version            print the version

exit codes:
  0   done; analyze: nothing at or above the --fail-on threshold (default: no errors); diff: NEW has
      no errors; verify: the bundle is intact; triage: no bundle at or above the threshold
  1   analyze: findings at or above the threshold (by default: errors, the migration is blocked);
      diff: NEW still has errors (remaining or new); verify: problems found (hash, size, missing entry,
      an incomplete collection); triage: some bundle has findings at or above the threshold, or some
      bundle could not be read (whatever --fail-on: it was not judged)
  2   wrong command line, or an unreadable bundle, rule, hive or .reg file, no such KEY, or a report
      that could not be written (the message says what and where); triage: no bundle found, no such
      PATH, or the output folder (or a report in it) could not be written
)";

struct Options {
  std::string command;
  std::vector<std::string> args;
  std::string format = "text";
  std::string rules_dir;
  std::uint32_t code_page = 437;
  migready::parsers::ParseOptions parse;  // --locale, --lang
  std::string prefix;
  bool color = true;
  std::string output;                                             // -o FILE; "" = standard output
  std::optional<migready::rules::Severity> fail_on = migready::rules::Severity::error;  // nullopt: never
  bool fail_on_given = false;
  std::optional<std::string> destination_tz;
  std::optional<std::string> install_date;
  unsigned jobs = 0;  // triage -j N; 0: the number of CPUs
  std::optional<double> bundle_timeout;  // triage --bundle-timeout SECONDS
  bool force = false; // fix-script --force: replace an existing -o FILE
  std::string waivers_file;  // --waivers FILE; "" = the file beside the bundle, if any
  bool no_waivers = false;   // --no-waivers
  std::string as_of;         // --as-of YYYY-MM-DD; "" = today (UTC)
  bool redact = false;     // --redact (or --redact-key)
  std::string redact_key;  // --redact-key FILE; "" = a random key for this run
  std::vector<std::string> identities;  // --identity FILE...: keys for sealed bundles
};

// The key of --redact, or nullopt without it; `exit` is set when the key cannot be had.
std::optional<migready::report::RedactKey> redact_key(const Options& o, int& exit) {
  if (!o.redact) return std::nullopt;
  bool created = false;
  auto key = migready::cli::redaction_key(o.redact_key, created);
  if (!key) {
    std::cerr << "migready: cannot get the redaction key: " << key.error().to_string() << "\n";
    exit = kExitInput;
    return std::nullopt;
  }
  if (created) std::cerr << "migready: wrote a new redaction key to " << o.redact_key << " (keep it private)\n";
  return *key;
}

// The bundle limits, with the --identity keys loaded; nullopt (message printed) when a key file is unusable.
std::optional<migready::bundle::Limits> bundle_limits(const Options& o) {
  migready::bundle::Limits limits;
  if (o.identities.empty()) return limits;
  auto keys = migready::bundle::load_identities(o.identities);
  if (!keys) {
    std::cerr << "migready: cannot use the identity: " << keys.error().to_string() << "\n";
    return std::nullopt;
  }
  limits.identities = *keys;
  return limits;
}

// A Windows time zone name as the user types it: 1..128 bytes of valid UTF-8, no control characters, a
// letter somewhere, no leading or trailing space. Localized names ("Mitteleuropäische Zeit") are allowed.
bool valid_time_zone_name(const std::string& name) {
  if (name.empty() || name.size() > 128 || name.front() == ' ' || name.back() == ' ') return false;
  if (migready::text::sanitize_utf8(name).lossy) return false;
  bool letter = false;
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) return false;
    if (c >= 0x80 || std::isalpha(c)) letter = true;
  }
  return letter;
}

// YYYY-MM-DD, a real calendar date between 2000-01-01 and 2099-12-31.
bool valid_date(const std::string& date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  for (const std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (date[i] < '0' || date[i] > '9') return false;
  }
  const int year = std::stoi(date.substr(0, 4)), month = std::stoi(date.substr(5, 2)), day = std::stoi(date.substr(8, 2));
  return year >= 2000 && year <= 2099 &&
         migready::contract::valid_date(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

// A stage of a command that failed by an exception: out of memory (std::bad_alloc, which RapidJSON throws too:
// core/json.hpp) or a defect. run_command_line prints what() and exits kExitInput, as for an unreadable bundle.
class StageFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Runs `work`, one stage of a command on `bundle` ("analyzing", "writing the report of", ...): an exception
// becomes "out of memory while <stage> <bundle>", never a signal and never a bare "std::bad_alloc".
template <class Work>
auto stage(const char* what, const std::string& bundle, Work&& work) -> decltype(work()) {
  try {
    return work();
  } catch (const StageFailed&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw StageFailed(std::string("out of memory while ") + what + " " + bundle);
  } catch (const std::exception& e) {
    throw StageFailed(std::string("internal error while ") + what + " " + bundle + ": " + e.what());
  }
}

int usage_error(const std::string& message) {
  std::cerr << "migready: " << message << "\n(run 'migready --help' for usage)\n";
  return kExitUsage;
}

// The waivers for the bundle at `path` (report/waivers.hpp): --waivers FILE, else the file beside the bundle
// (said on standard error) unless --no-waivers. nullopt: none.
migready::Result<std::optional<migready::report::WaiverSet>> waivers_for(const Options& o, const std::string& path,
                                                                         const migready::rules::RuleSet& rules) {
  using migready::report::WaiverSet;
  if (o.no_waivers) return std::optional<WaiverSet>();
  std::string file = o.waivers_file;
  if (file.empty()) {
    file = migready::report::waivers_beside(path);
    if (file.empty()) return std::optional<WaiverSet>();
    std::cerr << "migready: using waivers " << file << "\n";
  }
  auto set = migready::report::load_waivers(file, migready::report::known_rules(rules));
  if (!set) return set.error();
  return std::optional<WaiverSet>(std::move(*set));
}

std::string as_of(const Options& o) {
  return o.as_of.empty() ? migready::report::today_utc() : o.as_of;
}

migready::Result<migready::rules::RuleSet> load_rules(const Options& o) {
  auto rules = migready::rules::RuleSet::builtin();
  if (!rules) return rules;
  if (!o.rules_dir.empty()) {
    if (auto r = rules->add_directory(o.rules_dir); !r) return r.error();
  }
  return rules;
}

// Reads a whole file of at most `limit` bytes.
migready::Result<std::string> read_file(const std::string& path, std::size_t limit) {
  std::FILE* f = migready::platform::open_file(path, "rb");
  if (f == nullptr) {
    const int error = errno;
    // Linux opens a folder and fails at the first read; Windows refuses to open it: one message for both.
    std::error_code ec;
    if (std::filesystem::is_directory(migready::platform::fs_path(path), ec)) {
      return migready::make_error(migready::Errc::io, "read error", path);
    }
    return migready::make_error(migready::Errc::io, std::strerror(error), path);
  }
  std::string data;
  char buffer[64 * 1024];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) {
    data.append(buffer, n);
    if (data.size() > limit) {
      std::fclose(f);
      return migready::make_error(migready::Errc::limit, "larger than " + std::to_string(limit) + " bytes", path);
    }
  }
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return migready::make_error(migready::Errc::io, "read error", path);
  return data;
}

int run_parse(const Options& o) {
  using namespace migready;
  if (o.args.size() == 1 && o.args[0] == "list") {
    for (const auto& entry : parsers::parser_table()) {
      std::cout << entry.tool << std::string(entry.tool.size() < 14 ? 14 - entry.tool.size() : 1, ' ')
                << entry.description << "\n";
    }
    return kExitClean;
  }
  if (o.args.size() != 2) return usage_error("usage: migready parse TOOL FILE (or: migready parse list)");
  const parsers::ParserEntry* parser = parsers::find_parser(o.args[0]);
  if (parser == nullptr) return usage_error("no parser for '" + o.args[0] + "' (see: migready parse list)");
  auto bytes = read_file(o.args[1], std::size_t{256} << 20);
  if (!bytes) {
    std::cerr << "migready: " << bytes.error().to_string() << "\n";
    return kExitInput;
  }
  Diagnostics diags;
  const std::string where(platform::file_name(o.args[1]));
  // Binary formats (parser->binary, e.g. evt) get the raw bytes. Text is a loose file of unknown origin: its
  // encoding is detected (said on stderr when guessed) and what pasting does to text is undone
  // (parsers/pasted.hpp), each clean-up a warning. stdout stays the parser's JSON.
  std::string text;
  if (!parser->binary) {
    const text::Detected decoded = text::decode_loose(*bytes, o.code_page);
    if (decoded.guessed()) {
      std::cerr << "migready: note: " << where << ": read as " << text::encoding_name(decoded.encoding, o.code_page)
                << "\n";
    }
    if (decoded.text.lossy) diags.warn(Errc::format, "bytes not valid in the file's encoding were replaced", where);
    parsers::Pasted pasted = parsers::normalize_pasted(decoded.text.utf8);
    for (const auto& note : pasted.notes) diags.warn(Errc::format, "pasted text: " + note, where);
    text = std::move(pasted.text);
  }
  if (o.parse.lang && parser->parse_localized_to_json == nullptr) {
    return usage_error("the " + std::string(parser->tool) + " parser reads English only: --lang does not apply");
  }
  auto json = parsers::run_parser(*parser, parser->binary ? std::string_view(*bytes) : std::string_view(text), where,
                                 o.parse, diags);
  for (const auto& d : diags.entries()) {
    std::cerr << "migready: warning: " << (d.where.empty() ? "" : d.where + ": ") << d.message << "\n";
  }
  if (!json) {
    std::cerr << "migready: " << json.error().to_string() << "\n";
    return kExitInput;
  }
  std::cout << *json;
  return kExitClean;
}

// rules list | rules show ID | rules check DIR.
int run_rules(const Options& o) {
  using namespace migready;
  const std::string sub = o.args.empty() ? "" : o.args[0];
  if (sub == "check") {
    if (o.args.size() != 2) return usage_error("usage: migready rules check DIR");
    const rules::CheckResult result = rules::RuleSet::check_directory(o.args[1]);
    for (const auto& e : result.errors) std::cerr << e.to_string() << "\n";
    // Ids the directory would replace when given as --rules DIR.
    std::vector<std::string> overrides;
    if (auto builtin = rules::RuleSet::builtin()) {
      for (const auto& id : result.ids) {
        if (builtin->info(id)) overrides.push_back(id);
      }
    }
    std::cout << o.args[1] << ": " << result.files << " file" << (result.files == 1 ? "" : "s") << ", " << result.rules
              << " rule" << (result.rules == 1 ? "" : "s") << " valid, " << result.errors.size() << " error"
              << (result.errors.size() == 1 ? "" : "s") << "\n";
    for (const auto& id : overrides) std::cout << "  " << id << " replaces the built-in rule of that id\n";
    return result.errors.empty() ? kExitClean : kExitInput;
  }
  const bool list = sub == "list" && o.args.size() == 1;
  const bool show = sub == "show" && o.args.size() == 2;
  if (!list && !show) return usage_error("usage: migready rules list | rules show ID | rules check DIR");
  auto loaded = load_rules(o);
  if (!loaded) {
    std::cerr << "migready: " << loaded.error().to_string() << "\n";
    return kExitInput;
  }
  if (list) {
    for (const auto& id : loaded->ids()) std::cout << id << "\n";
    return kExitClean;
  }
  const auto info = loaded->info(o.args[1]);
  if (!info) return usage_error("no rule '" + o.args[1] + "' (see: migready rules list)");
  const rules::Section* section = rules::find_section(info->section);
  auto indent = [](const std::string& text, const std::string& pad) {
    std::string out = pad;
    for (char c : text) out += c == '\n' ? "\n" + pad : std::string(1, c);
    return out;
  };
  std::cout << info->id << " (" << rules::severity_name(info->severity) << ")\n"
            << "  title:      " << info->title << "\n"
            << "  section:    " << info->section;
  if (section != nullptr) {
    std::cout << " (" << (section->number.empty() ? "" : std::string(section->number) + ". ") << section->title << ")";
  }
  std::cout << "\n  defined at: " << info->where << "\n";
  if (!info->for_each.empty()) {
    std::cout << "  for each:   element of " << info->for_each << " (one finding per element that matches)\n";
    if (!info->subject.empty()) std::cout << "  subject:    " << info->subject << "\n";
  }
  if (!info->cause.empty()) std::cout << "  cause:      " << info->cause << "\n";
  std::cout << "  reads:      ";
  for (std::size_t i = 0; i < info->facts.size(); ++i) std::cout << (i ? ", " : "") << info->facts[i];
  std::cout << "\n  when:\n" << (info->when.empty() ? "    (every element)" : indent(info->when, "    ")) << "\n"
            << "  message:\n" << indent(info->message, "    ") << "\n  remediation:\n";
  for (std::size_t i = 0; i < info->remediation.size(); ++i) {
    std::cout << "    " << i + 1 << ". " << info->remediation[i] << "\n";
  }
  if (!info->fix.empty()) std::cout << "  fix:\n";
  for (std::size_t i = 0; i < info->fix.size(); ++i) {
    const auto& f = info->fix[i];
    std::cout << "    " << i + 1 << ". " << f.title << "\n       " << f.command << "\n       source: " << f.source
              << "\n       syntax: " << f.syntax_source << "\n";
    for (const auto& c : f.guard) {
      std::cout << "       guard: " << c.command << " -> done if a line " << c.line << " has word " << c.word
                << " " << c.is << "\n";
    }
  }
  return kExitClean;
}

void print_diagnostics(const migready::Diagnostics& diags) {
  // One write: std::cerr is unbuffered, so every << would be a system call of its own.
  std::string text;
  for (const auto& d : diags.entries()) {
    // Names and text from the input (a hive's key names, a bundle's file names) reach the terminal escaped.
    text.append("migready: warning: ")
        .append(migready::text::printable(d.where.empty() ? d.message : d.where + ": " + d.message))
        .append("\n");
  }
  if (diags.dropped() > 0) text += "migready: warning: " + std::to_string(diags.dropped()) + " more warnings not shown\n";
  std::cerr << text;
}

// hive walk: every key, every value decoded by type (strings to UTF-8, DWORD/QWORD to numbers, the rest raw),
// in hive order. The FNV-1a checksum over what was decoded keeps the work from being optimised away and
// lets two runs (or two builds) be compared.
struct WalkStats {
  std::uint64_t keys = 0;
  std::uint64_t values = 0;
  std::uint64_t bytes = 0;
  std::uint64_t checksum = 14695981039346656037ull;
  void mix(const void* data, std::size_t size) {
    // In a local: through the unsigned char pointer the compiler must assume the member may change, and
    // would store it on every byte (a store-to-load round trip on FNV's serial chain).
    const auto* p = static_cast<const unsigned char*>(data);
    std::uint64_t h = checksum;
    for (std::size_t i = 0; i < size; ++i) h = (h ^ p[i]) * 1099511628211ull;
    checksum = h;
    bytes += size;
  }
  void mix_number(std::uint64_t v) {
    unsigned char le[8];
    for (int i = 0; i < 8; ++i) le[i] = static_cast<unsigned char>(v >> (8 * i));
    mix(le, sizeof le);
  }
};

// One pass over the hive through Hive::walk: one reused Value, decoded into reused buffers, so the walk
// allocates almost nothing per value.
class WalkVisitor final : public migready::hive::HiveVisitor {
 public:
  WalkStats stats;

  void key(const migready::hive::Key&, std::uint32_t) override { ++stats.keys; }
  bool wants_value_names() const override { return false; }  // only the data is checksummed

  void value(const migready::hive::Key&, const migready::hive::Value& v) override {
    using migready::hive::ValueType;
    ++stats.values;
    switch (v.type()) {
      case ValueType::sz:
      case ValueType::expand_sz:
      case ValueType::link:
        if (auto text = v.as_string(m_buffer)) { stats.mix(text->data(), text->size()); return; }
        break;
      case ValueType::multi_sz:
        // Each string followed by its NUL, so splits count.
        if (auto list = v.as_multi_sz(m_buffer)) { stats.mix(list->data(), list->size()); return; }
        break;
      case ValueType::dword:
      case ValueType::dword_big_endian:
        if (auto n = v.as_dword()) { stats.mix_number(*n); return; }
        break;
      case ValueType::qword:
        if (auto n = v.as_qword()) { stats.mix_number(*n); return; }
        break;
      default: break;
    }
    stats.mix(v.data().data(), v.data().size());  // other types, and typed values of the wrong length: raw
  }

 private:
  std::string m_buffer;
};

// hive export FILE [KEY] / hive walk FILE: the file is mapped, never copied; regf is recognised by its signature, anything
// else must be .reg text. Hive damage is warnings (partial output, exit 0); only an unusable file fails.
int run_hive(const Options& o) {
  using namespace migready;
  const bool walk = !o.args.empty() && o.args[0] == "walk";
  if (walk ? o.args.size() != 2 : (o.args.empty() || o.args[0] != "export" || o.args.size() < 2 || o.args.size() > 3)) {
    return usage_error(walk ? "usage: migready hive walk FILE" : "usage: migready hive export FILE [KEY] [--prefix PATH]");
  }
  const std::string& path = o.args[1];
  auto mapped = platform::map_file(path);
  if (!mapped) {
    std::cerr << "migready: unreadable hive: " << mapped.error().to_string() << "\n";
    return kExitInput;
  }
  const auto bytes = mapped->bytes();
  const std::string name = path.substr(path.find_last_of("/\\") + 1);
  Diagnostics diags;
  const bool regf = bytes.size() >= 4 && bytes[0] == 'r' && bytes[1] == 'e' && bytes[2] == 'g' && bytes[3] == 'f';
  // walk on regf: visited during open's own validating walk, so the hive is read once, not twice.
  WalkVisitor visitor;
  auto hive = regf ? (walk ? hive::Hive::open_regf(bytes, name, diags, visitor) : hive::Hive::open_regf(bytes, name, diags))
                   : hive::Hive::open_reg(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                                          name, o.prefix, diags);
  if (!hive) {
    print_diagnostics(diags);
    std::cerr << "migready: unreadable hive: " << migready::text::printable(hive.error().to_string())
              << (regf ? "" : " (neither a regf hive nor a .reg file)") << "\n";
    return kExitInput;
  }
  if (walk) {
    if (!regf) hive->walk(visitor);
    const WalkStats& s = visitor.stats;
    print_diagnostics(diags);
    char line[160];
    std::snprintf(line, sizeof line, "keys %llu values %llu bytes %llu checksum %016llx\n",
                  static_cast<unsigned long long>(s.keys), static_cast<unsigned long long>(s.values),
                  static_cast<unsigned long long>(s.bytes), static_cast<unsigned long long>(s.checksum));
    std::fputs(line, stdout);
    return kExitClean;
  }
  hive::RegExportOptions options;
  options.prefix = o.prefix;
  bool write_failed = false;
  // Through std::cout, which platform points at the console itself on Windows (UTF-8 shown on Windows 7 too);
  // elsewhere it writes straight to stdout.
  auto written = hive::export_reg(
      *hive, o.args.size() == 3 ? o.args[2] : std::string(), options,
      [&](std::string_view chunk) {
        if (!write_failed && !std::cout.write(chunk.data(), static_cast<std::streamsize>(chunk.size()))) {
          write_failed = true;
        }
      },
      diags);
  print_diagnostics(diags);
  if (!written) {
    std::cerr << "migready: " << migready::text::printable(written.error().to_string()) << "\n";
    return kExitInput;
  }
  if (!std::cout.flush() || write_failed) {
    std::cerr << "migready: cannot write the export: " << std::strerror(errno) << "\n";
    return kExitInput;
  }
  return kExitClean;
}

// Colour only for a person at a terminal who did not opt out (https://no-color.org: NO_COLOR non-empty).
bool use_color(const Options& o) {
  const char* no_color = std::getenv("NO_COLOR");
  return o.color && o.output.empty() && (no_color == nullptr || *no_color == '\0') &&
         migready::platform::stdout_takes_escapes();
}

// Writes a finished document to -o FILE (atomically) or standard output; false (after saying why) on failure.
bool emit(const Options& o, const std::string& text, const char* what) {
  if (!o.output.empty()) {
    if (auto written = migready::platform::write_file_atomically(o.output, text); !written) {
      std::cerr << "migready: cannot write the " << what << ": " << written.error().to_string() << "\n";
      return false;
    }
    return true;
  }
  std::cout << text << std::flush;
  if (!std::cout) {
    std::cerr << "migready: cannot write the " << what << " to standard output\n";
    return false;
  }
  return true;
}

// diff OLD NEW: both analyzed exactly as `analyze` would, then compared (report/diff.hpp).
int run_diff(const Options& o) {
  using namespace migready;
  if (o.args.size() != 2) return usage_error("usage: migready diff OLD NEW [--format text|json|html] [-o FILE]");
  if (o.format != "text" && o.format != "json" && o.format != "html") {
    return usage_error("--format must be text, json or html");
  }
  if (o.fail_on_given) return usage_error("--fail-on is an option of analyze (diff exits 1 while NEW has errors)");
  auto rules = load_rules(o);
  if (!rules) {
    std::cerr << "migready: " << rules.error().to_string() << "\n";
    return kExitInput;
  }
  const report::Plan plan{o.destination_tz, o.install_date};
  int exit = kExitClean;
  const auto key = redact_key(o, exit);
  if (exit != kExitClean) return exit;
  std::optional<report::Redactor> redactor;  // learns both bundles' names; applied after the comparison
  if (key) redactor.emplace(*key);
  std::optional<report::Report> reports[2];
  for (int i = 0; i < 2; ++i) {
    Diagnostics diags;  // reader notes belong to each report; the diff does not print them
    auto limits = bundle_limits(o);
    if (!limits) return kExitInput;
    const std::string& path = o.args[static_cast<std::size_t>(i)];
    auto analyzed = stage("analyzing", path, [&] {
      return report::analyze_file(path, *rules, plan, *limits, diags, redactor ? &*redactor : nullptr);
    });
    if (!analyzed) {
      std::cerr << "migready: unreadable bundle (" << (i == 0 ? "OLD" : "NEW")
                << "): " << migready::text::printable(analyzed.error().to_string()) << "\n";
      return kExitInput;
    }
    auto waivers = waivers_for(o, o.args[static_cast<std::size_t>(i)], *rules);
    if (!waivers) {
      std::cerr << "migready: invalid waivers: " << waivers.error().to_string() << "\n";
      return kExitInput;
    }
    if (*waivers) report::apply_waivers(*analyzed, **waivers, as_of(o));
    reports[i] = std::move(*analyzed);
  }
  const std::string text = stage("comparing", o.args[0] + " and " + o.args[1], [&] {
    report::Diff diff = report::make_diff(std::move(*reports[0]), std::move(*reports[1]));
    if (redactor) redactor->apply(diff);
    exit = report::new_ready(diff) ? kExitClean : kExitBlocking;
    return o.format == "json"   ? report::render_diff_json(diff)
           : o.format == "html" ? report::render_diff_html(diff)
                                : report::render_diff_text(diff, use_color(o));
  });
  if (!emit(o, text, "diff")) return kExitInput;
  return exit;
}

// verify BUNDLE: integrity only (report/verify.hpp).
int run_verify(const Options& o) {
  using namespace migready;
  if (o.args.size() != 1) return usage_error("usage: migready verify BUNDLE [--format text|json]");
  if (o.format != "text" && o.format != "json") return usage_error("verify: --format must be text or json");
  if (!o.output.empty() || o.fail_on_given) return usage_error("-o and --fail-on are not options of verify");
  Diagnostics diags;
  auto limits = bundle_limits(o);
  if (!limits) return kExitInput;
  auto verified = stage("verifying", o.args[0], [&] { return report::verify_bundle(o.args[0], *limits, diags); });
  if (!verified) {
    if (o.format == "json") {
      const std::string name = o.args[0].substr(o.args[0].find_last_of("/\\") + 1);
      emit(o, report::render_verify_error_json(name, verified.error()), "verification");
    }
    std::cerr << "migready: unreadable bundle: " << migready::text::printable(verified.error().to_string()) << "\n";
    return kExitInput;
  }
  const std::string text = stage("writing the verification of", o.args[0], [&] {
    return o.format == "json" ? report::render_verify_json(*verified) : report::render_verify_text(*verified);
  });
  if (!emit(o, text, "verification")) return kExitInput;
  return verified->intact() ? kExitClean : kExitBlocking;
}

int triage_exit(const Options& o, const migready::Result<migready::triage::Outcome>& outcome);

// triage PATH...: every bundle found, judged in parallel (migready::triage); reports and a ranked summary in
// -o DIR. Exit 1 also for an unreadable bundle: the desk must ask for it again.
int run_triage(const Options& o) {
  using namespace migready;
  if (o.args.empty()) {
    return usage_error("usage: migready triage PATH... [-o DIR] [-j N] [--rules DIR] [--fail-on error|warning|never]");
  }
  if (o.format != "text") return usage_error("triage writes HTML and JSON reports; --format is an option of analyze");
  if (!o.waivers_file.empty() && o.no_waivers) return usage_error("--waivers FILE and --no-waivers exclude each other");
  auto found = triage::find_bundles(o.args);
  if (!found) return usage_error("nothing to triage at " + found.error().to_string());
  if (found->empty()) {
    std::cerr << "migready: no bundle found (*.zip, *.tar, *.tar.gz, *.tgz, *.cab, *.zip.age, *.age) in the paths given\n";
    return kExitUsage;
  }
  auto rules = load_rules(o);
  if (!rules) {
    std::cerr << "migready: " << rules.error().to_string() << "\n";
    return kExitInput;
  }
  triage::Options t;
  t.output_dir = o.output.empty() ? "migready-triage" : o.output;
  auto limits = bundle_limits(o);
  if (!limits) return kExitInput;
  t.limits = *limits;
  t.workers = o.jobs != 0 ? o.jobs : platform::cpu_count();
  if (o.bundle_timeout) t.bundle_timeout_seconds = *o.bundle_timeout;
  t.plan = report::Plan{o.destination_tz, o.install_date};
  t.generator = std::string("migready ") + MIGREADY_VERSION;
  t.fail_on = !o.fail_on ? "never" : rules::severity_name(*o.fail_on);
  t.as_of = as_of(o);
  t.waivers_beside = !o.no_waivers;
  if (!o.waivers_file.empty()) {
    auto waivers = report::load_waivers(o.waivers_file, report::known_rules(*rules));
    if (!waivers) {
      std::cerr << "migready: invalid waivers: " << waivers.error().to_string() << "\n";
      return kExitInput;
    }
    t.waivers = std::move(*waivers);
  }
  int exit = kExitClean;
  t.redact = redact_key(o, exit);
  if (exit != kExitClean) return exit;
  // One updating line, only for a person watching (never into a log or a pipe). A console without escape
  // sequences (Windows 7's) gets the line padded over the last one instead of erased.
  const bool tty = platform::stderr_is_terminal();
  std::function<void(const triage::Progress&)> progress;
  if (tty && platform::stderr_takes_escapes()) {
    progress = [](const triage::Progress& p) { std::cerr << "\r\x1b[K" + triage::progress_line(p) << std::flush; };
  } else if (tty) {
    progress = [last = std::size_t{0}](const triage::Progress& p) mutable {
      std::string line = triage::progress_line(p);
      const std::size_t length = line.size();
      if (length < last) line.append(last - length, ' ');
      last = length;
      std::cerr << "\r" + line << std::flush;
    };
  }
  auto outcome = triage::run(*found, *rules, t, progress);
  if (tty) std::cerr << "\n";
  const int code = triage_exit(o, outcome);
  if (triage::abandoned_workers()) {
    // A worker is still busy with a bundle over its time budget: it cannot be stopped, and must not see the
    // rules (and the statics it uses) destroyed under it. Everything is written: end here.
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(code);
  }
  return code;
}

// The end of triage: the summary line, and the exit code.
int triage_exit(const Options& o, const migready::Result<migready::triage::Outcome>& outcome) {
  using namespace migready;
  if (outcome && outcome->waivers_beside_used > 0) {
    std::cerr << "migready: using waivers " << report::kDefaultWaiversName << " beside " << outcome->waivers_beside_used
              << " of " << outcome->rows.size() << " bundles\n";
  }
  if (!outcome) {
    std::cerr << "migready: cannot write the triage output: " << outcome.error().to_string() << "\n";
    return kExitInput;
  }
  std::size_t unreadable = 0, failing = 0;
  for (const auto& row : outcome->rows) {
    if (row.status == triage::TriageStatus::unreadable) ++unreadable;
    else if (triage::row_fails(row, o.fail_on)) ++failing;
  }
  std::cout << outcome->rows.size() << " bundle" << (outcome->rows.size() == 1 ? "" : "s") << ": " << failing
            << " at or above --fail-on " << (!o.fail_on ? "never" : rules::severity_name(*o.fail_on)) << ", "
            << unreadable << " unreadable"
            << (outcome->timed_out > 0 ? " (" + std::to_string(outcome->timed_out) + " over --bundle-timeout)" : "")
            << "; "
            << platform::path_utf8(platform::fs_path(o.output.empty() ? "migready-triage" : o.output) / "index.html")
            << "\n";
  if (outcome->reports_not_written) {
    std::cerr << "migready: some reports could not be written (see index.html)\n";
    return kExitInput;
  }
  return failing + unreadable > 0 ? kExitBlocking : kExitClean;
}

// fix-script BUNDLE -o FILE [--force]: the report's fix steps as a guarded .cmd (report/fix_script.hpp).
int run_fix_script(const Options& o) {
  using namespace migready;
  if (o.args.size() != 1) return usage_error("fix-script takes exactly one BUNDLE");
  if (o.output.empty()) return usage_error("fix-script needs -o FILE (the .cmd to write)");
  if (o.fail_on_given || o.format != "text") return usage_error("--format and --fail-on are options of analyze");
  std::error_code ec;
  if (!o.force && std::filesystem::exists(platform::fs_path(o.output), ec)) {
    std::cerr << "migready: " << o.output << " exists; a fix script may have been reviewed: give --force to "
              << "replace it\n";
    return kExitInput;
  }
  auto rules = load_rules(o);
  if (!rules) {
    std::cerr << "migready: " << rules.error().to_string() << "\n";
    return kExitInput;
  }
  Diagnostics diags;
  auto analyzed = stage("analyzing", o.args[0], [&] {
    return report::analyze_file(o.args[0], *rules, report::Plan{o.destination_tz, o.install_date},
                                bundle::Limits{}, diags);
  });
  if (!analyzed) {
    std::cerr << "migready: unreadable bundle: " << migready::text::printable(analyzed.error().to_string()) << "\n";
    return kExitInput;
  }
  // system_clock, not std::time: on mingw it comes through winpthreads' clock_gettime (GetSystemTimeAsFileTime,
  // already imported), where time() would add msvcrt's _time64 to migready.exe's imports.
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch());
  const report::FixScriptOptions options{std::string(platform::file_name(o.args[0])),
                                         contract::format_iso(static_cast<std::int64_t>(now.count())), MIGREADY_VERSION};
  const std::string script =
      stage("writing the fix script of", o.args[0], [&] { return report::render_fix_script(*analyzed, options); });
  if (!emit(o, script, "fix script")) return kExitInput;
  std::cout << report::fix_script_steps(*analyzed) << " step(s) written to " << o.output
            << ": review them before you run it on " << analyzed->computer_name << "\n";
  return kExitClean;
}

int run(const Options& o) {
  using namespace migready;
  if (o.force && o.command != "fix-script") return usage_error("--force is an option of fix-script");
  if (o.command == "keygen") {
    if (!o.args.empty() || !o.identities.empty()) return usage_error("usage: migready keygen [-o FILE]");
    return cli::run_keygen(o.output);
  }
  if (!o.identities.empty() && o.command != "analyze" && o.command != "facts" && o.command != "verify" &&
      o.command != "diff" && o.command != "triage") {
    return usage_error("--identity is an option of analyze, facts, verify, diff and triage");
  }
  if (o.command == "triage") return run_triage(o);
  if (o.jobs != 0) return usage_error("-j is an option of triage");
  if (o.bundle_timeout) return usage_error("--bundle-timeout is an option of triage");
  if (!o.waivers_file.empty() && o.no_waivers) return usage_error("--waivers FILE and --no-waivers exclude each other");
  if (o.command != "diff" && o.command != "analyze" && o.command != "facts" &&
      (!o.waivers_file.empty() || o.no_waivers || !o.as_of.empty())) {
    return usage_error("--waivers, --no-waivers and --as-of are options of analyze, diff and triage");
  }
  if (o.command == "diff") return run_diff(o);
  if (o.redact && o.command != "diff" && o.command != "analyze" && o.command != "facts") {
    return usage_error("--redact and --redact-key are options of analyze, diff and triage");
  }
  if (o.command == "verify") return run_verify(o);
  if (o.command == "merge") {
    return cli::run_merge(o.args, o.output,
                          o.format != "text" ? "--format" : o.fail_on_given ? "--fail-on" : !o.rules_dir.empty() ? "--rules" : "");
  }
  if (o.command == "parse") return run_parse(o);
  if (o.command == "hive") return run_hive(o);
  if (o.command == "rules") return run_rules(o);
  if (o.command == "fix-script") return run_fix_script(o);
  if (o.command != "analyze" && o.command != "facts") return usage_error("unknown command '" + o.command + "'");
  if (o.args.size() != 1) return usage_error(o.command + " takes exactly one BUNDLE");
  if (o.format != "text" && o.format != "json" && o.format != "html") {
    return usage_error("--format must be text, json or html");
  }
  if (o.command != "analyze" && (!o.output.empty() || o.fail_on_given || o.format != "text" || o.redact)) {
    return usage_error("-o, --format, --fail-on and --redact are options of analyze");
  }
  if (o.command != "analyze" && (!o.waivers_file.empty() || o.no_waivers || !o.as_of.empty())) {
    return usage_error("--waivers, --no-waivers and --as-of are options of analyze, diff and triage");
  }

  auto rules = load_rules(o);
  if (!rules) {
    std::cerr << "migready: " << rules.error().to_string() << "\n";
    return kExitInput;
  }
  const report::Plan plan{o.destination_tz, o.install_date};
  Diagnostics diags;
  auto limits = bundle_limits(o);
  if (!limits) return kExitInput;
  if (o.command == "facts") {
    auto text = stage("reading", o.args[0], [&]() -> Result<std::string> {
      auto opened = bundle::open_bundle(o.args[0], *limits, diags);
      if (!opened) return opened.error();
      facts::Facts facts = facts::build_facts(*opened, diags);
      report::add_plan_facts(facts, plan);
      return facts.to_json(true) + "\n";
    });
    if (!text) {
      std::cerr << "migready: unreadable bundle: " << migready::text::printable(text.error().to_string()) << "\n";
      return kExitInput;
    }
    std::cout << *text;
    return kExitClean;
  }
  auto waivers = waivers_for(o, o.args[0], *rules);
  if (!waivers) {
    std::cerr << "migready: invalid waivers: " << waivers.error().to_string() << "\n";
    return kExitInput;
  }
  int exit = kExitClean;
  const auto key = redact_key(o, exit);
  if (exit != kExitClean) return exit;
  std::optional<report::Redactor> redactor;
  if (key) redactor.emplace(*key);
  auto analyzed = stage("analyzing", o.args[0], [&] {
    return report::analyze_file(o.args[0], *rules, plan, *limits, diags, redactor ? &*redactor : nullptr);
  });
  if (!analyzed) {
    std::cerr << "migready: unreadable bundle: " << migready::text::printable(analyzed.error().to_string()) << "\n";
    return kExitInput;
  }
  const report::Report& rep = *analyzed;
  const std::string text = stage("writing the report of", o.args[0], [&] {
    if (*waivers) report::apply_waivers(*analyzed, **waivers, as_of(o));
    if (redactor) redactor->apply(*analyzed);  // after judging: findings, counts and verdict are unchanged
    return o.format == "json"   ? report::render_json(rep)
           : o.format == "html" ? report::render_html(rep)
                                : report::render_text(rep, use_color(o));
  });
  if (!emit(o, text, "report")) return kExitInput;
  const bool fails = o.fail_on && report::count_at_or_above(rep, *o.fail_on) > 0;
  return fails ? kExitBlocking : kExitClean;
}

constexpr const char* kCommands[] = {"analyze", "diff",  "verify", "facts",      "triage", "parse",
                                     "rules",   "hive",  "merge",  "fix-script", "keygen"};

// A bundle dropped on migready.exe (Explorer starts it with the file's path as its one argument), or typed as
// `migready FILE`: exactly one argument, not a command or an option, that names an existing regular file.
bool is_dropped_file(const std::vector<std::string>& args) {
  if (args.size() != 1 || args[0].empty() || args[0][0] == '-') return false;
  for (const char* command : kCommands) {
    if (args[0] == command) return false;
  }
  std::error_code ec;
  return std::filesystem::is_regular_file(migready::platform::fs_path(args[0]), ec) && !ec;
}

int run_command_line(const std::vector<std::string>& args) {
  Options o;
  std::vector<std::string> positional;
  const std::size_t count = args.size();
  for (std::size_t i = 0; i < count; ++i) {
    const std::string a = args[i];
    if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return kExitClean;
    }
    if (a == "--version") {
      std::cout << "migready " << MIGREADY_VERSION << "\n";
      return kExitClean;
    }
    if (a == "--no-color") {
      o.color = false;
    } else if (a == "--force") {
      o.force = true;
    } else if (a == "--no-waivers") {
      o.no_waivers = true;
    } else if (a == "--waivers") {
      if (i + 1 >= count || args[i + 1].empty()) return usage_error(a + " needs a file name");
      o.waivers_file = args[++i];
    } else if (a == "--as-of") {
      if (i + 1 >= count) return usage_error(a + " needs a date");
      const std::string value = args[++i];
      if (!migready::report::valid_iso_date(value)) {
        return usage_error("--as-of takes the day to judge waivers' expiry on as YYYY-MM-DD (2000-2099); got '" +
                           value + "'");
      }
      o.as_of = value;
    } else if (a == "--redact") {
      o.redact = true;
    } else if (a == "--redact-key") {
      if (i + 1 >= count || args[i + 1].empty()) return usage_error(a + " needs a key file");
      o.redact = true;
      o.redact_key = args[++i];
    } else if (a == "--format" || a == "--rules" || a == "--prefix" || a == "-o") {
      if (i + 1 >= count) return usage_error(a + " needs a value");
      (a == "--format" ? o.format : a == "--rules" ? o.rules_dir : a == "-o" ? o.output : o.prefix) = args[++i];
      if (a == "-o" && o.output.empty()) return usage_error("-o needs a file name");
    } else if (a == "--identity" || a == "-i") {
      if (i + 1 >= count || args[i + 1].empty()) return usage_error(a + " needs an identity file");
      o.identities.push_back(args[++i]);
    } else if (a == "--fail-on") {
      if (i + 1 >= count) return usage_error(a + " needs a value: error, warning or never");
      const std::string value = args[++i];
      if (value == "error") o.fail_on = migready::rules::Severity::error;
      else if (value == "warning") o.fail_on = migready::rules::Severity::warning;
      else if (value == "never") o.fail_on = std::nullopt;
      else return usage_error("--fail-on takes error, warning or never, not '" + value + "'");
      o.fail_on_given = true;
    } else if (a == "--destination-tz") {
      if (i + 1 >= count) return usage_error(a + " needs a time zone name");
      const std::string value = args[++i];
      if (!valid_time_zone_name(value)) {
        return usage_error("--destination-tz takes a Windows time zone name, e.g. \"W. Europe Standard Time\" "
                           "(1 to 128 characters, no control characters)");
      }
      o.destination_tz = value;
    } else if (a == "--install-date") {
      if (i + 1 >= count) return usage_error(a + " needs a date");
      const std::string value = args[++i];
      if (!valid_date(value)) {
        return usage_error("--install-date takes the planned install date as YYYY-MM-DD (a real date, "
                           "2000-2099), e.g. 2026-12-15; got '" + value + "'");
      }
      o.install_date = value;
    } else if (a == "-j" || a == "--jobs") {
      if (i + 1 >= count) return usage_error(a + " needs a number of workers");
      const std::string value = args[++i];
      if (value.empty() || value.size() > 4 || value.find_first_not_of("0123456789") != std::string::npos ||
          std::stoul(value) < 1 || std::stoul(value) > 1024) {
        return usage_error("-j takes a number of workers from 1 to 1024, not '" + value + "'");
      }
      o.jobs = static_cast<unsigned>(std::stoul(value));
    } else if (a == "--bundle-timeout") {
      if (i + 1 >= count) return usage_error(a + " needs a number of seconds");
      const std::string value = args[++i];
      char* end = nullptr;
      const double seconds = value.empty() || value.find_first_not_of("0123456789.") != std::string::npos
                                 ? -1
                                 : std::strtod(value.c_str(), &end);
      if (seconds < 0 || seconds > 86400 || end == nullptr || *end != '\0') {
        return usage_error("--bundle-timeout takes a number of seconds from 0 (no limit) to 86400, e.g. 300 or "
                           "0.5; got '" + value + "'");
      }
      o.bundle_timeout = seconds;
    } else if (a == "--lang") {
      if (i + 1 >= count) return usage_error(a + " needs a language");
      const std::string value = args[++i];
      o.parse.lang = migready::parsers::parse_language(value);
      if (!o.parse.lang) return usage_error("--lang takes one of en, de, fr, es, it, nl, pt, ja; got '" + value + "'");
    } else if (a == "--locale") {
      if (i + 1 >= count) return usage_error(a + " needs a short date picture or a locale name");
      const std::string value = args[++i];
      o.parse.dates = migready::parsers::conventions_for_locale(value);
      if (!o.parse.dates) {
        return usage_error("--locale takes a short date picture of d, M and y with / . - or blanks between "
                           "(dd.MM.yyyy, M/d/yyyy; M is the month, m would be minutes) or one of en-US, en-GB, "
                           "de-DE, fr-FR, es-ES, it-IT, nl-NL, pt-BR, ja-JP; got '" + value + "'");
      }
    } else if (a == "--code-page") {
      if (i + 1 >= count) return usage_error(a + " needs a number");
      const std::string value = args[++i];
      if (value.empty() || value.size() > 5 || value.find_first_not_of("0123456789") != std::string::npos) {
        return usage_error("--code-page takes a Windows code page number, e.g. 437 or 850");
      }
      o.code_page = static_cast<std::uint32_t>(std::stoul(value));
    } else if (a.rfind("-", 0) == 0 && a.size() > 1) {
      return usage_error("unknown option '" + a + "'");
    } else {
      positional.push_back(a);
    }
  }
  if (positional.empty()) return usage_error("no command given");
  o.command = positional.front();
  o.args.assign(positional.begin() + 1, positional.end());
  try {
    return run(o);
  } catch (const StageFailed& e) {
    std::cerr << "migready: " << e.what() << "\n";
    return kExitInput;
  } catch (const std::bad_alloc&) {
    std::cerr << "migready: out of memory\n";
    return kExitInput;
  } catch (const std::exception& e) {
    // Out of memory or a defect: say so plainly rather than abort.
    std::cerr << "migready: internal error: " << e.what() << "\n";
    return kExitInput;
  }
}

}  // namespace

int main(int argc, char** argv) {
  migready::platform::console_setup();
  const std::vector<std::string> args = migready::platform::arguments(argc, argv);
  const bool dropped = is_dropped_file(args);
  const int code = run_command_line(dropped ? std::vector<std::string>{"analyze", args[0]} : args);
  // Explorer's way to start it (double-clicked, or a bundle dropped on it): keep the window open to be read.
  if (args.empty() || dropped) migready::platform::hold_console_window();
  return code;
}
