#include "parsers/systeminfo.hpp"

#include <re2/re2.h>

#include <charconv>

#include "contract/ascii.hpp"
#include "parsers/command_failure.hpp"
#include "parsers/text_util.hpp"

namespace migready::parsers {
namespace {

using contract::ascii_lower;
using text_util::trim;

enum class Field {
  host_name, os_name, os_version, os_configuration, original_install_date, boot_time, up_time, manufacturer,
  model, system_type, bios_version, time_zone, total_memory, available_memory, domain, logon_server,
  processors, hotfixes, network_cards, hyperv, ignored
};

struct Label {
  Language lang;
  std::string_view text;  // compared with the line's label in ASCII lower case, U+2019 read as '\''
  Field field;
};

// Every top-level label systeminfo prints, per language, as real outputs print them (docs/parsers.md,
// "Languages", names the sources); the ones this parser does not keep are listed so they are not warnings.
// English: XP through Server 2022; German: Vista and later plus the XP/2003 spellings.
constexpr Label kLabels[] = {
    {Language::en, "host name", Field::host_name},
    {Language::en, "os name", Field::os_name},
    {Language::en, "os version", Field::os_version},
    {Language::en, "os manufacturer", Field::ignored},
    {Language::en, "os configuration", Field::os_configuration},
    {Language::en, "os build type", Field::ignored},
    {Language::en, "registered owner", Field::ignored},
    {Language::en, "registered organization", Field::ignored},
    {Language::en, "product id", Field::ignored},
    {Language::en, "original install date", Field::original_install_date},
    {Language::en, "system boot time", Field::boot_time},
    {Language::en, "system up time", Field::up_time},
    {Language::en, "system manufacturer", Field::manufacturer},
    {Language::en, "system model", Field::model},
    {Language::en, "system type", Field::system_type},
    {Language::en, "processor(s)", Field::processors},
    {Language::en, "bios version", Field::bios_version},
    {Language::en, "windows directory", Field::ignored},
    {Language::en, "system directory", Field::ignored},
    {Language::en, "boot device", Field::ignored},
    {Language::en, "system locale", Field::ignored},
    {Language::en, "input locale", Field::ignored},
    {Language::en, "time zone", Field::time_zone},
    {Language::en, "total physical memory", Field::total_memory},
    {Language::en, "available physical memory", Field::available_memory},
    {Language::en, "virtual memory: max size", Field::ignored},
    {Language::en, "virtual memory: available", Field::ignored},
    {Language::en, "virtual memory: in use", Field::ignored},
    {Language::en, "page file: max size", Field::ignored},
    {Language::en, "page file: available", Field::ignored},
    {Language::en, "page file: in use", Field::ignored},
    {Language::en, "page file location(s)", Field::ignored},
    {Language::en, "domain", Field::domain},
    {Language::en, "logon server", Field::logon_server},
    {Language::en, "hotfix(s)", Field::hotfixes},
    {Language::en, "network card(s)", Field::network_cards},
    {Language::en, "hyper-v requirements", Field::hyperv},
    // German
    {Language::de, "hostname", Field::host_name},
    {Language::de, "betriebssystemname", Field::os_name},
    {Language::de, "betriebssystemversion", Field::os_version},
    {Language::de, "betriebssystemhersteller", Field::ignored},
    {Language::de, "betriebssystemkonfiguration", Field::os_configuration},
    {Language::de, "betriebssystem-buildtyp", Field::ignored},
    {Language::de, "registrierter benutzer", Field::ignored},
    {Language::de, "registrierte organisation", Field::ignored},
    {Language::de, "produkt-id", Field::ignored},
    {Language::de, "ursprüngliches installationsdatum", Field::original_install_date},
    {Language::de, "systemstartzeit", Field::boot_time},
    {Language::de, "systembetriebszeit", Field::up_time},
    {Language::de, "systemhersteller", Field::manufacturer},
    {Language::de, "systemmodell", Field::model},
    {Language::de, "systemtyp", Field::system_type},
    {Language::de, "prozessor(en)", Field::processors},
    {Language::de, "bios-version", Field::bios_version},
    {Language::de, "windows-verzeichnis", Field::ignored},
    {Language::de, "system-verzeichnis", Field::ignored},
    {Language::de, "startgerät", Field::ignored},
    {Language::de, "systemgebietsschema", Field::ignored},
    {Language::de, "eingabegebietsschema", Field::ignored},
    {Language::de, "zeitzone", Field::time_zone},
    {Language::de, "gesamter physischer speicher", Field::total_memory},
    {Language::de, "verfügbarer physischer speicher", Field::available_memory},
    {Language::de, "gesamter physikalischer speicher", Field::total_memory},
    {Language::de, "verfügbarer physikalischer speicher", Field::available_memory},
    {Language::de, "virtueller arbeitsspeicher: maximale größe", Field::ignored},
    {Language::de, "virtueller arbeitsspeicher: verfügbar", Field::ignored},
    {Language::de, "virtueller arbeitsspeicher: zurzeit verwendet", Field::ignored},
    {Language::de, "auslagerungsdateipfad(e)", Field::ignored},
    {Language::de, "domäne", Field::domain},
    {Language::de, "anmeldeserver", Field::logon_server},
    {Language::de, "hotfix(es)", Field::hotfixes},
    {Language::de, "netzwerkkarte(n)", Field::network_cards},
    {Language::de, "hyper-v-anforderungen", Field::hyperv},
    // French (Windows 10)
    {Language::fr, "nom de l'hôte", Field::host_name},
    {Language::fr, "nom du système d'exploitation", Field::os_name},
    {Language::fr, "version du système", Field::os_version},
    {Language::fr, "fabricant du système d'exploitation", Field::ignored},
    {Language::fr, "configuration du système d'exploitation", Field::os_configuration},
    {Language::fr, "type de version du système d'exploitation", Field::ignored},
    {Language::fr, "propriétaire enregistré", Field::ignored},
    {Language::fr, "organisation enregistrée", Field::ignored},
    {Language::fr, "identificateur de produit", Field::ignored},
    {Language::fr, "date d'installation originale", Field::original_install_date},
    {Language::fr, "heure de démarrage du système", Field::boot_time},
    {Language::fr, "fabricant du système", Field::manufacturer},
    {Language::fr, "modèle du système", Field::model},
    {Language::fr, "type du système", Field::system_type},
    {Language::fr, "processeur(s)", Field::processors},
    {Language::fr, "version du bios", Field::bios_version},
    {Language::fr, "répertoire windows", Field::ignored},
    {Language::fr, "répertoire système", Field::ignored},
    {Language::fr, "périphérique d'amorçage", Field::ignored},
    {Language::fr, "option régionale du système", Field::ignored},
    {Language::fr, "paramètres régionaux d'entrée", Field::ignored},
    {Language::fr, "fuseau horaire", Field::time_zone},
    {Language::fr, "mémoire physique totale", Field::total_memory},
    {Language::fr, "mémoire physique disponible", Field::available_memory},
    {Language::fr, "mémoire virtuelle : taille maximale", Field::ignored},
    {Language::fr, "mémoire virtuelle : disponible", Field::ignored},
    {Language::fr, "mémoire virtuelle : en cours d'utilisation", Field::ignored},
    {Language::fr, "emplacements des fichiers d'échange", Field::ignored},
    {Language::fr, "domaine", Field::domain},
    {Language::fr, "serveur d'ouverture de session", Field::logon_server},
    {Language::fr, "correctif(s)", Field::hotfixes},
    {Language::fr, "carte(s) réseau", Field::network_cards},
    {Language::fr, "configuration requise pour hyper-v", Field::hyperv},
    // Spanish (Windows 11)
    {Language::es, "nombre de host", Field::host_name},
    {Language::es, "nombre del sistema operativo", Field::os_name},
    {Language::es, "versión del sistema operativo", Field::os_version},
    {Language::es, "fabricante del sistema operativo", Field::ignored},
    {Language::es, "configuración del sistema operativo", Field::os_configuration},
    {Language::es, "tipo de compilación del sistema operativo", Field::ignored},
    {Language::es, "propiedad de", Field::ignored},
    {Language::es, "organización registrada", Field::ignored},
    {Language::es, "id. del producto", Field::ignored},
    {Language::es, "fecha de instalación original", Field::original_install_date},
    {Language::es, "tiempo de arranque del sistema", Field::boot_time},
    {Language::es, "fabricante del sistema", Field::manufacturer},
    {Language::es, "modelo el sistema", Field::model},
    {Language::es, "tipo de sistema", Field::system_type},
    {Language::es, "procesador(es)", Field::processors},
    {Language::es, "versión del bios", Field::bios_version},
    {Language::es, "directorio de windows", Field::ignored},
    {Language::es, "directorio de sistema", Field::ignored},
    {Language::es, "dispositivo de arranque", Field::ignored},
    {Language::es, "configuración regional del sistema", Field::ignored},
    {Language::es, "idioma de entrada", Field::ignored},
    {Language::es, "zona horaria", Field::time_zone},
    {Language::es, "cantidad total de memoria física", Field::total_memory},
    {Language::es, "memoria física disponible", Field::available_memory},
    {Language::es, "memoria virtual: tamaño máximo", Field::ignored},
    {Language::es, "memoria virtual: disponible", Field::ignored},
    {Language::es, "memoria virtual: en uso", Field::ignored},
    {Language::es, "ubicación(es) de archivo de paginación", Field::ignored},
    {Language::es, "dominio", Field::domain},
    {Language::es, "servidor de inicio de sesión", Field::logon_server},
    {Language::es, "revisión(es)", Field::hotfixes},
    {Language::es, "tarjeta(s) de red", Field::network_cards},
    {Language::es, "requisitos hyper-v", Field::hyperv},
    // Portuguese, Brazil (Windows 10/11)
    {Language::pt, "nome do host", Field::host_name},
    {Language::pt, "nome do sistema operacional", Field::os_name},
    {Language::pt, "versão do sistema operacional", Field::os_version},
    {Language::pt, "fabricante do sistema operacional", Field::ignored},
    {Language::pt, "configuração do sistema operacional", Field::os_configuration},
    {Language::pt, "tipo de compilação do sistema operacional", Field::ignored},
    {Language::pt, "proprietário registrado", Field::ignored},
    {Language::pt, "organização registrada", Field::ignored},
    {Language::pt, "identificação do produto", Field::ignored},
    {Language::pt, "data da instalação original", Field::original_install_date},
    {Language::pt, "tempo de inicialização do sistema", Field::boot_time},
    {Language::pt, "fabricante do sistema", Field::manufacturer},
    {Language::pt, "modelo do sistema", Field::model},
    {Language::pt, "tipo de sistema", Field::system_type},
    {Language::pt, "processador(es)", Field::processors},
    {Language::pt, "versão do bios", Field::bios_version},
    {Language::pt, "diretório do windows", Field::ignored},
    {Language::pt, "diretório do sistema", Field::ignored},
    {Language::pt, "inicializar dispositivo", Field::ignored},
    {Language::pt, "localidade do sistema", Field::ignored},
    {Language::pt, "localidade de entrada", Field::ignored},
    {Language::pt, "fuso horário", Field::time_zone},
    {Language::pt, "memória física total", Field::total_memory},
    {Language::pt, "memória física disponível", Field::available_memory},
    {Language::pt, "memória virtual: tamanho máximo", Field::ignored},
    {Language::pt, "memória virtual: disponível", Field::ignored},
    {Language::pt, "memória virtual: em uso", Field::ignored},
    {Language::pt, "local(s) do arquivo de página", Field::ignored},
    {Language::pt, "local(is) de arquivo de paginação", Field::ignored},
    {Language::pt, "domínio", Field::domain},
    {Language::pt, "servidor de logon", Field::logon_server},
    {Language::pt, "hotfix(es)", Field::hotfixes},
    {Language::pt, "placa(s) de rede", Field::network_cards},
    {Language::pt, "segurança baseada em virtualização", Field::hyperv},
    {Language::pt, "requisitos do hyper-v", Field::hyperv},
    // Japanese (Windows 7)
    {Language::ja, "ホスト名", Field::host_name},
    {Language::ja, "os 名", Field::os_name},
    {Language::ja, "os バージョン", Field::os_version},
    {Language::ja, "os 製造元", Field::ignored},
    {Language::ja, "os 構成", Field::os_configuration},
    {Language::ja, "os ビルドの種類", Field::ignored},
    {Language::ja, "登録されている所有者", Field::ignored},
    {Language::ja, "登録されている組織", Field::ignored},
    {Language::ja, "プロダクト id", Field::ignored},
    {Language::ja, "最初のインストール日付", Field::original_install_date},
    {Language::ja, "システム起動時間", Field::boot_time},
    {Language::ja, "システム製造元", Field::manufacturer},
    {Language::ja, "システム モデル", Field::model},
    {Language::ja, "システムの種類", Field::system_type},
    {Language::ja, "プロセッサ", Field::processors},
    {Language::ja, "bios バージョン", Field::bios_version},
    {Language::ja, "windows ディレクトリ", Field::ignored},
    {Language::ja, "システム ディレクトリ", Field::ignored},
    {Language::ja, "起動デバイス", Field::ignored},
    {Language::ja, "システム ロケール", Field::ignored},
    {Language::ja, "入力ロケール", Field::ignored},
    {Language::ja, "タイム ゾーン", Field::time_zone},
    {Language::ja, "物理メモリの合計", Field::total_memory},
    {Language::ja, "利用できる物理メモリ", Field::available_memory},
    {Language::ja, "仮想メモリ: 最大サイズ", Field::ignored},
    {Language::ja, "仮想メモリ: 利用可能", Field::ignored},
    {Language::ja, "仮想メモリ: 使用中", Field::ignored},
    {Language::ja, "ページ ファイルの場所", Field::ignored},
    {Language::ja, "ドメイン", Field::domain},
    {Language::ja, "ログオン サーバー", Field::logon_server},
    {Language::ja, "ホットフィックス", Field::hotfixes},
    {Language::ja, "ネットワーク カード", Field::network_cards},
};

// What else differs per language (index = Language): the word before the build number in "OS Version", the
// memory unit, the Yes/No values, and the network card block's labels and states. `read` false: no real
// output of that language was found, so systeminfo has no table for it.
struct Phrases {
  bool read;
  std::string_view build;  // ASCII lower case
  std::string_view megabytes;
  std::string_view yes, no;
  std::string_view connection_name, dhcp_enabled, dhcp_server, status, addresses;  // ASCII lower case
  std::string_view disconnected, not_present;  // card states, mapped to the English ones
};
constexpr Phrases kPhrases[] = {
    {true, "build", " MB", "yes", "no", "connection name", "dhcp enabled", "dhcp server", "status", "ip address(es)",
     "media disconnected", "hardware not present"},
    {true, "build", " MB", "ja", "nein", "verbindungsname", "dhcp aktiviert", "dhcp-server", "status", "ip-adresse(n)",
     "", ""},
    {true, "version", " Mo", "oui", "non", "nom de la connexion", "dhcp activé", "serveur dhcp", "état", "adresse(s) ip",
     "support déconnecté", "matériel absent"},
    {true, "compilación", " MB", "sí", "no", "nombre de conexión", "dhcp habilitado", "servidor dhcp", "", "direcciones ip",
     "", ""},
    {false, "", "", "", "", "", "", "", "", "", "", ""},  // Italian
    {false, "", "", "", "", "", "", "", "", "", "", ""},  // Dutch
    {true, "compilação", " MB", "sim", "não", "nome da conexão", "dhcp ativado", "servidor dhcp", "status",
     "endereço(es) ip", "mídia desconectada", ""},
    {true, "ビルド", " MB", "はい", "いいえ", "接続名", "dhcp が有効", "dhcp サーバー", "", "ip アドレス", "", ""},
};
static_assert(std::size(kPhrases) == std::size(kLanguageNames));

std::string_view language_title(Language l) {
  constexpr std::string_view kTitles[] = {"English", "German", "French",     "Spanish",
                                          "Italian", "Dutch",  "Portuguese", "Japanese"};
  return kTitles[static_cast<int>(l)];
}

// "5.2.3790 Service Pack 2 Build 3790"   "10.0.19042 N/A version 19042"   "6.1.7601 Service Pack 1 ビルド 7601"
const RE2& version_re() {
  static const RE2 re(R"(^(\d+\.\d+\.\d+)\s+(.*?)\s*(\S+)\s+(\d+)\s*$)");
  return re;
}
const RE2& service_pack_re() {
  static const RE2 re(R"(^Service Pack (\d+)$)");
  return re;
}
// "3 Hotfix(s) Installed."   "5 Hotfix(e) installiert."
const RE2& leading_count_re() {
  static const RE2 re(R"(^(\d+)\s)");
  return re;
}
// "                           [03]: KB925398 - Update"   and the bare "[246]" of a truncated list
const RE2& numbered_re() {
  static const RE2 re(R"(^(\s+)\[(\d+)\](?::\s*(.*?))?\s*$)");
  return re;
}
// "                                 DHCP Enabled:    Yes"
const RE2& nic_field_re() {
  static const RE2 re(R"(^\s+([^:\[]+?):\s*(.*?)\s*$)");
  return re;
}


// A line in ASCII lower case with U+2019 (Windows 10's French "Nom de l’hôte") read as '\'', and for each byte of
// it the offset of the original byte it came from.
struct Folded {
  std::string text;
  std::vector<std::size_t> origin;
};
Folded fold(std::string_view line) {
  Folded f;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line.substr(i, 3) == "\xE2\x80\x99") {
      f.text += '\'';
      f.origin.push_back(i);
      i += 2;
      continue;
    }
    f.text += line[i];
    f.origin.push_back(i);
  }
  f.origin.push_back(line.size());
  f.text = ascii_lower(f.text);
  return f;
}

