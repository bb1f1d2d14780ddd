// The fix script (fix_script.hpp): the report's fix steps as a guarded, commented .cmd for cmd.exe on
// Windows Server 2003. Commands come filled and checked (rules/fix.hpp: only safe characters from the facts,
// a documented syntax from the rule); everything else from the bundle goes through comment_text().
#include "report/fix_script.hpp"

#include <algorithm>
#include <set>
#include <vector>

#include "rules/sections.hpp"

namespace migready::report {

namespace {

struct Entry {
  const rules::Finding* finding;
  const rules::FixStep* step;
};

// The steps in the document's order: section, then the rule's place, then the report's own order.
std::vector<Entry> ordered_steps(const Report& report) {
  std::vector<Entry> out;
  for (const auto& f : report.findings) {
    for (const auto& s : f.fix) out.push_back({&f, &s});
  }
  std::stable_sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
    const auto ra = rules::section_rank(a.finding->section), rb = rules::section_rank(b.finding->section);
    if (ra != rb) return ra < rb;
    return a.finding->rule_order < b.finding->rule_order;
  });
  return out;
}

class Script {
 public:
  void line(std::string_view s) {
    m_out.append(s);
    m_out += "\r\n";
  }
  void rem(std::string_view text) {
    // One rem line per line of text, wrapped at about 100 columns.
    std::string safe = comment_text(text);
    while (!safe.empty()) {
      std::size_t cut = safe.size();
      if (cut > 96) {
        cut = safe.rfind(' ', 96);
        if (cut == std::string::npos || cut < 40) cut = 96;
      }
      line("rem " + safe.substr(0, cut));
      safe.erase(0, cut);
      while (!safe.empty() && safe[0] == ' ') safe.erase(0, 1);
    }
  }
  std::string take() { return std::move(m_out); }

 private:
  std::string m_out;
};

// A literal for `echo`: commands hold no & | < > ^ ( ) (the loader and the filling refuse them), but % is
// doubled so that echo shows what runs.
std::string echo_text(std::string_view command) {
  std::string out;
  for (const char c : command) {
    out += c;
    if (c == '%') out += '%';
  }
  return out;
}

}  // namespace

std::string comment_text(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '&':
        out += '+';
        break;
      case '|':
        out += '/';
        break;
      case '<':
        out += '[';
        break;
      case '>':
        out += ']';
        break;
      case '^':
        out += '\'';
        break;
      case '%':
        out += "%%";
        break;
      case '\n':
      case '\r':
      case '\t':
        out += ' ';
        break;
      default:
        out += (u >= 0x20 && u < 0x7f) ? c : '?';
    }
  }
  return out;
}

std::size_t fix_script_steps(const Report& report) {
  std::set<std::string> seen;
  std::size_t n = 0;
  for (const auto& e : ordered_steps(report)) {
    if (!e.step->fillable || seen.insert(e.step->command).second) ++n;
  }
  return n;
}

