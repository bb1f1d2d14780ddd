#include "core/options.hpp"

#include "contract/age_recipient.hpp"

namespace migready::collector {
namespace {

std::optional<unsigned> parse_seconds(std::string_view text) {
  if (text.empty() || text.size() > 6) return std::nullopt;
  unsigned value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value == 0 || value > kMaxTimeoutSeconds) return std::nullopt;
  return value;
}

std::optional<std::uint64_t> parse_bytes(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  std::uint64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (value == 0 || value > kCommandOutputCap) return std::nullopt;
  return value;
}

}  // namespace

ParsedOptions parse_options(const std::vector<std::string>& args, const std::optional<std::string>& ldap_password) {
  Options options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    std::string_view name = arg;
    std::optional<std::string_view> inline_value;
    if (arg.starts_with("--")) {
      const auto eq = arg.find('=');
      if (eq != std::string_view::npos) {
        name = arg.substr(0, eq);
        inline_value = arg.substr(eq + 1);
      }
    }
    const auto take_value = [&]() -> std::optional<std::string_view> {
      if (inline_value) return inline_value;
      if (i + 1 < args.size()) return std::string_view(args[++i]);
      return std::nullopt;
    };
    if (name == "--help" || name == "-h" || name == "/?") {
      options.help = true;
    } else if (name == "--version") {
      options.version = true;
    } else if (name == "--out") {
      const auto v = take_value();
      if (!v || v->empty()) return {std::nullopt, "--out needs a folder"};
      options.out_dir = std::string(*v);
    } else if (name == "--temp") {
      const auto v = take_value();
      if (!v || v->empty()) return {std::nullopt, "--temp needs a folder"};
      options.temp_dir = std::string(*v);
    } else if (name == "--timeout") {
      const auto v = take_value();
      if (!v) return {std::nullopt, "--timeout needs a number of seconds"};
      const auto seconds = parse_seconds(*v);
      if (!seconds) return {std::nullopt, "--timeout must be a whole number of seconds from 1 to 86400"};
      options.timeout_seconds = seconds;
    } else if (name == "--directory-timeout") {
      const auto v = take_value();
      if (!v) return {std::nullopt, "--directory-timeout needs a number of seconds"};
      const auto seconds = parse_seconds(*v);
      if (!seconds) return {std::nullopt, "--directory-timeout must be a whole number of seconds from 1 to 86400"};
      options.directory_timeout_seconds = seconds;
    } else if (name == "--output-cap") {
      const auto v = take_value();
      if (!v) return {std::nullopt, "--output-cap needs a number of bytes"};
      const auto bytes = parse_bytes(*v);
      if (!bytes) return {std::nullopt, "--output-cap must be a whole number of bytes from 1 to 67108864"};
      options.output_cap = bytes;
    } else if (name == "--ntp-server") {
      const auto v = take_value();
      if (!v) return {std::nullopt, "--ntp-server needs HOST or HOST:PORT"};
      sntp::ParsedHostPort parsed = sntp::parse_host_port(*v);
      if (!parsed.value) return {std::nullopt, "--ntp-server: " + parsed.error};
      options.ntp_server = parsed.value;
    } else if (name == "--ldap-server") {
      const auto v = take_value();
      if (!v) return {std::nullopt, "--ldap-server needs HOST or HOST:PORT"};
      sntp::ParsedHostPort parsed = sntp::parse_host_port(*v, kLdapDefaultPort);
      if (!parsed.value) return {std::nullopt, "--ldap-server: " + parsed.error};
      options.ldap_server = parsed.value;
    } else if (name == "--ldap-bind-dn") {
      const auto v = take_value();
      if (!v || v->empty()) return {std::nullopt, "--ldap-bind-dn needs a distinguished name"};
      options.ldap_bind_dn = std::string(*v);
    } else if (name == "--only") {
      const auto v = take_value();
      if (!v)
        return {std::nullopt,
                "--only needs artifact ids or groups, comma-separated; valid: " + contract::valid_words_text()};
      if (options.only) return {std::nullopt, "--only is given twice; list every artifact in one --only"};
      contract::Selection selection = contract::select_artifacts(*v);
      if (!selection.error.empty()) return {std::nullopt, selection.error};
      options.only = std::move(selection);
    } else if (name == "--encrypt-to") {
      const auto v = take_value();
      if (!v || v->empty()) return {std::nullopt, "--encrypt-to needs the desk's public key (age1...)"};
      std::string why;
      if (!contract::age::parse_recipient(*v, why)) return {std::nullopt, "--encrypt-to: " + why};
      options.encrypt_to = std::string(*v);
    } else {
      return {std::nullopt, "unknown argument: " + std::string(arg)};
    }
  }
  if (options.ldap_bind_dn) {
    if (!ldap_password || ldap_password->empty()) {
      return {std::nullopt, "--ldap-bind-dn needs the password in the environment variable " +
                                std::string(kLdapPasswordVariable) + " (set and not empty)"};
    }
    options.ldap_password = ldap_password;
  }
  return {options, {}};
}

