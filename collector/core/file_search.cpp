#include "core/file_search.hpp"

#include <algorithm>
#include <cstddef>

#include "contract/ascii.hpp"
#include "contract/text_form.hpp"

namespace migready::collector {
namespace {

using contract::ascii_lower;
using contract::contains_ci;
using contract::ends_with_ci;
using contract::equals_ci;

constexpr std::uint64_t kMiB = 1024 * 1024;
constexpr FileRowRules kRules[] = {
    {"file.ntbackup_logs", Keep::tail, 16 * kMiB, 50},
    {"file.migration_logs", Keep::tail, 16 * kMiB, 50},
    {"file.sbs_bpa_reports", Keep::head, 16 * kMiB, 50},
    {"file.windowsupdate_log", Keep::tail, 4 * kMiB, 1},
};

constexpr std::size_t kMaxIdLength = 120;    // + "_NN" from de-duplication stays within the schema's 128
constexpr std::size_t kMaxPathLength = 230;  // likewise within 240
constexpr std::size_t kMaxSegment = 40;
constexpr std::size_t kMaxComponent = 64;

// Calls `emit(c)` for each ASCII byte and `emit('\0')` once per non-ASCII code point (UTF-8 lead byte or
// stray byte); continuation bytes are skipped.
template <typename F>
void for_each_char(std::string_view text, F emit) {
  for (const char ch : text) {
    const auto b = static_cast<unsigned char>(ch);
    if (b < 0x80) {
      emit(ch);
    } else if ((b & 0xC0) != 0x80) {
      emit('\0');
    }
  }
}

std::string last_component(std::string_view path) {
  while (!path.empty() && (path.back() == '\\' || path.back() == '/')) path.remove_suffix(1);
  const std::size_t slash = path.find_last_of("\\/");
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string join(const std::string& folder, std::string_view name) {
  if (!folder.empty() && (folder.back() == '\\' || folder.back() == '/')) return folder + std::string(name);
  return folder + "\\" + std::string(name);
}

bool not_found(std::uint32_t error) { return error == 2 || error == 3; }

struct Walk {
  const FolderLister& list;
  SearchResult& result;
  std::vector<std::pair<FoundFile, std::size_t>>& found;
  std::size_t visited = 0;
  bool exhausted = false;

  void add_searched(std::string text) {
    if (result.searched.size() + 1 < kMaxSearched) {
      result.searched.push_back(std::move(text));
    } else if (result.searched.size() + 1 == kMaxSearched) {
      result.searched.push_back("(further places not listed: at most " + std::to_string(kMaxSearched) + ")");
    }
  }

  // Lists `folder`; false when it cannot be read (missing folders are silent, other errors become notes)
  // or the entry budget is spent.
  bool open(const std::string& folder, Listing& out) {
    if (exhausted) return false;
    out = list(folder);
    if (out.error != 0) {
      if (!not_found(out.error)) {
        result.notes.push_back("cannot list " + folder + " (Win32 error " + std::to_string(out.error) + ")");
      }
      return false;
    }
    return true;
  }

  // Counts one visited entry; false (and a note, once) when the budget is spent.
  bool visit() {
    if (exhausted) return false;
    if (++visited > kMaxSearchEntries) {
      exhausted = true;
      result.notes.push_back("search stopped after " + std::to_string(kMaxSearchEntries) +
                             " directory entries (the row's limit)");
      return false;
    }
    return true;
  }

  void take(const std::string& path, std::vector<std::string> labels, const DirEntry& e) {
    found.emplace_back(FoundFile{path, std::move(labels), e.size, e.written}, found.size());
  }

  void tree(const std::string& folder, std::vector<std::string> labels, unsigned depth, bool inside_match,
            const std::vector<std::string_view>& words) {
    Listing listing;
    if (!open(folder, listing)) return;
    for (const DirEntry& e : listing.entries) {
      if (!visit()) return;
      bool named = false;
      for (const std::string_view w : words) named = named || contains_ci(e.name, w);
      std::vector<std::string> child = labels;
      child.push_back(e.name);
      if (e.directory) {
        if (!e.reparse && depth < kMaxSearchDepth) tree(join(folder, e.name), child, depth + 1, inside_match || named, words);
      } else if ((inside_match || named) && is_report_file(e.name)) {
        take(join(folder, e.name), std::move(child), e);
      }
    }
  }

  void tree_search(const std::string& root, std::string label, const std::vector<std::string_view>& words) {
    if (root.empty()) return;
    std::string text = root + " (depth " + std::to_string(kMaxSearchDepth) + "): files and folders named";
    for (std::size_t i = 0; i < words.size(); ++i) text += (i == 0 ? " *" : " or *") + std::string(words[i]) + "*";
    text += "; taking *.log *.txt *.xml *.htm *.html *.csv";
    add_searched(std::move(text));
    tree(root, {std::move(label)}, 1, false, words);
  }
};

void search_ntbackup(Walk& walk, const SearchRoots& roots) {
  // NTBackup's data folder under the local application data, named as this Windows names it (any language),
  // then the English and German names for profiles made before a language change.
  constexpr std::string_view kNtbackup = "Microsoft\\Windows NT\\NTBackup\\data";
  std::vector<std::string> data_folders;
  for (const std::string_view local : {std::string_view(roots.local_app_data), std::string_view("Local Settings\\Application Data"),
                                       std::string_view("Lokale Einstellungen\\Anwendungsdaten")}) {
    if (local.empty()) continue;
    const std::string folder = join(std::string(local), kNtbackup);
    const bool known = std::any_of(data_folders.begin(), data_folders.end(),
                                   [&](const std::string& d) { return equals_ci(d, folder); });
    if (!known) data_folders.push_back(folder);
  }
  std::vector<std::string> seen;
  for (const std::string& profile : roots.profiles) {
    if (profile.empty()) continue;
    const std::string key = ascii_lower(profile);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    const std::string owner = last_component(profile);
    for (const std::string& data : data_folders) {
      const std::string folder = join(profile, data);
      walk.add_searched(join(folder, "backup*.log"));
      Listing listing;
      if (!walk.open(folder, listing)) continue;
      for (const DirEntry& e : listing.entries) {
        if (!walk.visit()) return;
        if (!e.directory && wildcard_match("backup*.log", e.name)) walk.take(join(folder, e.name), {owner, e.name}, e);
      }
    }
  }
}

void search_migration(Walk& walk, const SearchRoots& roots) {
  if (!roots.windir.empty()) {
    const std::string logs = join(roots.windir, "debug\\adprep\\logs");
    walk.add_searched(join(logs, "*\\ADPrep.log"));
    Listing runs;
    if (walk.open(logs, runs)) {
      for (const DirEntry& run : runs.entries) {
        if (!walk.visit()) return;
        if (!run.directory || run.reparse) continue;
        const std::string folder = join(logs, run.name);
        Listing files;
        if (!walk.open(folder, files)) continue;
        for (const DirEntry& e : files.entries) {
          if (!walk.visit()) return;
          if (!e.directory && equals_ci(e.name, "ADPrep.log")) walk.take(join(folder, e.name), {"adprep", run.name, e.name}, e);
        }
      }
    }
  }
  const std::vector<std::string_view> words = {"SourceTool", "Migration"};
  walk.tree_search(roots.program_files, "program_files", words);
  walk.tree_search(roots.program_files_x86, "program_files_x86", words);
  if (!roots.all_users_app_data.empty()) walk.tree_search(roots.all_users_app_data, "all_users", words);
  else if (!roots.all_users.empty()) walk.tree_search(join(roots.all_users, "Application Data"), "all_users", words);
}

void search_bpa(Walk& walk, const SearchRoots& roots) {
  walk.tree_search(roots.program_files, "program_files", {"Best Practices Analyzer", "SBSBPA"});
  walk.tree_search(roots.program_files_x86, "program_files_x86", {"Best Practices Analyzer", "SBSBPA"});
}

}  // namespace

std::string relative_to(std::string_view path, std::string_view folder) {
  while (!folder.empty() && folder.back() == '\\') folder.remove_suffix(1);
  if (folder.empty() || path.size() <= folder.size() + 1 || path[folder.size()] != '\\') return {};
  if (!equals_ci(path.substr(0, folder.size()), folder)) return {};
  std::string rest(path.substr(folder.size() + 1));
  while (!rest.empty() && rest.back() == '\\') rest.pop_back();
  return rest;
}

const FileRowRules* file_row_rules(std::string_view id) {
  for (const FileRowRules& r : kRules) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

ReadPlan plan_read(std::uint64_t size, std::uint64_t cap, Keep keep, std::uint64_t align) {
  if (cap == 0 || size <= cap) return {0, size, false};
  if (keep == Keep::head) return {0, cap, true};
  std::uint64_t offset = size - cap;
  if (align > 1 && offset % align != 0) offset += align - offset % align;
  return {offset, size - offset, true};
}

bool has_utf16le_bom(std::string_view head) {
  return head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0xFF && static_cast<unsigned char>(head[1]) == 0xFE;
}

bool looks_like_evt(std::string_view head) {
  return head.size() >= 8 && head.substr(0, 4) == std::string_view("\x30\0\0\0", 4) && head.substr(4, 4) == "LfLe";
}

Encoding file_encoding(std::string_view name, std::string_view head) {
  static constexpr std::string_view kAnsi[] = {".log", ".txt", ".csv"};
  Encoding narrow = Encoding::none;
  for (const std::string_view ext : kAnsi) {
    if (name.size() > ext.size() && ends_with_ci(name, ext)) narrow = Encoding::ansi;
  }
  return contract::encoding_of(contract::sniff_text_form(head), narrow);
}

std::string id_segment(std::string_view text) {
  std::string out;
  for_each_char(text, [&](char c) {
    const char l = ascii_lower(c);
    const bool keep = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '_';
    const char put = keep ? l : '_';
    if (put == '_' && (out.empty() || out.back() == '_')) return;
    out.push_back(put);
  });
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.size() > kMaxSegment) out.resize(kMaxSegment);
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? "x" : out;
}

std::string path_component(std::string_view text) {
  std::string out;
  for_each_char(text, [&](char c) {
    const bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                      c == '.' || c == '-';
    out.push_back(keep ? c : '_');
  });
  if (out.empty() || out.front() == '.') out.insert(out.begin(), '_');
  if (out.size() > kMaxComponent) out.resize(kMaxComponent);
  return out;
}

ArtifactNamer::ArtifactNamer(std::string_view row_id, std::string_view row_path) : m_row_id(row_id), m_row_path(row_path) {}

ArtifactNamer::Name ArtifactNamer::name(const std::vector<std::string>& labels) {
  std::string suffix;
  for (const std::string& l : labels) suffix += (suffix.empty() ? "" : ".") + id_segment(l);
  if (suffix.empty()) suffix = "x";
  const std::size_t room = kMaxIdLength > m_row_id.size() + 1 ? kMaxIdLength - m_row_id.size() - 1 : 1;
  if (suffix.size() > room) {
    suffix = suffix.substr(suffix.size() - room);  // keep the end: the file's own name
    while (!suffix.empty() && (suffix.front() == '.' || suffix.front() == '_')) suffix.erase(0, 1);
    if (suffix.empty()) suffix = "x";
  }
  const std::string id = m_row_id + "." + suffix;

  std::vector<std::string> parts;
  for (const std::string& l : labels) parts.push_back(path_component(l));
  if (parts.empty()) parts.emplace_back("_");
  auto joined = [&](std::size_t from) {
    std::string p = m_row_path;
    for (std::size_t i = from; i < parts.size(); ++i) p += "/" + parts[i];
    return p;
  };
  std::size_t from = 0;
  while (from + 1 < parts.size() && joined(from).size() > kMaxPathLength) ++from;  // drop leading folders
  const std::string path = joined(from);

  Name out{id, path};
  for (unsigned n = 2;; ++n) {
    const bool id_taken = std::find(m_ids.begin(), m_ids.end(), out.id) != m_ids.end();
    const bool path_taken = std::find(m_paths.begin(), m_paths.end(), ascii_lower(out.path)) != m_paths.end();
    if (!id_taken && !path_taken) break;
    const std::string tag = "_" + std::to_string(n);
    out.id = id + tag;
    const std::size_t slash = path.rfind('/');
    const std::size_t dot = path.rfind('.');
    out.path = (dot != std::string::npos && dot > slash + 1) ? path.substr(0, dot) + tag + path.substr(dot) : path + tag;
  }
  m_ids.push_back(out.id);
  m_paths.push_back(ascii_lower(out.path));
  return out;
}

bool wildcard_match(std::string_view pattern, std::string_view name) {
  // Iterative matcher with one backtrack point for the last '*'.
  std::size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
  while (n < name.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || ascii_lower(pattern[p]) == ascii_lower(name[n]))) {
      ++p, ++n;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++, mark = n;
    } else if (star != std::string_view::npos) {
      p = star + 1, n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool is_report_file(std::string_view name) {
  static constexpr std::string_view kExtensions[] = {".log", ".txt", ".xml", ".htm", ".html", ".csv"};
  for (const std::string_view ext : kExtensions) {
    if (name.size() > ext.size() && ends_with_ci(name, ext)) return true;
  }
  return false;
}

SearchResult search_file_row(std::string_view row_id, const SearchRoots& roots, const FolderLister& list) {
  SearchResult result;
  std::vector<std::pair<FoundFile, std::size_t>> found;
  Walk walk{list, result, found};
  const FileRowRules* rules = file_row_rules(row_id);
  if (rules == nullptr) return result;
  if (row_id == "file.ntbackup_logs") {
    search_ntbackup(walk, roots);
  } else if (row_id == "file.migration_logs") {
    search_migration(walk, roots);
  } else if (row_id == "file.sbs_bpa_reports") {
    search_bpa(walk, roots);
  }
  result.found = found.size();
  // Keep the most recently written, then restore the order they were found in.
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.first.written > b.first.written; });
  if (found.size() > rules->max_files) found.resize(rules->max_files);
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  for (auto& f : found) result.files.push_back(std::move(f.first));
  return result;
}

std::string single_file_path(std::string_view row_id, const SearchRoots& roots) {
  if (row_id == "file.windowsupdate_log" && !roots.windir.empty()) return join(roots.windir, "WindowsUpdate.log");
  return {};
}

}  // namespace migready::collector
