#include "parsers/vssadmin_writers.hpp"

#include <re2/re2.h>

#include "contract/ascii.hpp"
#include "parsers/command_failure.hpp"
#include "parsers/text_util.hpp"

namespace migready::parsers {
namespace {

using text_util::trim;

// "vssadmin 1.1 - Volume Shadow Copy Service administrative command-line tool" (every language)
const RE2& header_re() {
  static const RE2 re(R"(^vssadmin\s+\d+\.\d+\b.*$)");
  return re;
}
// "(C) Copyright 2001 Microsoft Corp.", "(C) Copyright 2001-2013 Microsoft Corp."
const RE2& copyright_re() {
  static const RE2 re(R"(^\(C\)\s+Copyright\b.*$)");
  return re;
}
// "Writer name: 'System Writer'", "Nom du rédacteur : 'System Writer'"
const RE2& name_re() {
  static const RE2 re(R"(^[^:']+:\s*'(.*)'$)");
  return re;
}
// "Writer Id: {e8132975-6f93-4464-a53e-1050253ae220}"
const RE2& guid_re() {
  static const RE2 re(R"(^[^:]+:\s*(\{[0-9A-Fa-f-]+\})$)");
  return re;
}
// "State: [9] Failed", "État : [1] Stable"
const RE2& state_re() {
  static const RE2 re(R"(^[^:]+:\s*\[(\d+)\]\s*(.*)$)");
  return re;
}
// "Last error: No error": any "label: value" line after the state
const RE2& value_re() {
  static const RE2 re(R"(^[^:]+:\s*(.*?)$)");
  return re;
}
// "Error: 0x8000FFFF" (vssadmin's own failure line, English)
const RE2& error_re() {
  static const RE2 re(R"(^Error:\s*(.+)$)");
  return re;
}
// Windows Server 2008 and later: "Waiting for responses." / "These may be delayed if a shadow copy is being
// prepared."
const RE2& waiting_re() {
  static const RE2 re(R"(^(Waiting for responses\.|These may be delayed\b.*)$)");
  return re;
}

// What vssadmin prints as the last error of a writer without one, in the languages a real capture shows
// (docs/parsers.md): another language's text leaves `no_error` false, never guessed.
constexpr std::string_view kNoErrorTexts[] = {"No error", "Aucune erreur"};

bool is_no_error(std::string_view text) {
  for (const auto no_error : kNoErrorTexts) {
    if (contract::equals_ci(text, no_error)) return true;
  }
  return false;
}

}  // namespace

Result<VssWriters> parse_vssadmin_writers(std::string_view text, const std::string& where, Diagnostics& diags) {
  if (auto failure = command_failure(text)) {
    return make_error(Errc::format, "vssadmin list writers did not run: " + *failure, where + ":1");
  }
  VssWriters out;
  bool header = false;
  VssWriter* current = nullptr;
  int guids = 0;
  int line_no = 0;
  auto close = [&]() {
    if (current && !current->state_code) {
      diags.warn(Errc::format, "writer '" + current->name + "' has no state line",
                 where + ":" + std::to_string(current->line));
    }
    current = nullptr;
  };
  for (const std::string_view raw : text_util::split_lines(text)) {
    ++line_no;
    const std::string_view line = trim(raw);
    if (line.empty()) continue;
    const re2::StringPiece piece(line.data(), line.size());
    const std::string at = where + ":" + std::to_string(line_no);
    std::string name, guid, state, value;
    int code = 0;
    if (RE2::FullMatch(piece, name_re(), &name)) {
      close();
      out.writers.push_back(VssWriter{});
      current = &out.writers.back();
      current->name = name;
      current->line = line_no;
      guids = 0;
    } else if (current && RE2::FullMatch(piece, guid_re(), &guid)) {
      (guids++ == 0 ? current->writer_id : current->instance_id) = guid;
    } else if (current && !current->state_code && RE2::FullMatch(piece, state_re(), &code, &state)) {
      current->state_code = code;
      current->state = std::string(trim(state));
    } else if (current && current->state_code && !current->last_error && RE2::FullMatch(piece, value_re(), &value)) {
      current->last_error = std::string(trim(value));
      current->no_error = is_no_error(*current->last_error);
    } else if (RE2::FullMatch(piece, header_re()) || RE2::FullMatch(piece, copyright_re())) {
      close();
      header = true;
    } else if (!current && RE2::FullMatch(piece, waiting_re())) {
      continue;
    } else if (out.writers.empty() && RE2::FullMatch(piece, error_re(), &value)) {
      return make_error(Errc::format, "vssadmin list writers failed: " + value, at);
    } else {
      diags.warn(Errc::format,
                 current ? "unrecognized line in writer '" + current->name + "'"
                         : std::string("unrecognized vssadmin list writers line"),
                 at);
    }
  }
  close();
  if (out.writers.empty()) {
    if (!header)
      return make_error(Errc::format, "no writer and no vssadmin header: not vssadmin list writers output",
                        where + ":1");
    diags.warn(Errc::format, "vssadmin lists no writers (the Volume Shadow Copy service may be damaged)", where + ":1");
  }
  return out;
}

}  // namespace migready::parsers