std::string render_fix_script(const Report& report, const FixScriptOptions& options) {
  Script s;
  const std::vector<Entry> steps = ordered_steps(report);
  const std::size_t total = fix_script_steps(report);
  s.line("@echo off");
  s.rem("migready fix script: REVIEW EVERY STEP BEFORE YOU RUN IT. migready wrote it and never runs it.");
  s.rem("Bundle: " + options.bundle_label);
  s.rem("Host: " + report.computer_name + (report.dns_domain.empty() ? "" : "." + report.dns_domain) +
        "  Collected: " + report.collected_utc);
  s.rem("Generated: " + options.generated_utc + " by migready " + options.version);
  s.rem("Run it on that server, in a command prompt of a domain administrator.");
  s.rem("Each step checks the state first (read-only) and skips what is already done;");
  s.rem("before each change it asks, and only y runs it.");
  s.rem("Steps: " + std::to_string(total) + ", in the order of the migration document's sections.");
  s.line("setlocal EnableExtensions DisableDelayedExpansion");
  s.line("set \"MR_OUT=%TEMP%\\migready-fix-%RANDOM%.txt\"");
  s.line("set MR_CHANGED=0");
  if (steps.empty()) {
    s.line("echo The report has no step with a command: nothing to do.");
    s.line("endlocal");
    return s.take();
  }
  std::set<std::string> written;
  std::size_t n = 0;
  for (const auto& e : steps) {
    const rules::Finding& f = *e.finding;
    const rules::FixStep& step = *e.step;
    if (step.fillable && !written.insert(step.command).second) {
      s.line("");
      s.rem("(" + f.rule_id + ": " + step.title + " -- the same command as an earlier step, not repeated)");
      continue;
    }
    ++n;
    const std::string tag = "[" + std::to_string(n) + "/" + std::to_string(total) + "]";
    const std::string label = ":mr_step_" + std::to_string(n) + "_end";
    s.line("");
    s.rem("==== Step " + std::to_string(n) + " of " + std::to_string(total) + ": " + step.title);
    s.rem("For " + f.rule_id + (f.subject.empty() ? "" : " (" + f.subject + ")") + ": " + f.title);
    s.rem("Risk: " + step.risk);
    s.rem("Undo: " + step.undo);
    s.rem("Source of the syntax: " + step.source);
    if (!step.fillable) {
      s.rem("NOT FILLED IN: " + step.reason);
      s.rem("The command, to fill in by hand: " + step.command_template);
      s.line("echo " + comment_text(tag + " Not filled in (see the comments in this file): " + step.title));
      continue;
    }
    s.line("echo.");
    s.line("echo " + comment_text(tag + " " + step.title));
    if (step.guard.empty()) {
      s.rem("No check: " + step.repeatable);
    } else {
      s.line("set MR_DONE=1");
      for (const auto& c : step.guard) {
        s.line(c.command + " > \"%MR_OUT%\" 2>&1");
        // The words of each line, compared inside the loop: a %%-variable's text is never parsed again, so
        // output holding & or " cannot turn into a command; a word after the one compared ("NTP & echo x")
        // means it is not that value.
        const char last = static_cast<char>('a' + c.word);  // the word after the compared one
        const char at = static_cast<char>('a' + c.word - 1);
        s.line("set MR_HIT=0");
        s.line("for /f \"usebackq tokens=1-" + std::to_string(c.word + 1) +
               "\" %%a in (\"%MR_OUT%\") do if /i \"%%a\"==\"" + c.line + "\" if /i \"%%" + at + "\"==\"" + c.is +
               "\" if \"%%" + last + "\"==\"\" set MR_HIT=1");
        s.line("if \"%MR_HIT%\"==\"0\" set MR_DONE=0");
      }
      s.line("if \"%MR_DONE%\"==\"1\" echo " + tag + " Already done: skipped.");
      s.line("if \"%MR_DONE%\"==\"1\" goto " + label.substr(1));
    }
    s.line("echo " + tag + " Will run: " + echo_text(step.command));
    s.line("set MR_ANSWER=");
    s.line("set /p MR_ANSWER=Run it? Type y and Enter to run it, anything else skips: ");
    s.line("if /i not \"%MR_ANSWER%\"==\"y\" echo " + tag + " Skipped.");
    s.line("if /i not \"%MR_ANSWER%\"==\"y\" goto " + label.substr(1));
    s.line(step.command);
    s.line("if errorlevel 1 echo " + tag + " The command reported an error: read its message before going on.");
    s.line("set /a MR_CHANGED+=1");
    s.line(label);
  }
  s.line("");
  s.line("if exist \"%MR_OUT%\" del \"%MR_OUT%\"");
  s.line("echo.");
  s.line("echo Done: %MR_CHANGED% command(s) run. Collect again and analyze the new bundle.");
  s.line("endlocal");
  return s.take();
}

}  // namespace migready::report