// The label of a top-level line, matched against `lang`'s rows of kLabels; `value` is what follows its colon.
const Label* match_label(std::string_view line, Language lang, std::string& value) {
  const Folded f = fold(line);
  const Label* best = nullptr;
  for (const auto& label : kLabels) {
    if (label.lang == lang && f.text.size() > label.text.size() && f.text.compare(0, label.text.size(), label.text) == 0 &&
        f.text[label.text.size()] == ':' && (best == nullptr || label.text.size() > best->text.size())) {
      best = &label;
    }
  }
  if (best != nullptr) value = std::string(trim(line.substr(f.origin[best->text.size() + 1])));
  return best;
}

// The language whose host name label starts `line` (systeminfo's first line), if any.
std::optional<Language> host_name_language(std::string_view line) {
  for (int i = 0; i < static_cast<int>(std::size(kPhrases)); ++i) {
    std::string value;
    const Label* label = match_label(line, static_cast<Language>(i), value);
    if (label != nullptr && label->field == Field::host_name) return static_cast<Language>(i);
  }
  return std::nullopt;
}

std::optional<int> to_int(std::string_view digits) {
  int n = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc{} || ptr != digits.data() + digits.size()) return std::nullopt;
  return n;
}

// "2,047 MB", "16.236 MB", "2 047 MB" (with U+00A0 or U+202F), French "16 349 Mo": the digits, whatever groups
// them, before the language's unit.
std::optional<std::int64_t> megabytes(std::string_view value, std::string_view unit_text) {
  const auto unit = value.rfind(unit_text);
  if (unit == std::string_view::npos || trim(value.substr(unit + unit_text.size())) != "") return std::nullopt;
  std::int64_t n = 0;
  bool any = false;
  for (std::size_t i = 0; i < unit; ++i) {
    const char c = value[i];
    if (c >= '0' && c <= '9') {
      if (n > (INT64_MAX - 9) / 10) return std::nullopt;
      n = n * 10 + (c - '0');
      any = true;
    } else if (c == ',' || c == '.' || c == ' ' || c == '\'') {
      continue;
    } else if (value.substr(i, 2) == "\xC2\xA0") {
      ++i;
    } else if (value.substr(i, 3) == "\xE2\x80\xAF") {
      i += 2;
    } else {
      return std::nullopt;
    }
  }
  return any ? std::optional<std::int64_t>(n) : std::nullopt;
}