std::string usage_text() {
  return "usage: migready-collect.exe [--out DIR] [--temp DIR] [--timeout SECONDS]\n"
         "                            [--ntp-server HOST[:PORT]] [--ldap-server HOST[:PORT]] [--ldap-bind-dn DN]\n"
         "                            [--directory-timeout SECONDS] [--only ID[,ID...]]\n"
         "                            [--encrypt-to age1...] [--help] [--version]\n"
         "\n"
         "Collects registry hives and command outputs of this server into one zip bundle for the\n"
         "migready analyzer. Reads only: it changes nothing on the server.\n"
         "\n"
         "  --out DIR          folder for the bundle (default: the folder of this program,\n"
         "                     or %TEMP% when that folder is not writable)\n"
         "  --temp DIR         folder for temporary files (default: on the fixed volume with the\n"
         "                     most free space: %TEMP%, the bundle's folder, %windir%\\Temp or\n"
         "                     that volume's root)\n"
         "  --timeout SECONDS  time limit for each command (default: per command, 1..86400)\n"
         "  --output-cap BYTES for testing: keep at most BYTES of each command's output\n"
         "                     (default and maximum 67108864 = 64 MiB; beyond it: truncated)\n"
         "  --ntp-server HOST[:PORT]\n"
         "                     time server to measure the clock against (default: W32Time's\n"
         "                     NtpServer, else time.windows.com; the clock is never changed)\n"
         "  --ldap-server HOST[:PORT]\n"
         "                     domain controller to read the directory from (default: the one\n"
         "                     Windows locates, on SBS this server; port 389; read only)\n"
         "  --ldap-bind-dn DN  bind with this DN and the password in the environment variable\n"
         "                     MIGREADY_LDAP_PASSWORD (default: as the logged-on user)\n"
         "  --directory-timeout SECONDS\n"
         "                     time limit for reading the directory; past it the reading is\n"
         "                     abandoned and the rest goes on (default 600, 1..86400)\n"
         "  --only ID[,ID...]  collect only these artifacts or groups (below); the bundle says it\n"
         "                     is partial, and `migready merge` adds it to the full bundle\n"
         "  --encrypt-to age1...\n"
         "                     seal the bundle to this public key (the desk's: 'migready keygen'\n"
         "                     prints it) in the age format: <name>.zip.age, which only the\n"
         "                     desk's key opens (migready --identity, or age -d); the plain zip\n"
         "                     is never written to disk\n"
         "  --help             this text\n"
         "  --version          the collector's version\n"
         "\n"
         "Free space: the collection does not start when the bundle's or the temporary files'\n"
         "volume would keep less than 5 % of its size (at least 256 MiB) free; use --out and --temp\n"
         "to put them elsewhere. A bundle that would cross that line during the run stops early.\n"
         "Progress goes to stderr; the bundle's path is printed on stdout.\n"
         "Exit codes: 0 bundle written, complete, every artifact ok\n"
         "            1 bundle written, but interrupted (Ctrl-C) or some artifact not ok\n"
         "            2 usage error\n"
         "            3 no bundle could be written\n" +
         only_words_text();
}

std::string only_words_text() {
  std::string text = "\nArtifact groups for --only (a report's \"Not checked\" finding prints the line to run):\n";
  for (const auto& g : contract::kArtifactGroups) {
    std::string line = "  " + std::string(g.name);
    line.resize(16, ' ');
    text += line + std::string(g.what) + ":\n                  " + std::string(g.members) + "\n";
  }
  text += "Artifact ids for --only:\n";
  std::string line = " ";
  for (const auto& spec : contract::kArtifacts) {
    if (line.size() + 1 + spec.id.size() > 100) {
      text += line + "\n";
      line = " ";
    }
    line += " " + std::string(spec.id);
  }
  return text + line + "\n";
}

int exit_code_for(bool complete, bool all_artifacts_ok) {
  return (complete && all_artifacts_ok) ? kExitComplete : kExitIncomplete;
}

}  // namespace migready::collector
