// migready: the analyzer's command line. A thin layer over the libraries: it parses arguments, runs the
// pipeline (bundle -> facts -> rules -> report) and is the only place that maps errors to exit codes.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "bundle/bundle.hpp"
#include "cli/platform.hpp"
#include "core/text.hpp"
#include "facts/facts.hpp"
#include "hive/hive.hpp"
#include "hive/reg_export.hpp"
#include "parsers/registry.hpp"
#include "report/report.hpp"
#include "rules/rules.hpp"

#ifndef MIGREADY_VERSION
#define MIGREADY_VERSION "0.0.0"
#endif

namespace {

// Exit codes: stable, documented in --help and README.md.
constexpr int kExitClean = 0;     // analyzed; no error-severity findings
constexpr int kExitBlocking = 1;  // analyzed; at least one error (something blocks the migration)
constexpr int kExitInput = 2;     // a bundle or rule file could not be read
constexpr int kExitUsage = 64;    // the command line is wrong

constexpr const char* kUsage = R"(usage: migready <command> [options]

Checks a Windows SBS 2003 / Server 2003 source server, from the bundle its collector wrote, for everything
that would make a migration to Windows Server 2012 Essentials fail, and says how to fix it.

commands:
  analyze BUNDLE    print the ranked findings (errors block the migration, warnings risk it)
  facts BUNDLE      print everything read from the bundle, with its source, as JSON
  parse TOOL FILE   print what the TOOL parser reads from a loose output file, as JSON
                    (`migready parse list` lists the tools)
  rules list        list the rules (built in, plus --rules DIR)
  hive export FILE [KEY]
                    print a hive (binary regf, or .reg text) or its subtree KEY as a .reg export
                    (UTF-8, LF, keys and values sorted by name; see analyzer/hive/reg_export.hpp)
  hive walk FILE    visit every key and decode every value; print one line: keys, values, bytes
                    decoded and a checksum of the decoded data (bench/hive-walk times it)

options:
  --format text|json   report format for analyze (default: text)
  --rules DIR          also load DIR/*.json; a rule with a built-in id replaces it
  --no-color           plain text even on a terminal
  --code-page N        parse: the file's code page when it has no UTF-16 BOM (default 437)
  --prefix PATH        hive export: key headers as [PATH\Key] (default: [\Key], as hivexregedit);
                       also the root of a .reg FILE (e.g. 'HKEY_LOCAL_MACHINE\SYSTEM')
  -h, --help           this help
  --version            print the version

exit codes:
  0   analyzed, no errors       1   analyzed, errors found (migration blocked)
  2   unreadable bundle, rule, hive or .reg file, or no such KEY (the message says what and where)
  64  wrong command line
)";

struct Options {
  std::string command;
  std::vector<std::string> args;
  std::string format = "text";
  std::string rules_dir;
  std::uint32_t code_page = 437;
  std::string prefix;
  bool color = true;
};

int usage_error(const std::string& message) {
  std::cerr << "migready: " << message << "\n(run 'migready --help' for usage)\n";
  return kExitUsage;
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
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return migready::make_error(migready::Errc::io, std::strerror(errno), path);
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
    for (const auto& entry : parsers::parser_registry()) {
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
  const bool utf16 = bytes->size() >= 2 && static_cast<unsigned char>((*bytes)[0]) == 0xFF &&
                     static_cast<unsigned char>((*bytes)[1]) == 0xFE;
  // Binary formats (parser->binary, e.g. evt) get the raw bytes; everything else decoded text.
  const text::Decoded decoded = parser->binary ? text::Decoded{}
                                : utf16        ? text::decode_utf16le(*bytes)
                                               : text::decode_code_page(*bytes, o.code_page);
  Diagnostics diags;
  const std::string where = o.args[1].substr(o.args[1].find_last_of('/') + 1);
  if (decoded.lossy) diags.warn(Errc::format, "bytes not valid in the file's encoding were replaced", where);
  auto json = parser->parse_to_json(parser->binary ? std::string_view(*bytes) : std::string_view(decoded.utf8), where, diags);
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

void print_diagnostics(const migready::Diagnostics& diags) {
  // One write: std::cerr is unbuffered, so every << would be a system call of its own.
  std::string text;
  for (const auto& d : diags.entries()) {
    text.append("migready: warning: ").append(d.where.empty() ? "" : d.where + ": ").append(d.message).append("\n");
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
    std::cerr << "migready: unreadable hive: " << hive.error().to_string()
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
  auto written = hive::export_reg(
      *hive, o.args.size() == 3 ? o.args[2] : std::string(), options,
      [&](std::string_view chunk) {
        if (!write_failed && std::fwrite(chunk.data(), 1, chunk.size(), stdout) != chunk.size()) write_failed = true;
      },
      diags);
  print_diagnostics(diags);
  if (!written) {
    std::cerr << "migready: " << written.error().to_string() << "\n";
    return kExitInput;
  }
  if (std::fflush(stdout) != 0 || write_failed) {
    std::cerr << "migready: cannot write the export: " << std::strerror(errno) << "\n";
    return kExitInput;
  }
  return kExitClean;
}

int run(const Options& o) {
  using namespace migready;
  if (o.command == "parse") return run_parse(o);
  if (o.command == "hive") return run_hive(o);
  if (o.command == "rules") {
    if (o.args.size() != 1 || o.args[0] != "list") return usage_error("usage: migready rules list");
    auto rules = load_rules(o);
    if (!rules) {
      std::cerr << "migready: " << rules.error().to_string() << "\n";
      return kExitInput;
    }
    for (const auto& id : rules->ids()) std::cout << id << "\n";
    return kExitClean;
  }
  if (o.command != "analyze" && o.command != "facts") return usage_error("unknown command '" + o.command + "'");
  if (o.args.size() != 1) return usage_error(o.command + " takes exactly one BUNDLE");
  if (o.format != "text" && o.format != "json") return usage_error("--format must be text or json");

  auto rules = load_rules(o);
  if (!rules) {
    std::cerr << "migready: " << rules.error().to_string() << "\n";
    return kExitInput;
  }
  Diagnostics diags;
  auto opened = bundle::open_bundle(o.args[0], bundle::Limits{}, diags);
  if (!opened) {
    std::cerr << "migready: unreadable bundle: " << opened.error().to_string() << "\n";
    return kExitInput;
  }
  const bundle::Bundle& b = *opened;
  facts::Facts facts = facts::build_facts(b, diags);
  if (o.command == "facts") {
    std::cout << facts.to_json(true) << "\n";
    return kExitClean;
  }
  std::vector<rules::Finding> findings = report::collection_findings(b);
  for (auto& f : rules->evaluate(facts)) findings.push_back(std::move(f));
  const report::Report rep = report::make_report(b, std::move(findings), diags);
  if (o.format == "json") std::cout << report::render_json(rep);
  else std::cout << report::render_text(rep, o.color && platform::stdout_is_terminal());
  return rep.errors > 0 ? kExitBlocking : kExitClean;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
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
    } else if (a == "--format" || a == "--rules" || a == "--prefix") {
      if (i + 1 >= argc) return usage_error(a + " needs a value");
      (a == "--format" ? o.format : a == "--rules" ? o.rules_dir : o.prefix) = argv[++i];
    } else if (a == "--code-page") {
      if (i + 1 >= argc) return usage_error(a + " needs a number");
      const std::string value = argv[++i];
      if (value.empty() || value.size() > 5 || value.find_first_not_of("0123456789") != std::string::npos) {
        return usage_error("--code-page takes a Windows code page number, e.g. 437 or 850");
      }
      o.code_page = static_cast<std::uint32_t>(std::stoul(value));
    } else if (a.rfind("--", 0) == 0) {
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
  } catch (const std::exception& e) {
    // Out of memory or a defect: say so plainly rather than abort.
    std::cerr << "migready: internal error: " << e.what() << "\n";
    return kExitInput;
  }
}