std::optional<bool> yes_no(std::string_view v, const Phrases& p) {
  const std::string lower = ascii_lower(trim(v));
  if (lower == p.yes) return true;
  if (lower == p.no) return false;
  return std::nullopt;
}

void parse_version(Systeminfo& out, const Phrases& p) {
  std::string number, middle, word, build;
  if (!RE2::FullMatch(out.os_version, version_re(), &number, &middle, &word, &build) || ascii_lower(word) != p.build) {
    return;
  }
  out.os_version_number = number;
  out.os_build = to_int(build);
  int sp = 0;
  out.service_pack = RE2::FullMatch(middle, service_pack_re(), &sp) ? sp : 0;
}

}  // namespace

std::string hypervisor_of(std::string_view manufacturer, std::string_view model) {
  const std::string m = ascii_lower(trim(manufacturer));
  const std::string p = ascii_lower(trim(model));
  auto has = [](const std::string& s, std::string_view what) { return s.find(what) != std::string::npos; };
  if (has(m, "vmware") || has(p, "vmware")) return "VMware";
  if (has(m, "microsoft") && p == "virtual machine") return "Microsoft Hyper-V / Virtual PC";
  if (has(m, "innotek") || has(p, "virtualbox")) return "VirtualBox";
  if (has(m, "qemu") || has(p, "kvm") || has(p, "standard pc (")) return "QEMU/KVM";
  if (has(m, "xen") || has(p, "hvm domu")) return "Xen";
  if (has(m, "parallels") || has(p, "parallels")) return "Parallels";
  return {};
}

