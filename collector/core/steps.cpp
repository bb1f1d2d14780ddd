#include "core/steps.hpp"

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

std::string format_seconds(std::uint64_t milliseconds) {
  const std::uint64_t tenths = (milliseconds + 50) / 100;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
}

}  // namespace migready::collector
