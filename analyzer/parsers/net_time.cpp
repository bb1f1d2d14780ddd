#include "parsers/net_time.hpp"

#include <re2/re2.h>

#include <array>
#include <memory>

#include "parsers/command_failure.hpp"
#include "parsers/text_util.hpp"
#include "parsers/tool_language.hpp"

namespace migready::parsers {
namespace {

using text_util::trim;

// One language's lines. A pattern left empty is a line no real sample of that language showed.
struct Phrases {
  Language language;
  const char* current;         // (server) (time)
  const char* local;           // (zone) (server) (time)
  std::string_view completed;  // the success line
  const char* system_error;    // (N)
  const char* helpmsg;         // (N)
  std::string_view no_time_server;
};

constexpr std::array<Phrases, 2> kPhrases = {{
    // "Current time at \\SBS01 is 11/25/2026 3:30:05 PM"; "Local time (GMT+01:00) at \\SBS01 is ..."
    {Language::en, R"(^Current time at \\*(\S+) is (.*?)\s*$)", R"(^Local time \(([^)]*)\) at \\*(\S+) is (.*?)\s*$)",
     "The command completed successfully.", R"(^System error (\d+) has occurred\.\s*$)",
     R"(^More help is available by typing NET HELPMSG (\d+)\.\s*$)", "Could not locate a time-server."},
    // "L'heure en cours sur \\lilou2k est 4/5/2001 12:52 AM" (Windows 2000, French; SOURCES.md)
    {Language::fr, R"(^L'heure en cours sur \\*(\S+) est (.*?)\s*$)", "", "La commande s'est terminée correctement.",
     "", "", ""},
}};

constexpr std::array<Language, kPhrases.size()> kKnown = {Language::en, Language::fr};

// The compiled patterns of one table (an empty pattern stays null).
struct Compiled {
  std::unique_ptr<RE2> current, local, system_error, helpmsg;
};
const Compiled& compiled(std::size_t i) {
  static const std::array<Compiled, kPhrases.size()> all = [] {
    std::array<Compiled, kPhrases.size()> out;
    auto make = [](const char* p) { return *p ? std::make_unique<RE2>(p) : nullptr; };
    for (std::size_t k = 0; k < kPhrases.size(); ++k) {
      out[k] = {make(kPhrases[k].current), make(kPhrases[k].local), make(kPhrases[k].system_error),
                make(kPhrases[k].helpmsg)};
    }
    return out;
  }();
  return all[i];
}

bool matches(const std::unique_ptr<RE2>& re, const re2::StringPiece& line) {
  return re && RE2::FullMatch(line, *re);
}

// The table whose fixed phrase the line is, if any.
std::optional<std::size_t> table_of(std::string_view line) {
  const re2::StringPiece piece(line.data(), line.size());
  for (std::size_t k = 0; k < kPhrases.size(); ++k) {
    const Phrases& p = kPhrases[k];
    const Compiled& c = compiled(k);
    if (matches(c.current, piece) || matches(c.local, piece) || matches(c.system_error, piece) ||
        matches(c.helpmsg, piece) || (!p.completed.empty() && line == p.completed) ||
        (!p.no_time_server.empty() && line == p.no_time_server)) {
      return k;
    }
  }
  return std::nullopt;
}

}  // namespace

Result<NetTime> parse_net_time(std::string_view text, const std::string& where, Diagnostics& diags,
                               std::optional<Language> expected) {
  if (auto failure = command_failure(text)) {
    return make_error(Errc::format, "net time did not run: " + *failure, where + ":1");
  }
  const std::vector<std::string_view> lines = text_util::split_lines(text);
  std::optional<std::size_t> table;
  for (const std::string_view raw : lines) {
    if ((table = table_of(trim(raw)))) break;
  }
  auto settled =
      settle_language("net time", expected, table ? std::optional<Language>(kPhrases[*table].language) : std::nullopt,
                      kKnown, where + ":1");
  if (!settled) return std::move(settled).error();
  if (!table) {
    return make_error(Errc::format, "no 'Current time at' line nor a net time error: not net time output",
                      where + ":1");
  }
  const Phrases& p = kPhrases[*table];
  const Compiled& c = compiled(*table);
  NetTime out;
  out.language = p.language;
  bool want_message = false;  // the line after "System error N has occurred." says what it was
  int line_no = 0;
  for (const std::string_view raw : lines) {
    const std::string_view line = trim(raw);
    ++line_no;
    if (line.empty()) continue;
    const re2::StringPiece piece(line.data(), line.size());
    std::string a, b, d;
    int n = 0;
    if (c.current && RE2::FullMatch(piece, *c.current, &a, &b)) {
      out.server = a;
      out.time_text = b;
    } else if (c.local && RE2::FullMatch(piece, *c.local, &a, &b, &d)) {
      out.local_zone = a;
      if (out.server.empty()) out.server = b;
      out.local_time_text = d;
    } else if (line == p.completed) {
      out.completed = true;
    } else if (c.system_error && RE2::FullMatch(piece, *c.system_error, &n)) {
      out.system_error = n;
      want_message = true;
      continue;
    } else if (c.helpmsg && RE2::FullMatch(piece, *c.helpmsg, &n)) {
      out.helpmsg = n;
    } else if (!p.no_time_server.empty() && line == p.no_time_server) {
      out.error = std::string(line);
    } else if (want_message) {
      out.error = std::string(line);
    } else {
      diags.warn(Errc::format, "unrecognized net time line", where + ":" + std::to_string(line_no));
    }
    want_message = false;
  }
  if (out.system_error && out.error.empty()) out.error = "System error " + std::to_string(*out.system_error);
  return out;
}

}  // namespace migready::parsers
