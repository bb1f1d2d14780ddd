// Collecting only some artifacts: `migready-collect.exe --only ID[,ID...]`, shared by both programs. The
// collector resolves the words of --only to rows of the artifact table; the analyzer writes the --only command
// line that gathers what a "not checked" finding needs (the same words, so what the report prints is what the
// collector accepts).
//
// A word is an artifact row id (contract/artifacts.hpp: "api.time", "file.ntbackup_logs") or a group name
// below ("time", "services"). Groups are named after the report's topics; each lists row ids of the table, and
// the static_asserts under the table fail the build when a group names an id the table lacks. An artifact a
// file row expands to ("file.ntbackup_logs.administrator.backup01_log") is collected through its row.
//
// Header-only, C++17, no dependencies beyond contract/artifacts.hpp (the mingw collector compiles it too).
#pragma once

#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "contract/artifacts.hpp"

namespace migready::contract {

struct ArtifactGroup {
  std::string_view name;     // the word on the command line: lowercase, no dot (so never an artifact id)
  std::string_view members;  // row ids, space-separated
  std::string_view what;     // one line for --help
};

inline constexpr ArtifactGroup kArtifactGroups[] = {
    {"registry", "registry.system registry.software", "the SYSTEM and SOFTWARE hives"},
    {"time", "api.time command.w32tm_tz command.w32tm_monitor command.net_time",
     "the clock, its time source and the domain's time (W32Time)"},
    {"services", "api.services", "the services and their start types"},
    {"network", "api.network command.ipconfig_all command.netdiag", "TCP/IP configuration and the network tests"},
    {"directory", "api.directory api.replication command.dcdiag command.repadmin_showrepl command.repadmin_replsummary",
     "Active Directory: the directory, replication and the domain controller tests"},
    {"updates", "command.systeminfo command.wmic_qfe file.windowsupdate_log api.volatile_registry api.file_versions",
     "hotfixes, Windows Update and file versions"},
    {"storage", "api.volumes api.hardware", "volumes, free space and the hardware"},
    {"dhcp", "command.netsh_dhcp", "the DHCP server's configuration"},
    {"certificates", "api.certificates", "the computer's certificates"},
    {"backup", "file.ntbackup_logs", "NTBackup's logs"},
    {"migration", "file.migration_logs file.sbs_bpa_reports", "adprep and migration logs, SBS BPA reports"},
    {"eventlogs",
     "eventlog.system eventlog.application eventlog.directory_service eventlog.dns_server "
     "eventlog.file_replication_service",
     "the event logs"},
};

namespace detail {
// Calls f(word) for each space-separated word of `list`.
template <typename F>
constexpr bool each_word(std::string_view list, F f) {
  std::size_t start = 0;
  while (start < list.size()) {
    std::size_t end = list.find(' ', start);
    if (end == std::string_view::npos) end = list.size();
    if (end > start && !f(list.substr(start, end - start))) return false;
    start = end + 1;
  }
  return true;
}
constexpr bool groups_name_real_rows() {
  for (const auto& g : kArtifactGroups) {
    if (g.name.find('.') != std::string_view::npos) return false;
    // Compares ids, not find_artifact()'s pointer with nullptr: GCC's sanitizers make that comparison
    // non-constant, and the ASan build would refuse the static_assert below.
    auto is_row = [](std::string_view id) {
      for (const auto& spec : kArtifacts) {
        if (spec.id == id) return true;
      }
      return false;
    };
    if (!each_word(g.members, is_row)) return false;
  }
  return true;
}
}  // namespace detail
static_assert(detail::groups_name_real_rows(), "a group of kArtifactGroups names an id contract/artifacts.hpp lacks");

constexpr const ArtifactGroup* find_group(std::string_view name) {
  for (const auto& g : kArtifactGroups) {
    if (g.name == name) return &g;
  }
  return nullptr;
}

// The table row an artifact id belongs to: the row itself, or the file row it was expanded from
// ("file.ntbackup_logs.administrator.backup01_log" -> file.ntbackup_logs); null for an id of no row.
constexpr const ArtifactSpec* row_of(std::string_view id) {
  if (const ArtifactSpec* spec = find_artifact(id)) return spec;
  for (const auto& spec : kArtifacts) {
    if (spec.kind == Kind::file && id.size() > spec.id.size() && id.substr(0, spec.id.size()) == spec.id &&
        id[spec.id.size()] == '.') {
      return &spec;
    }
  }
  return nullptr;
}

struct Selection {
  std::vector<std::string> requested;  // the words as given, in order, each once
  std::vector<bool> rows;              // rows[i]: kArtifacts[i] is collected
  std::string error;                   // "" when every word is known
};

// Resolves "time,api.services" to table rows. Words are comma-separated, case-sensitive (ids are lowercase),
// blanks around a word ignored; an empty word, an empty list or an unknown word is an error that names it and
// lists the valid words (valid_words_text).
inline std::string valid_words_text() {
  std::string text = "groups:";
  for (const auto& g : kArtifactGroups) text += " " + std::string(g.name);
  text += "; artifacts:";
  for (const auto& spec : kArtifacts) text += " " + std::string(spec.id);
  return text;
}

inline Selection select_artifacts(std::string_view list) {
  Selection s;
  s.rows.assign(std::size(kArtifacts), false);
  const auto mark = [&s](std::string_view id) {
    for (std::size_t i = 0; i < std::size(kArtifacts); ++i) {
      if (kArtifacts[i].id == id) s.rows[i] = true;
    }
    return true;
  };
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find(',', start);
    if (end == std::string_view::npos) end = list.size();
    std::string_view word = list.substr(start, end - start);
    while (!word.empty() && (word.front() == ' ' || word.front() == '\t')) word.remove_prefix(1);
    while (!word.empty() && (word.back() == ' ' || word.back() == '\t')) word.remove_suffix(1);
    if (word.empty()) {
      s.error = "--only: an empty artifact name in \"" + std::string(list) + "\"; valid: " + valid_words_text();
      return s;
    }
    if (const ArtifactGroup* g = find_group(word)) {
      detail::each_word(g->members, mark);
    } else if (find_artifact(word) != nullptr) {
      mark(word);
    } else {
      s.error = "--only: unknown artifact or group \"" + std::string(word) + "\"; valid: " + valid_words_text();
      return s;
    }
    bool seen = false;
    for (const auto& r : s.requested) seen = seen || r == word;
    if (!seen) s.requested.emplace_back(word);
    start = end + 1;
  }
  return s;
}

