#include "parsers/command_failure.hpp"

namespace migready::parsers {
namespace {

struct BadLine {
  std::string_view marker;
  std::string_view reason;
};

// English texts of Windows Server 2003's cmd.exe and the tools; localized ones join in the parsers issue.
constexpr BadLine kBadLines[] = {
    {"is not recognized as an internal or external command", "the command was not found"},
    {"Access is denied", "access was denied"},
    {"The system cannot find the file specified", "the program or a file it needs was not found"},
    {"The system cannot find the path specified", "the program's folder was not found"},
};

}  // namespace

std::optional<std::string> command_failure(std::string_view text) {
  // Only the first lines decide: a tool's own report may quote such text further down.
  const std::string_view head = text.substr(0, 512);
  for (const auto& bad : kBadLines) {
    if (head.find(bad.marker) != std::string_view::npos) return std::string(bad.reason);
  }
  return std::nullopt;
}

}  // namespace migready::parsers
