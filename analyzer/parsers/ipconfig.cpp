#include "parsers/ipconfig.hpp"

#include <re2/re2.h>

#include <iterator>

#include "contract/ascii.hpp"
#include "parsers/command_failure.hpp"
#include "parsers/text_util.hpp"

namespace migready::parsers {
namespace {

using contract::ascii_lower;
using text_util::trim;

// What a label means, whatever the language.
enum class Key {
  host_name, primary_dns_suffix, node_type, ip_routing, dns_search_list, description, physical_address,
  dhcp_enabled, media_state, ip_address, ipv6_address, subnet_mask, default_gateway, dns_servers, dhcp_server,
  other  // a label holding a '.' the generic "label: value" form cannot take; not kept
};

struct Label {
  Language lang;
  std::string_view text;  // ASCII letters in lower case; other characters as ipconfig prints them
  Key key;
};

// Each language's labels, as real outputs print them (docs/parsers.md, "Languages", names the sources); a label
// another Windows version spells differently has a row per spelling. Labels not listed (lease times, WINS,
// NetBIOS, DHCPv6, autoconfiguration) are read as "label: value" lines and not kept.
constexpr Label kLabels[] = {
    {Language::en, "host name", Key::host_name},
    {Language::en, "hostname", Key::host_name},  // Wine
    {Language::en, "primary dns suffix", Key::primary_dns_suffix},
    {Language::en, "node type", Key::node_type},
    {Language::en, "ip routing enabled", Key::ip_routing},
    {Language::en, "dns suffix search list", Key::dns_search_list},
    {Language::en, "description", Key::description},
    {Language::en, "physical address", Key::physical_address},
    {Language::en, "dhcp enabled", Key::dhcp_enabled},
    {Language::en, "media state", Key::media_state},
    {Language::en, "ip address", Key::ip_address},
    {Language::en, "ipv4 address", Key::ip_address},
    {Language::en, "autoconfiguration ip address", Key::ip_address},
    {Language::en, "autoconfiguration ipv4 address", Key::ip_address},
    {Language::en, "ipv6 address", Key::ipv6_address},
    {Language::en, "temporary ipv6 address", Key::ipv6_address},
    {Language::en, "link-local ipv6 address", Key::ipv6_address},
    {Language::en, "subnet mask", Key::subnet_mask},
    {Language::en, "default gateway", Key::default_gateway},
    {Language::en, "dns servers", Key::dns_servers},
    {Language::en, "dhcp server", Key::dhcp_server},

    {Language::de, "hostname", Key::host_name},
    {Language::de, "primäres dns-suffix", Key::primary_dns_suffix},
    {Language::de, "knotentyp", Key::node_type},
    {Language::de, "ip-routing aktiviert", Key::ip_routing},
    {Language::de, "dns-suffixsuchliste", Key::dns_search_list},
    {Language::de, "beschreibung", Key::description},
    {Language::de, "physikalische adresse", Key::physical_address},
    {Language::de, "physische adresse", Key::physical_address},  // Windows 10 and later
    {Language::de, "dhcp aktiviert", Key::dhcp_enabled},
    {Language::de, "medienstatus", Key::media_state},
    {Language::de, "ip-adresse", Key::ip_address},
    {Language::de, "ipv4-adresse", Key::ip_address},
    {Language::de, "ipv6-adresse", Key::ipv6_address},
    {Language::de, "verbindungslokale ipv6-adresse", Key::ipv6_address},
    {Language::de, "subnetzmaske", Key::subnet_mask},
    {Language::de, "standardgateway", Key::default_gateway},
    {Language::de, "dns-server", Key::dns_servers},
    {Language::de, "dhcp-server", Key::dhcp_server},

    {Language::fr, "nom de l'hôte", Key::host_name},
    {Language::fr, "suffixe dns principal", Key::primary_dns_suffix},
    {Language::fr, "type de noud", Key::node_type},  // XP's OEM text has no "œ"
    {Language::fr, "type de nœud", Key::node_type},
    {Language::fr, "routage ip activé", Key::ip_routing},
    {Language::fr, "liste de recherche du suffixe dns", Key::dns_search_list},
    {Language::fr, "description", Key::description},
    {Language::fr, "adresse physique", Key::physical_address},
    {Language::fr, "dhcp activé", Key::dhcp_enabled},
    {Language::fr, "statut du média", Key::media_state},
    {Language::fr, "adresse ip", Key::ip_address},
    {Language::fr, "adresse ipv4", Key::ip_address},
    {Language::fr, "adresse ipv6 de liaison locale", Key::ipv6_address},
    {Language::fr, "masque de sous-réseau", Key::subnet_mask},
    {Language::fr, "passerelle par défaut", Key::default_gateway},
    {Language::fr, "serveurs dns", Key::dns_servers},
    {Language::fr, "serveur dhcp", Key::dhcp_server},

    {Language::es, "nombre del host", Key::host_name},  // XP
    {Language::es, "nombre de host", Key::host_name},
    {Language::es, "sufijo dns principal", Key::primary_dns_suffix},
    {Language::es, "tipo de nodo", Key::node_type},
    {Language::es, "enrutamiento habilitado", Key::ip_routing},  // XP
    {Language::es, "enrutamiento ip habilitado", Key::ip_routing},
    {Language::es, "lista de búsqueda de sufijo dns", Key::dns_search_list},  // XP
    {Language::es, "lista de búsqueda de sufijos dns", Key::dns_search_list},
    {Language::es, "descripción", Key::description},
    {Language::es, "dirección física", Key::physical_address},
    {Language::es, "dhcp habilitado", Key::dhcp_enabled},
    {Language::es, "estado de los medios", Key::media_state},
    {Language::es, "dirección ip", Key::ip_address},
    {Language::es, "dirección ipv4", Key::ip_address},
    {Language::es, "dirección ipv6", Key::ipv6_address},
    {Language::es, "dirección ipv6 temporal", Key::ipv6_address},
    {Language::es, "vínculo: dirección ipv6 local", Key::ipv6_address},
    {Language::es, "máscara de subred", Key::subnet_mask},
    {Language::es, "puerta de enlace predeterminada", Key::default_gateway},
    {Language::es, "servidores dns", Key::dns_servers},
    {Language::es, "servidor dhcp", Key::dhcp_server},

    {Language::it, "nome host", Key::host_name},
    {Language::it, "suffisso dns primario", Key::primary_dns_suffix},
    {Language::it, "tipo nodo", Key::node_type},
    {Language::it, "routing ip abilitato", Key::ip_routing},
    {Language::it, "elenco di ricerca suffissi dns", Key::dns_search_list},
    {Language::it, "descrizione", Key::description},
    {Language::it, "indirizzo fisico", Key::physical_address},
    {Language::it, "dhcp abilitato", Key::dhcp_enabled},
    {Language::it, "stato supporto", Key::media_state},
    {Language::it, "indirizzo ip", Key::ip_address},
    {Language::it, "indirizzo ipv4", Key::ip_address},
    {Language::it, "subnet mask", Key::subnet_mask},
    {Language::it, "gateway predefinito", Key::default_gateway},
    {Language::it, "server dns", Key::dns_servers},
    {Language::it, "server dhcp", Key::dhcp_server},

    {Language::nl, "host-naam", Key::host_name},
    {Language::nl, "primair dns-achtervoegsel", Key::primary_dns_suffix},
    {Language::nl, "knooppunttype", Key::node_type},
    {Language::nl, "ip-routering ingeschakeld", Key::ip_routing},
    {Language::nl, "dns-achtervoegselzoeklijst", Key::dns_search_list},
    {Language::nl, "beschrijving", Key::description},
    {Language::nl, "fysiek adres", Key::physical_address},
    {Language::nl, "dhcp ingeschakeld", Key::dhcp_enabled},
    {Language::nl, "dhcp ingeshakeld", Key::dhcp_enabled},  // XP's own spelling, beside the right one
    {Language::nl, "status van medium", Key::media_state},
    {Language::nl, "ip-adres", Key::ip_address},
    {Language::nl, "ipv4-adres", Key::ip_address},
    {Language::nl, "subnetmasker", Key::subnet_mask},
    {Language::nl, "standaardgateway", Key::default_gateway},
    {Language::nl, "dns-servers", Key::dns_servers},
    {Language::nl, "dhcp-server", Key::dhcp_server},
    {Language::nl, "verbindingsspec. dns-achtervoegsel", Key::other},
    {Language::nl, "autom. configuratie ingeschakeld", Key::other},

    {Language::pt, "nome do host", Key::host_name},
    {Language::pt, "sufixo dns primário", Key::primary_dns_suffix},
    {Language::pt, "tipo de nó", Key::node_type},
    {Language::pt, "roteamento de ip ativado", Key::ip_routing},
    {Language::pt, "lista de pesquisa de sufixo dns", Key::dns_search_list},
    {Language::pt, "descrição", Key::description},
    {Language::pt, "endereço físico", Key::physical_address},
    {Language::pt, "dhcp ativado", Key::dhcp_enabled},
    {Language::pt, "endereço ip", Key::ip_address},
    {Language::pt, "endereço ip de config. automática", Key::ip_address},
    {Language::pt, "endereço ipv4", Key::ip_address},
    {Language::pt, "endereço ipv6 de link local", Key::ipv6_address},
    {Language::pt, "máscara de sub-rede", Key::subnet_mask},
    {Language::pt, "gateway padrão", Key::default_gateway},
    {Language::pt, "servidores dns", Key::dns_servers},
    {Language::pt, "servidor dhcp", Key::dhcp_server},

    {Language::ja, "ホスト名", Key::host_name},
    {Language::ja, "プライマリ dns サフィックス", Key::primary_dns_suffix},
    {Language::ja, "ノード タイプ", Key::node_type},
    {Language::ja, "ip ルーティング有効", Key::ip_routing},
    {Language::ja, "dns サフィックス検索一覧", Key::dns_search_list},
    {Language::ja, "説明", Key::description},
    {Language::ja, "物理アドレス", Key::physical_address},
    {Language::ja, "dhcp 有効", Key::dhcp_enabled},
    {Language::ja, "メディアの状態", Key::media_state},
    {Language::ja, "ipv4 アドレス", Key::ip_address},
    {Language::ja, "自動構成 ipv4 アドレス", Key::ip_address},
    {Language::ja, "ipv6 アドレス", Key::ipv6_address},
    {Language::ja, "リンクローカル ipv6 アドレス", Key::ipv6_address},
    {Language::ja, "サブネット マスク", Key::subnet_mask},
    {Language::ja, "デフォルト ゲートウェイ", Key::default_gateway},
    {Language::ja, "dns サーバー", Key::dns_servers},
    {Language::ja, "dhcp サーバー", Key::dhcp_server},
};

// Per language: the header line, the Yes/No values, the "Media State" value of an unplugged adapter, and the
// adapter header's leading words naming its kind (the rest of the line is the connection's name).
struct Kind {
  std::string_view prefix;  // ASCII letters in lower case, with the space that follows
  std::string_view kind;
};
struct Phrases {
  std::string_view header;
  std::string_view yes[2];
  std::string_view no[2];
  std::string_view disconnected;  // compared in ASCII lower case; "" where no real sample showed it
  Kind kinds[6];
};
// Index = Language.
constexpr Phrases kPhrases[] = {
    {"Windows IP Configuration", {"yes"}, {"no"}, "media disconnected", {}},
    {"Windows-IP-Konfiguration", {"ja"}, {"nein"}, "medium getrennt",
     {{"ethernetadapter ", "Ethernet"}, {"ethernet-adapter ", "Ethernet"}, {"ppp-adapter ", "PPP"},
      {"tunneladapter ", "Tunnel"}, {"drahtlos-lan-adapter ", "Wireless LAN"}}},
    {"Configuration IP de Windows", {"oui"}, {"non"}, "média déconnecté",
     {{"carte ethernet ", "Ethernet"}, {"carte ppp ", "PPP"}, {"carte tunnel ", "Tunnel"},
      {"carte réseau sans fil ", "Wireless LAN"}}},
    {"Configuración IP de Windows", {"sí", "si"}, {"no"}, "medios desconectados",
     {{"adaptador ethernet ", "Ethernet"}, {"adaptador de ethernet ", "Ethernet"}, {"adaptador ppp ", "PPP"},
      {"adaptador de lan inalámbrica ", "Wireless LAN"}, {"adaptador desconocido ", "Unknown"}}},
    {"Configurazione IP di Windows", {"sì"}, {"no"}, "supporto disconnesso",
     {{"scheda ethernet ", "Ethernet"}, {"scheda ppp ", "PPP"}, {"scheda lan wireless ", "Wireless LAN"},
      {"scheda sconosciuta ", "Unknown"}}},
    {"Windows IP-configuratie", {"ja"}, {"nee"}, "medium ontkoppeld",
     {{"ethernet-adapter ", "Ethernet"}, {"tunnel-adapter ", "Tunnel"}}},
    {"Configuração de IP do Windows", {"sim"}, {"não"}, "",
     {{"adaptador ethernet ", "Ethernet"}, {"adaptador ppp ", "PPP"}}},
    {"Windows IP 構成", {"はい"}, {"いいえ"}, "メディアは接続されていません",
     {{"イーサネット アダプター ", "Ethernet"}, {"ppp アダプター ", "PPP"}, {"トンネル アダプター ", "Tunnel"}}},
};
static_assert(std::size(kPhrases) == std::size(kLanguageNames));

// Headers of languages with no label table, so that such an output is named for what it is.
struct ForeignHeader {
  std::string_view header;
  std::string_view language;
};
constexpr ForeignHeader kForeignHeaders[] = {
    {"Настройка протокола IP для Windows", "Russian"},
};

// Node types as printed, to their English names; a value not listed stays as printed.
constexpr std::pair<std::string_view, std::string_view> kNodeTypes[] = {
    {"unbekannt", "Unknown"}, {"inconnu", "Unknown"},     {"desconocido", "Unknown"}, {"sconosciuto", "Unknown"},
    {"onbekend", "Unknown"},  {"desconhecido", "Unknown"}, {"hybride", "Hybrid"},      {"híbrido", "Hybrid"},
    {"ibrido", "Hybrid"},     {"ハイブリッド", "Hybrid"},
};

// "Ethernet adapter Local Area Connection:"   "PPP adapter RAS Server (Dial In) Interface:"
// (Wine's ipconfig omits the colon: "Ethernet adapter lo".)
const RE2& english_adapter_header() {
  static const RE2 re(R"(^(\S.*?) adapter (.*?):?\s*$)");
  return re;
}
// "   IP Address. . . . . . . . . . . . : 192.168.16.2"   (a label holding neither '.' nor ':')
const RE2& field_line() {
  static const RE2 re(R"(^\s+([^.:\s][^.:]*?)[\s.]*:\s?(.*?)\s*$)");
  return re;
}
// What follows a known label: dots and spaces (French XP adds a '*'), the colon, the value. Dutch XP puts a
// colon right after some labels too ("Knooppunttype: . . . . . .: onbekend").
const RE2& after_label() {
  static const RE2 re(R"(^(?::[ .]+:|[ .*]*:)\s?(.*?)\s*$)");
  return re;
}
// "                                       192.168.16.3"  (a further value of the previous field)
const RE2& continuation_line() {
  static const RE2 re(R"(^\s{20,}(\S+)\s*$)");
  return re;
}
// "192.168.23.154(Preferred)", "118.137.235.19(Bevorzugt)", "192.168.1.42(préféré)", "10.161.204.246(優先)"
const RE2& status_suffix() {
  static const RE2 re(R"(\([^()]*\)$)");
  return re;
}

std::string clean_address(std::string value) {
  RE2::Replace(&value, status_suffix(), "");
  return value;
}

// The number of characters (UTF-8 code points) of a line.
std::size_t columns(std::string_view line) {
  std::size_t n = 0;
  for (char c : line) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::optional<Language> header_language(std::string_view line) {
  const std::string_view t = trim(line);
  for (std::size_t i = 0; i < std::size(kPhrases); ++i) {
    if (t == kPhrases[i].header) return static_cast<Language>(i);
  }
  return std::nullopt;
}

std::string_view language_title(Language l) {
  constexpr std::string_view kTitles[] = {"English", "German", "French",     "Spanish",
                                          "Italian", "Dutch",  "Portuguese", "Japanese"};
  return kTitles[static_cast<int>(l)];
}

class Reader {
 public:
  Reader(Language lang, const std::string& where, Diagnostics& diags)
      : m_lang(lang), m_phrases(kPhrases[static_cast<int>(lang)]), m_where(where), m_diags(diags) {}

  std::optional<bool> yes_no(std::string_view v) const {
    const std::string lower = ascii_lower(trim(v));
    for (auto y : m_phrases.yes) if (!y.empty() && lower == y) return true;
    for (auto n : m_phrases.no) if (!n.empty() && lower == n) return false;
    return std::nullopt;
  }

  // The label of `line` from this language's table (longest match), and the value after it.
  std::optional<Key> known_label(std::string_view line, std::string& value) const {
    const std::string_view body = trim(line);
    const std::string lower = ascii_lower(body);
    const Label* best = nullptr;
    for (const auto& l : kLabels) {
      if (l.lang != m_lang || lower.compare(0, l.text.size(), l.text) != 0) continue;
      if (best != nullptr && best->text.size() >= l.text.size()) continue;
      const std::string_view rest = body.substr(l.text.size());
      if (!RE2::FullMatch(re2::StringPiece(rest.data(), rest.size()), after_label())) continue;
      best = &l;
    }
    if (best == nullptr) return std::nullopt;
    const std::string_view rest = body.substr(best->text.size());
    RE2::FullMatch(re2::StringPiece(rest.data(), rest.size()), after_label(), &value);
    return best->key;
  }

  // An adapter's header line: not indented, ending in ':' (Wine's English one without it).
  bool adapter_header(std::string_view line, IpconfigAdapter& a) const {
    if (line.empty() || line.front() == ' ' || line.front() == '\t') return false;
    std::string kind, name;
    if (RE2::FullMatch(re2::StringPiece(line.data(), line.size()), english_adapter_header(), &kind, &name)) {
      a.kind = kind;
      a.name = name;
      return true;
    }
    std::string_view t = trim(line);
    if (t.empty() || t.back() != ':') return false;
    t = trim(t.substr(0, t.size() - 1));
    const std::string lower = ascii_lower(t);
    for (const auto& k : m_phrases.kinds) {
      if (!k.prefix.empty() && lower.compare(0, k.prefix.size(), k.prefix) == 0) {
        a.kind = std::string(k.kind);
        a.name = std::string(t.substr(k.prefix.size()));
        return true;
      }
    }
    a.name = std::string(t);  // a kind this table does not name: the whole line
    return true;
  }

  bool disconnected(std::string_view value) const {
    return !m_phrases.disconnected.empty() && ascii_lower(trim(value)) == m_phrases.disconnected;
  }

  void warn(const char* what, int line_no) const {
    m_diags.warn(Errc::format, what, m_where + ":" + std::to_string(line_no));
  }

 private:
  Language m_lang;
  const Phrases& m_phrases;
  const std::string& m_where;
  Diagnostics& m_diags;
};

}  // namespace

Result<Ipconfig> parse_ipconfig(std::string_view text, const std::string& where, Diagnostics& diags,
                                std::optional<Language> expected) {
  if (auto failure = command_failure(text)) {
    return make_error(Errc::format, "ipconfig did not run: " + *failure, where + ":1");
  }
  const std::vector<std::string_view> lines = text_util::split_lines(text);
  // The header names the language of the whole output; the bundle's language, when known, must agree.
  std::optional<Language> found;
  int header_line = 0;
  for (std::size_t i = 0; i < lines.size() && !found; ++i) {
    const std::string_view t = trim(lines[i]);
    for (const auto& f : kForeignHeaders) {
      if (t == f.header) {
        return make_error(Errc::format,
                          "ipconfig printed in " + std::string(f.language) + " (header \"" + std::string(f.header) +
                              "\"): a language this parser has no labels for",
                          where + ":" + std::to_string(i + 1));
      }
    }
    found = header_language(lines[i]);
    header_line = static_cast<int>(i) + 1;
  }
  if (found && expected && *found != *expected) {
    return make_error(Errc::format,
                      "ipconfig's header \"" + std::string(kPhrases[static_cast<int>(*found)].header) + "\" is " +
                          std::string(language_title(*found)) + ", but " + std::string(language_title(*expected)) +
                          " was expected (the server's UI language)",
                      where + ":" + std::to_string(header_line));
  }
  Ipconfig out;
  out.language = found.value_or(expected.value_or(Language::en));
  const Reader reader(out.language, where, diags);

  bool seen_header = found.has_value();
  IpconfigAdapter* adapter = nullptr;
  std::vector<std::string>* last_list = nullptr;  // where a continuation line goes
  std::string* last_value = nullptr;              // the value a line wrapped at 80 columns continues
  bool value_on_next_line = false;                // Dutch XP prints the description on the next line
  std::vector<std::string> ignored;               // continuations of fields this parser does not keep
  std::string ignored_value;
  std::size_t previous_columns = 0;
  int line_no = 0;
  for (std::string_view line : lines) {
    ++line_no;
    const std::size_t width = columns(line);
    const bool wrapped = previous_columns == 80;  // the console window cut the previous line at its width
    previous_columns = width;
    if (trim(line).empty()) {
      last_value = nullptr;
      continue;
    }
    if (header_language(line)) {
      adapter = nullptr;
      last_list = nullptr;
      last_value = nullptr;
      continue;
    }
    const bool indented = line.front() == ' ' || line.front() == '\t';
    if (wrapped && !indented && last_value != nullptr) {
      // A copy from a console window: the value went on past column 80.
      *last_value += std::string(trim(line));
      if (last_list != nullptr && !last_list->empty() && last_value == &last_list->back()) {
        *last_value = clean_address(*last_value);
      }
      continue;
    }
    IpconfigAdapter next;
    if (reader.adapter_header(line, next)) {
      seen_header = true;
      if (out.adapters.size() >= kMaxIpconfigAdapters) {
        // The rest of the output is adapters too (the global lines come first): stop reading.
        out.adapters_truncated = true;
        reader.warn(("input exceeds LIMIT (" + std::to_string(kMaxIpconfigAdapters) +
                     " adapters): facts from the first " + std::to_string(kMaxIpconfigAdapters) + ", the rest ignored")
                        .c_str(),
                    line_no);
        break;
      }
      next.line = line_no;
      out.adapters.push_back(std::move(next));
      adapter = &out.adapters.back();
      last_list = nullptr;
      last_value = nullptr;
      continue;
    }
    std::string value;
    const std::optional<Key> key = reader.known_label(line, value);
    // A further value of the previous field, deeply indented; checked before the labels of the generic form
    // because an IPv6 value ("fec0:0:0:ffff::1%1") would otherwise read as a "label: value" line.
    std::string more;
    if (!key && last_list != nullptr &&
        RE2::FullMatch(re2::StringPiece(line.data(), line.size()), continuation_line(), &more)) {
      more = clean_address(more);
      const bool is_gateways = adapter != nullptr && last_list == &adapter->gateways;
      if (!is_gateways || more.find(':') == std::string::npos) {
        last_list->push_back(more);
        last_value = &last_list->back();
      }
      continue;
    }
    if (!key && value_on_next_line && adapter != nullptr && indented &&
        !RE2::FullMatch(re2::StringPiece(line.data(), line.size()), field_line())) {
      adapter->description = std::string(trim(line));
      last_value = &adapter->description;
      value_on_next_line = false;
      continue;
    }
    value_on_next_line = false;
    if (!key) {
      std::string label;
      if (indented && RE2::FullMatch(re2::StringPiece(line.data(), line.size()), field_line(), &label, &value)) {
        last_list = &ignored;  // a field this parser does not keep (lease times, WINS, NetBIOS, ...)
        ignored_value = value;
        last_value = &ignored_value;
        continue;
      }
      reader.warn("unrecognized ipconfig line", line_no);
      continue;
    }
    last_list = &ignored;
    last_value = nullptr;
    auto add_list = [&](std::vector<std::string>& list, std::string v) {
      if (!v.empty()) {
        list.push_back(std::move(v));
        last_value = &list.back();
      }
      last_list = &list;
    };
    if (adapter == nullptr) {
      switch (*key) {
        case Key::host_name:
          seen_header = true;  // Wine prints no header line; a host name line is proof enough
          out.host_name = value;
          last_value = &out.host_name;
          break;
        case Key::primary_dns_suffix: out.primary_dns_suffix = value; break;
        case Key::node_type: {
          out.node_type = value;
          const std::string lower = ascii_lower(value);
          for (const auto& [printed, english] : kNodeTypes) {
            if (lower == printed) out.node_type = std::string(english);
          }
          break;
        }
        case Key::ip_routing: out.ip_routing_enabled = reader.yes_no(value); break;
        case Key::dns_search_list: add_list(out.dns_suffix_search_list, value); break;
        default: break;  // an adapter's label before any adapter: not kept
      }
      continue;
    }
    switch (*key) {
      case Key::description:
        adapter->description = value;
        last_value = &adapter->description;
        value_on_next_line = value.empty();
        break;
      case Key::physical_address: adapter->physical_address = value; break;
      case Key::dhcp_enabled: adapter->dhcp_enabled = reader.yes_no(value); break;
      case Key::media_state:
        adapter->media_disconnected = reader.disconnected(value);
        if (!adapter->media_disconnected) reader.warn("ipconfig media state not understood", line_no);
        break;
      case Key::ip_address: {
        // An IPv6 address under the old "IP Address" label (XP/2003 with IPv6 installed) is not IPv4.
        std::string v = clean_address(value);
        const bool v6 = v.find(':') != std::string::npos;
        add_list(v6 ? adapter->ipv6 : adapter->ipv4, std::move(v));
        break;
      }
      case Key::ipv6_address: add_list(adapter->ipv6, clean_address(value)); break;
      case Key::subnet_mask: add_list(adapter->subnet_masks, value); break;
      case Key::default_gateway:
        if (value.find(':') == std::string::npos) add_list(adapter->gateways, value);
        else last_list = &adapter->gateways;
        break;
      case Key::dns_servers: add_list(adapter->dns_servers, clean_address(value)); break;
      case Key::dhcp_server: adapter->dhcp_server = value; break;
      default: break;
    }
  }
  if (!seen_header) {
    return make_error(Errc::format,
                      "no '" + std::string(kPhrases[static_cast<int>(out.language)].header) +
                          "' header: not ipconfig /all output",
                      where + ":1");
  }
  return out;
}

}  // namespace migready::parsers