// The command line that collects exactly these artifacts: "migready-collect.exe --only api.time,command.net_time".
// Each id is mapped to its row (row_of); ids of no row are left out; the rows are listed in table order, and a
// group replaces its members when every member is needed (so the line stays short and reads like --help).
// "" when nothing is left.
inline std::string only_command(const std::vector<std::string>& artifact_ids) {
  std::vector<bool> needed(std::size(kArtifacts), false);
  bool any = false;
  for (const auto& id : artifact_ids) {
    const ArtifactSpec* spec = row_of(id);
    if (spec == nullptr) continue;
    needed[static_cast<std::size_t>(spec - kArtifacts)] = true;
    any = true;
  }
  if (!any) return {};
  std::vector<std::string> words;
  std::vector<bool> covered(needed.size(), false);
  for (const auto& g : kArtifactGroups) {
    bool all = true;
    std::size_t count = 0;
    detail::each_word(g.members, [&](std::string_view id) {
      const auto i = static_cast<std::size_t>(find_artifact(id) - kArtifacts);
      all = all && needed[i] && !covered[i];
      ++count;
      return true;
    });
    if (!all || count < 2) continue;
    detail::each_word(g.members, [&](std::string_view id) {
      covered[static_cast<std::size_t>(find_artifact(id) - kArtifacts)] = true;
      return true;
    });
    words.emplace_back(g.name);
  }
  for (std::size_t i = 0; i < needed.size(); ++i) {
    if (needed[i] && !covered[i]) words.emplace_back(kArtifacts[i].id);
  }
  std::string line = "migready-collect.exe --only ";
  for (std::size_t i = 0; i < words.size(); ++i) line += (i == 0 ? "" : ",") + words[i];
  return line;
}

}  // namespace migready::contract
