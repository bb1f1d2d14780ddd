// migready: the analyzer's command line. A thin layer over the libraries: it parses arguments, runs the
// pipeline (bundle -> facts -> rules -> report) and is the only place that maps errors to exit codes.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "bundle/bundle.hpp"
#include "cli/platform.hpp"
#include "facts/facts.hpp"
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
  rules list        list the rules (built in, plus --rules DIR)

options:
  --format text|json   report format for analyze (default: text)
  --rules DIR          also load DIR/*.json; a rule with a built-in id replaces it
  --no-color           plain text even on a terminal
  -h, --help           this help
  --version            print the version

exit codes:
  0   analyzed, no errors       1   analyzed, errors found (migration blocked)
  2   unreadable bundle or rule file (the message says what and where)
  64  wrong command line
)";

struct Options {
  std::string command;
  std::vector<std::string> args;
  std::string format = "text";
  std::string rules_dir;
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

int run(const Options& o) {
  using namespace migready;
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
    } else if (a == "--format" || a == "--rules") {
      if (i + 1 >= argc) return usage_error(a + " needs a value");
      (a == "--format" ? o.format : o.rules_dir) = argv[++i];
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
