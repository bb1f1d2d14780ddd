#include "parsers/w32tm_status.hpp"

#include <re2/re2.h>

#include <array>

#include "contract/ascii.hpp"
#include "parsers/command_failure.hpp"
#include "parsers/text_util.hpp"
#include "parsers/tool_language.hpp"

namespace migready::parsers {
namespace {

using text_util::trim;

// One language's labels, in ASCII lower case with U+2019 read as '\''. Each table is backed by real outputs
// (docs/parsers.md, "Languages"; tests/fixtures/w32tm_status/SOURCES.md). A label left empty is one no real
// sample of that language showed.
struct Labels {
  Language language;
  std::string_view leap, stratum, precision, root_delay, root_dispersion, reference_id, last_sync, source,
      poll_interval;
  // /verbose only
  std::string_view phase_offset, state_machine, last_sync_error, since_last_good_sync;
};
constexpr std::array<Labels, 4> kLabels = {{
    {Language::en, "leap indicator", "stratum", "precision", "root delay", "root dispersion", "referenceid",
     "last successful sync time", "source", "poll interval", "phase offset", "state machine", "last sync error",
     "time since last good sync time"},
    // Windows 10/11 (de-*.txt); the /verbose labels as Checkmk's tests hold a real German output, split into
    // words, with Microsoft's "Synchronierungsfehler" (sic)
    {Language::de, "sprungindikator", "stratum", "präzision", "stammverzögerung", "stammabweichung",
     "referenz-id", "letzte erfolgr. synchronisierungszeit", "quelle", "abrufintervall", "phasendifferenz",
     "statuscomputer", "letzter synchronierungsfehler", "zeit seit der letzten erfolgr. synchronisierungszeit"},
    // Windows Server 2025 (fr-ws2025.txt): " : " before every value; /verbose as in Checkmk's French test
    {Language::fr, "indicateur de dérive", "couche", "précision", "délai de racine",
     "dispersion de racine", "id de référence", "heure de la dernière synchronisation réussie",
     "source", "intervalle d'interrogation", "décalage de phase", "ordinateur d'état",
     "erreur lors de la dernière synchronisation",
     "durée écoulée depuis l'heure de la dernière synchronisation réussie"},
    // Windows Server 2019 (ja-ws2019.txt); no real /verbose output was found
    {Language::ja, "閏インジケーター", "階層", "精度", "ルート遅延", "ルート分散", "参照 id", "最終正常同期時刻",
     "ソース", "ポーリング間隔", "", "", "", ""},
}};
constexpr std::array<Language, kLabels.size()> kKnown = {Language::en, Language::de, Language::fr, Language::ja};

// "Stratum: 4 (secondary reference - syncd by (S)NTP)", "Referenz-ID: 0x0D5F41FB (Quell-IP:  13.95.65.251)",
// "Couche : 3 (...)": the label (letters, spaces, "-", ".", apostrophes) is all before the first colon.
const RE2& field_re() {
  static const RE2 re(R"((\pL[\pL .'\x{2019}-]*?)\s*:\s*(.*?)\s*)");
  return re;
}
// "0(no warning)", "4 (secondary reference ...)", "-23 (119.209ns per tick)", "10 (1024s)", "2"
const RE2& number_note_re() {
  static const RE2 re(R"((-?\d+)\s*(?:\((.*)\))?)");
  return re;
}
// "0.0475434s", "-0.0038147s", "2820.1997480s"
const RE2& seconds_re() {
  static const RE2 re(R"((-?\d+(?:\.\d+)?)s)");
  return re;
}
// "0xC0A803E3 (source IP:  192.168.3.227)", "0x4C4F434C (source name:  \"LOCL\")"
const RE2& reference_re() {
  static const RE2 re(R"((0x[0-9A-Fa-f]+)\s*(?:\((.*)\))?)");
  return re;
}
// "The following error occurred: The service has not been started. (0x80070426)"
const RE2& error_re() {
  static const RE2 re(R"(The following error occurred:\s*(.*?)\s*\((0x[0-9A-Fa-f]+)\)\s*)");
  return re;
}
// "1024s" inside the poll interval's parentheses
const RE2& poll_seconds_re() {
  static const RE2 re(R"((\d+)s)");
  return re;
}

bool number_note(const std::string& value, std::optional<int>& number, std::string* note) {
  int n = 0;
  std::string text;
  if (!RE2::FullMatch(value, number_note_re(), &n, &text)) return false;
  number = n;
  if (note != nullptr) *note = text;
  return true;
}

bool seconds(const std::string& value, std::optional<double>& out) {
  double d = 0;
  if (!RE2::FullMatch(value, seconds_re(), &d)) return false;
  out = d;
  return true;
}

// U+2019, which Windows 10's French labels use for the apostrophe ("d’état"; Server 2025 prints "d'")
const RE2& right_quote_re() {
  static const RE2 re("\u2019");
  return re;
}

// A label as the tables spell it: ASCII lower case, U+2019 read as '\''.
std::string fold_label(std::string label) {
  RE2::GlobalReplace(&label, right_quote_re(), "'");
  return contract::ascii_lower(label);
}

// The language whose leap indicator label (w32tm's first line) some line of `text` carries.
std::optional<Language> leap_language(std::string_view text) {
  for (const std::string_view raw : text_util::split_lines(text)) {
    const std::string_view line = trim(raw);
    const re2::StringPiece piece(line.data(), line.size());
    std::string label, value;
    if (!RE2::FullMatch(piece, field_re(), &label, &value)) continue;
    const std::string key = fold_label(label);
    for (const Labels& l : kLabels) {
      if (key == l.leap) return l.language;
    }
  }
  return std::nullopt;
}

Result<W32tmStatus> read_w32tm_status(std::string_view text, const std::string& where, Diagnostics& diags,
                                      const Labels& t) {
  W32tmStatus out;
  bool seen = false;
  int line_no = 0;
  const auto lines = text_util::split_lines(text);
  const bool cut = !text.empty() && text.back() != '\n';  // w32tm ends every line
  for (const std::string_view raw : lines) {
    ++line_no;
    const std::string_view line = trim(raw);
    if (line.empty()) continue;
    const re2::StringPiece piece(line.data(), line.size());
    const std::string at = where + ":" + std::to_string(line_no);
    if (cut && static_cast<std::size_t>(line_no) == lines.size() && seen) {
      diags.warn(Errc::format, "w32tm output ends mid-line (truncated): last line ignored", at);
      break;
    }
    std::string label, value;
    if (RE2::FullMatch(piece, error_re(), &out.error, &out.error_code)) {
      seen = true;
      continue;
    }
    if (!RE2::FullMatch(piece, field_re(), &label, &value)) {
      diags.warn(Errc::format, "unrecognized w32tm /query /status line", at);
      continue;
    }
    const std::string key = fold_label(label);  // never empty: a label starts with a letter
    bool ok = true;
    if (key == t.leap) ok = number_note(value, out.leap_indicator, &out.leap_text);
    else if (key == t.stratum) ok = number_note(value, out.stratum, nullptr);
    else if (key == t.precision) ok = number_note(value, out.precision, nullptr);
    else if (key == t.root_delay) ok = seconds(value, out.root_delay_seconds);
    else if (key == t.root_dispersion) ok = seconds(value, out.root_dispersion_seconds);
    else if (key == t.reference_id) ok = RE2::FullMatch(value, reference_re(), &out.reference_id, &out.reference);
    else if (key == t.last_sync) out.last_sync_text = value;
    else if (key == t.source) out.source = value;
    else if (key == t.poll_interval) {
      std::string note;
      ok = number_note(value, out.poll_interval, &note);
      int s = 0;
      if (ok && RE2::FullMatch(note, poll_seconds_re(), &s)) out.poll_interval_seconds = s;
    } else if (key == t.phase_offset) ok = seconds(value, out.phase_offset_seconds);
    else if (key == t.state_machine) ok = number_note(value, out.state_machine, &out.state_machine_text);
    else if (key == t.last_sync_error) ok = number_note(value, out.last_sync_error, &out.last_sync_error_text);
    else if (key == t.since_last_good_sync) ok = seconds(value, out.seconds_since_last_good_sync);
    else {
      continue;  // a field this parser does not keep ("ClockRate", "Time Source Flags", "Server Role")
    }
    if (!ok) diags.warn(Errc::format, "unexpected value for w32tm '" + label + "'", at);
    seen = true;
  }
  if (!seen) {
    return make_error(Errc::format, "no 'Leap Indicator:', 'Source:' or error line: not w32tm /query /status output",
                      where + ":1");
  }
  return out;
}

}  // namespace

Result<W32tmStatus> parse_w32tm_status(std::string_view text, const std::string& where, Diagnostics& diags,
                                       std::optional<Language> expected) {
  if (auto failure = command_failure(text)) {
    return make_error(Errc::format, "w32tm did not run: " + *failure, where + ":1");
  }
  auto settled = settle_language("w32tm /query /status", expected, leap_language(text), kKnown, where + ":1");
  if (!settled) return std::move(settled).error();
  const Language language = settled->value_or(expected.value_or(Language::en));
  const Labels* table = nullptr;  // found by settle_language: one of kKnown, or the English default
  for (const Labels& l : kLabels) {
    if (l.language == language) table = &l;
  }
  auto out = read_w32tm_status(text, where, diags, *table);
  if (out) out->language = language;
  return out;
}

}  // namespace migready::parsers
