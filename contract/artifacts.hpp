// The artifact table: the one place that names every artifact a bundle may hold.
//
// Shared by both programs (declare once, implement apart): the collector walks this table to decide what to
// gather and where to put it in the zip; the analyzer resolves each artifact through the manifest by `id`
// and uses this table to name what is missing. A path is written here once and never anywhere else.
//
// Contract: docs/bundle-format.md. Changing an id or a path is a breaking change of the bundle format
// (a new major format_version); adding a row is a minor one. Header-only, C++17, no dependencies, so the
// mingw collector and the host analyzer compile the same bytes.
#pragma once

#include <string_view>

namespace migready::contract {

inline constexpr std::string_view kManifestPath = "manifest.json";
inline constexpr std::string_view kFormatName = "migready-bundle";
inline constexpr std::string_view kFormatVersion = "1.0";  // MAJOR.MINOR, see docs/bundle-format.md
inline constexpr int kFormatMajor = 1;

// How an artifact is produced; the manifest's source.type.
enum class Source { registry, command, file, api };

struct ArtifactSpec {
  std::string_view id;        // stable identifier, "area.name"; rules and facts refer to artifacts by it
  std::string_view path;      // path in the zip when collected in its primary format
  std::string_view alt_path;  // path when collected in the fallback format ("" = no fallback)
  Source source;
  std::string_view what;      // the command line, registry key, file path or API that produces it
  unsigned timeout_seconds;   // default time limit for a command (0 = not a command)
};

// Registry trees are saved as regf hives with RegSaveKey (path) or, where that is impossible or the saved
// file is not regf (Wine), exported through the registry API as a REGEDIT5 .reg file (alt_path).
inline constexpr ArtifactSpec kArtifacts[] = {
    {"registry.system", "registry/SYSTEM.hiv", "registry/SYSTEM.reg", Source::registry,
     "HKEY_LOCAL_MACHINE\\SYSTEM", 0},
    {"registry.software", "registry/SOFTWARE.hiv", "registry/SOFTWARE.reg", Source::registry,
     "HKEY_LOCAL_MACHINE\\SOFTWARE", 0},
    {"command.ipconfig_all", "commands/ipconfig_all.txt", "", Source::command, "ipconfig /all", 120},
};

constexpr const ArtifactSpec* find_artifact(std::string_view id) {
  for (const auto& spec : kArtifacts) {
    if (spec.id == id) return &spec;
  }
  return nullptr;
}

}  // namespace migready::contract
