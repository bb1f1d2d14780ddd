#include "core/steps.hpp"

#include "contract/ascii.hpp"
#include "contract/text_form.hpp"

namespace migready::collector {

CommandParts split_command(std::string_view line) {
  std::size_t pos = line.find_first_not_of(" \t");
  if (pos == std::string_view::npos) return {};
  CommandParts parts;
  if (line[pos] == '"') {
    const std::size_t end = line.find('"', pos + 1);
    const std::size_t stop = end == std::string_view::npos ? line.size() : end;
    parts.program = std::string(line.substr(pos + 1, stop - pos - 1));
    pos = end == std::string_view::npos ? line.size() : end + 1;
  } else {
    const std::size_t end = line.find_first_of(" \t", pos);
    const std::size_t stop = end == std::string_view::npos ? line.size() : end;
    parts.program = std::string(line.substr(pos, stop - pos));
    pos = stop;
  }
  const std::size_t rest = line.find_first_not_of(" \t", pos);
  if (rest != std::string_view::npos) parts.args = std::string(line.substr(rest));
  return parts;
}

std::vector<std::string> program_file_names(std::string_view program) {
  const std::size_t slash = program.find_last_of("\\/");
  const std::string_view base = slash == std::string_view::npos ? program : program.substr(slash + 1);
  if (base.find('.') != std::string_view::npos) return {std::string(program)};
  return {std::string(program) + ".exe", std::string(program) + ".com"};
}

namespace {

// Removes quotes and surrounding blanks: "\"C:\\Program Files\\x\" " -> "C:\\Program Files\\x".
std::string unquote_trim(std::string_view raw) {
  std::string folder;
  for (const char c : raw) {
    if (c != '"') folder += c;
  }
  const std::size_t first = folder.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  const std::size_t last = folder.find_last_not_of(" \t");
  return folder.substr(first, last - first + 1);
}

bool is_separator(char c) { return c == '\\' || c == '/'; }

std::string without_trailing_separators(std::string folder) {
  while (!folder.empty() && is_separator(folder.back())) folder.pop_back();  // "C:\\" -> "C:", joined "C:\\x"
  return folder;
}

// "C:\\x", "C:\\" and "\\\\server\\share" are absolute; "C:x", "\\x", ".", "bin" and "%SystemRoot%\\x" are not.
bool is_absolute_folder(std::string_view folder) {
  const auto is_letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  if (folder.size() >= 3 && is_letter(folder[0]) && folder[1] == ':' && is_separator(folder[2])) return true;
  return folder.size() >= 3 && is_separator(folder[0]) && is_separator(folder[1]) && !is_separator(folder[2]);
}

// Display names of the services rows are conditioned on (English; only used in messages).
struct KnownService {
  std::string_view name, display;
};
constexpr KnownService kKnownServices[] = {{"DHCPServer", "DHCP Server"}};

}  // namespace

std::vector<std::string> command_search_folders(const SearchPlaces& places) {
  std::vector<std::string> folders;
  const auto add = [&](std::string_view raw, bool require_absolute) {
    std::string folder = unquote_trim(raw);
    if (require_absolute && !is_absolute_folder(folder)) return;
    folder = without_trailing_separators(std::move(folder));
    if (folder.empty()) return;
    for (const std::string& seen : folders) {
      if (contract::equals_ci(seen, folder)) return;
    }
    folders.push_back(std::move(folder));
  };
  const std::string system_dir = without_trailing_separators(unquote_trim(places.system_dir));
  if (!system_dir.empty()) {
    add(system_dir, false);
    add(system_dir + "\\wbem", false);
  }
  for (const std::string* raw : {&places.program_files, &places.program_files_x86}) {
    const std::string program_files = without_trailing_separators(unquote_trim(*raw));
    if (!program_files.empty()) add(program_files + "\\Support Tools", true);
  }
  std::size_t pos = 0;
  while (pos <= places.path.size()) {
    std::size_t end = places.path.find(';', pos);
    if (end == std::string::npos) end = places.path.size();
    add(std::string_view(places.path).substr(pos, end - pos), true);
    pos = end + 1;
  }
  return folders;
}

std::string describe_service(std::string_view service) {
  for (const KnownService& known : kKnownServices) {
    if (contract::equals_ci(known.name, service)) {
      return "the " + std::string(known.display) + " service (" + std::string(service) + ")";
    }
  }
  return "the service " + std::string(service);
}

ServiceCondition decide_service_condition(std::string_view service, ServiceProbe probe, std::string_view detail) {
  ServiceCondition c;
  if (probe == ServiceProbe::installed) return c;
  c.run = false;
  c.searched.push_back("service control manager: " + std::string(service));
  const std::string who = describe_service(service);
  if (probe == ServiceProbe::not_installed) {
    c.status = Status::missing;
    c.error = who + " is not installed";
    return c;
  }
  c.status = probe == ServiceProbe::denied ? Status::denied : Status::failed;
  c.error = "cannot tell whether " + who + " is installed: " + std::string(detail);
  return c;
}

std::optional<RegistryPath> split_registry_path(std::string_view what) {
  const std::size_t sep = what.find('\\');
  RegistryPath out;
  out.root = std::string(what.substr(0, sep));
  if (sep != std::string_view::npos) out.subkey = std::string(what.substr(sep + 1));
  if (out.root.empty()) return std::nullopt;
  return out;
}

CommandVerdict classify_command(const CommandRun& run) {
  CommandVerdict v;
  const bool has_output = run.output_bytes > 0;
  if (run.cancelled) {
    v.status = Status::failed;
    v.error = "interrupted by the user (Ctrl-C); the process tree was killed";
  } else if (run.write_error != 0) {
    v.status = has_output ? Status::truncated : Status::failed;
    v.error = "writing the output to its temporary file failed (Win32 error " + std::to_string(run.write_error) +
              (has_output ? "); the " + std::to_string(run.output_bytes) + " bytes written before are kept"
                          : "); nothing was kept") +
              " and the process tree was killed";
  } else if (run.timed_out) {
    v.status = Status::timeout;
    v.error = "killed at its time limit with its whole process tree";
  } else if (run.truncated) {
    v.status = Status::truncated;
    v.error = "output exceeded the size cap; the first bytes are kept and the process tree was killed";
  } else if (!run.exited) {
    v.status = Status::failed;
    v.error = "the process did not finish";
  } else if (!has_output && run.exit_code != 0) {
    v.status = Status::failed;
    v.error = "exited with code " + std::to_string(run.exit_code) + " and printed nothing";
  } else {
    v.status = Status::ok;
  }
  v.store_output = has_output || v.status == Status::ok;
  return v;
}

Encoding command_output_encoding(std::string_view head) {
  return contract::encoding_of(contract::sniff_text_form(head), Encoding::oem);
}

std::string join_notes(std::string_view first, std::string_view second) {
  if (first.empty()) return std::string(second);
  if (second.empty()) return std::string(first);
  return std::string(first) + "; " + std::string(second);
}

std::string format_seconds(std::uint64_t milliseconds) {
  const std::uint64_t tenths = (milliseconds + 50) / 100;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
}

}  // namespace migready::collector