Result<Systeminfo> parse_systeminfo(std::string_view text, const std::string& where, Diagnostics& diags,
                                    std::optional<Language> expected) {
  if (auto failure = command_failure(text)) {
    return make_error(Errc::format, "systeminfo did not run: " + *failure, where + ":1");
  }
  Systeminfo out;
  // The first label (the host name) names the language of the whole output; the expected one must agree.
  std::optional<Language> found;
  int first_line = 1;
  for (std::string_view l : text_util::split_lines(text)) {
    if (!l.empty() && l.front() != ' ' && l.front() != '\t' && !trim(l).empty()) {
      if (l.substr(0, 6) == "ERROR:") {  // systeminfo's own failure, whatever the language
        return make_error(Errc::format, "systeminfo failed: " + std::string(trim(l.substr(6))),
                          where + ":" + std::to_string(first_line));
      }
      found = host_name_language(l);
      break;
    }
    ++first_line;
  }
  if (found && expected && *found != *expected) {
    return make_error(Errc::format,
                      "systeminfo's first label is " + std::string(language_title(*found)) + ", but " +
                          std::string(language_title(*expected)) + " was expected (the server's UI language)",
                      where + ":" + std::to_string(first_line));
  }
  out.language = found.value_or(expected.value_or(Language::en));
  const Phrases& phrases = kPhrases[static_cast<int>(out.language)];
  if (!phrases.read) {
    return make_error(Errc::format,
                      "systeminfo in " + std::string(language_title(out.language)) +
                          ": no label table for that language (no real output of it was found)",
                      where + ":1");
  }
  bool seen = false;
  Field section = Field::ignored;
  std::size_t nic_indent = 0;      // indentation of the "[01]: <card>" lines of this output
  bool in_addresses = false;       // after a card's "IP address(es)" line
  int line_no = 0;
  std::size_t pos = 0;
  auto warn = [&](const char* what) { diags.warn(Errc::format, what, where + ":" + std::to_string(line_no)); };
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    const bool cut = end == std::string_view::npos;
    if (cut) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    if (line.empty()) continue;
    if (cut && seen) {  // systeminfo ends every line; without its end the value may be cut ("KB9")
      warn("systeminfo output ends mid-line (truncated): last line ignored");
      break;
    }

    if (line.front() != ' ' && line.front() != '\t') {
      if (!seen && line.substr(0, 6) == "ERROR:") {
        return make_error(Errc::format, "systeminfo failed: " + std::string(trim(line.substr(6))),
                          where + ":" + std::to_string(line_no));
      }
      std::string value;
      const Label* label = match_label(line, out.language, value);
      if (label == nullptr) {
        warn("unrecognized systeminfo line");
        section = Field::ignored;
        continue;
      }
      section = label->field;
      switch (label->field) {
        case Field::host_name: out.host_name = value; seen = true; break;
        case Field::os_name: out.os_name = value; seen = true; break;
        case Field::os_version: out.os_version = value; parse_version(out, phrases); break;
        case Field::os_configuration: out.os_configuration = value; break;
        case Field::original_install_date: out.original_install_date = value; break;
        case Field::boot_time: out.boot_time = value; break;
        case Field::up_time: out.up_time = value; break;
        case Field::manufacturer: out.system_manufacturer = value; break;
        case Field::model: out.system_model = value; break;
        case Field::system_type: out.system_type = value; break;
        case Field::bios_version: out.bios_version = value; break;
        case Field::time_zone: out.time_zone = value; break;
        case Field::total_memory:
        case Field::available_memory: {
          auto mb = megabytes(value, phrases.megabytes);
          if (!mb && value != "N/A" && value != "N/D") warn("systeminfo memory size not understood");
          (label->field == Field::total_memory ? out.total_physical_memory_mb : out.available_physical_memory_mb) = mb;
          break;
        }
        case Field::domain: out.domain = value; break;
        case Field::logon_server: out.logon_server = value; break;
        case Field::hotfixes: {
          int count = 0;
          if (RE2::PartialMatch(value, leading_count_re(), &count)) out.hotfix_count = count;
          break;
        }
        case Field::network_cards: nic_indent = 0; in_addresses = false; break;
        case Field::processors: case Field::hyperv: case Field::ignored: break;
      }
      continue;
    }

    // An indented line: part of the list or block the last label opened.
    const re2::StringPiece piece(line.data(), line.size());
    std::string indent, number, item;
    const bool numbered = RE2::FullMatch(piece, numbered_re(), &indent, &number, &item);
    if (section == Field::processors || section == Field::hyperv) continue;
    if (section == Field::hotfixes && numbered) {
      if (item.empty()) continue;  // "[246]": systeminfo stopped listing; hotfix_count keeps the total
      const auto dash = item.find(" - ");
      out.hotfixes.push_back(dash == std::string::npos ? item : item.substr(0, dash));
      continue;
    }
    if (section == Field::network_cards) {
      if (numbered && (nic_indent == 0 || indent.size() <= nic_indent)) {
        nic_indent = indent.size();
        out.network_cards.push_back(SysteminfoNic{});
        out.network_cards.back().description = item;
        out.network_cards.back().line = line_no;
        in_addresses = false;
        continue;
      }
      if (!out.network_cards.empty()) {
        SysteminfoNic& nic = out.network_cards.back();
        if (numbered && in_addresses) {
          if (!item.empty()) nic.ip_addresses.push_back(item);
          continue;
        }
        const std::string bare = ascii_lower(trim(line));
        if (bare == phrases.addresses) {
          in_addresses = true;
          continue;
        }
        std::string name, value;
        if (!numbered && RE2::FullMatch(piece, nic_field_re(), &name, &value)) {
          name = ascii_lower(trim(name));
          in_addresses = false;
          if (name == phrases.connection_name) nic.connection_name = value;
          else if (name == phrases.dhcp_enabled) nic.dhcp_enabled = yes_no(value, phrases);
          else if (name == phrases.dhcp_server) nic.dhcp_server = value;
          else if (!phrases.status.empty() && name == phrases.status) {
            const std::string state = ascii_lower(value);
            nic.status = !phrases.disconnected.empty() && state == phrases.disconnected ? "Media disconnected"
                         : !phrases.not_present.empty() && state == phrases.not_present ? "Hardware not present"
                                                                                        : value;
          } else warn("unrecognized systeminfo network card line");
          continue;
        }
      }
    }
    warn("unrecognized systeminfo line");
  }
  if (!seen) {
    return make_error(Errc::format, "no 'Host Name' or 'OS Name' line: not systeminfo output", where + ":1");
  }
  out.hypervisor = hypervisor_of(out.system_manufacturer, out.system_model);
  return out;
}

}  // namespace migready::parsers
