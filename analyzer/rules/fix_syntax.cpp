// The documented syntaxes a fix command may take (fix.hpp), and what a fact's value may hold to go into one.
// Each entry is one command form as Microsoft documents it for Windows Server 2003, with where; a command
// template that matches none is a load error, so a typo such as "start=auto" (sc needs the space after
// "start=") never reaches a report or a script. Placeholders ({...}) stand for one argument.
#include <re2/re2.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rules/fix.hpp"

namespace migready::rules {

namespace {

struct Syntax {
  const char* pattern;  // RE2, matched against the whole template with each {...} replaced by "\x01"
  const char* source;   // where the syntax is documented
};

// An argument: a placeholder, a word without quotes, or a quoted string.
#define ARG R"((?:"[^"\x01]*(?:\x01[^"\x01]*)*"|[^\s"]+))"
#define SVC R"((?:"[A-Za-z0-9_$.\x01 -]+"|[A-Za-z0-9_$.\x01-]+))"
#define KEY R"((?:"HKLM\\[^"]+"|HKLM\\[^\s"]+))"

const Syntax kCommandSyntaxes[] = {
    // sc config NAME start= {auto|demand|disabled}: the space after "start=" is required.
    {"sc config " SVC " start= (?:auto|demand|disabled)", "https://technet.microsoft.com/en-us/library/cc739213"},
    {"sc qc " SVC,
     "https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-server-2008-R2-and-2008/"
     "cc742055(v=ws.10)"},
    {"sc query " SVC,
     "https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-server-2008-R2-and-2008/"
     "dd228922(v=ws.10)"},
    {"net (?:start|stop) " SVC, "http://technet.microsoft.com/en-us/library/cc778920(v=ws.10).aspx"},
    {"w32tm /config /manualpeerlist:" ARG " /syncfromflags:manual /reliable:yes /update",
     "https://support.microsoft.com/kb/816042"},
    {"w32tm /config /syncfromflags:domhier /reliable:no /update", "https://support.microsoft.com/kb/816042"},
    {"w32tm /resync /rediscover", "https://support.microsoft.com/kb/816042"},
    {"reg query " KEY " /v " ARG,
     "https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/reg-query"},
    {"reg add " KEY " /v " ARG " /t (?:REG_SZ|REG_DWORD) /d " ARG " /f",
     "https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-server-2012-r2-and-2012/"
     "cc742162(v=ws.11)"},
    {R"(ren %systemroot%\\[^\s"]+ [^\s"\\/:]+)", "http://go.microsoft.com/FWLink/p/?LinkID=118672"},
    {R"(dir /b /ad %systemroot%\\[^\s"]+)", "https://technet.microsoft.com/en-us/library/cc773112(v=ws.10).aspx"},
};

#undef ARG
#undef SVC
#undef KEY

}  // namespace

SyntaxMatch check_command_syntax(std::string_view command_template) {
  std::string shape;
  for (std::size_t i = 0; i < command_template.size(); ++i) {
    if (command_template[i] == '{') {
      const std::size_t close = command_template.find('}', i);
      if (close == std::string_view::npos) return {false, "", "a '{' is not closed"};
      shape += '\x01';
      i = close;
    } else {
      shape += command_template[i];
    }
  }
  static const std::vector<std::unique_ptr<RE2>> compiled = [] {
    std::vector<std::unique_ptr<RE2>> out;
    for (const auto& s : kCommandSyntaxes) out.push_back(std::make_unique<RE2>(s.pattern));
    return out;
  }();
  for (std::size_t i = 0; i < compiled.size(); ++i) {
    if (compiled[i]->ok() && RE2::FullMatch(shape, *compiled[i])) return {true, kCommandSyntaxes[i].source, ""};
  }
  return {false, "",
          "matches no documented command form (sc config NAME start= auto|demand|disabled, sc qc|query NAME, "
          "net start|stop NAME, w32tm /config ... /update, w32tm /resync /rediscover, reg query KEY /v NAME, "
          "reg add KEY /v NAME /t REG_SZ|REG_DWORD /d DATA /f, ren %systemroot%\\PATH NAME, dir /b /ad "
          "%systemroot%\\PATH: analyzer/rules/fix_syntax.cpp)"};
}

std::optional<std::string> unsafe_in_command(std::string_view value, bool quoted) {
  if (value.empty()) return std::string("is empty");
  if (value.size() > 256) return std::string("is longer than 256 characters");
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return std::string("holds a control character (a line break, a tab)");
    if (u > 0x7e) return std::string("holds a character outside ASCII");
    static constexpr std::string_view kSpecial = "&|<>^%\"!()`";
    if (kSpecial.find(c) != std::string_view::npos) {
      return "holds '" + std::string(1, c) + "', which cmd.exe would read as part of a command";
    }
    if (!quoted && std::string_view(" ,;=").find(c) != std::string_view::npos) {
      return "holds '" + std::string(1, c) + "', which would split the argument it fills";
    }
  }
  return std::nullopt;
}

}  // namespace migready::rules
