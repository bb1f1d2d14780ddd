#include "parsers/netsh_dhcp.hpp"

#include <charconv>
#include <cstddef>

#include "contract/ascii.hpp"
#include "parsers/command_failure.hpp"
#include "parsers/json_out.hpp"
#include "parsers/text_util.hpp"

namespace migready::parsers {
namespace {

using contract::equals_ci;
using contract::starts_with_ci;

constexpr std::size_t kMaxLineBytes = 64 * 1024;
constexpr std::size_t kMaxScopes = 4096;
constexpr std::size_t kMaxOptions = 4096;
constexpr std::size_t kMaxScopeItems = 65536;  // ranges, exclusions, reservations, each
constexpr std::size_t kMaxOptionValues = 256;

struct Token {
  std::string text;
  bool quoted = false;  // began with a quote: "a b" (vendor="a b" did not)
};

// Splits on blanks; "a b" is one token without its quotes; vendor="x y" is one token `vendor=x y`.
std::vector<Token> tokenize(std::string_view line) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size()) break;
    Token t;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') {
      if (line[i] == '"') {
        t.quoted = t.quoted || t.text.empty();
        const std::size_t close = line.find('"', i + 1);
        const std::size_t stop = close == std::string_view::npos ? line.size() : close;
        t.text.append(line.substr(i + 1, stop - i - 1));
        i = close == std::string_view::npos ? line.size() : close + 1;
      } else {
        t.text.push_back(line[i++]);
      }
    }
    out.push_back(std::move(t));
  }
  return out;
}

std::optional<int> to_int(std::string_view s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

class Parser {
 public:
  Parser(const std::string& where, Diagnostics& diags) : m_where(where), m_diags(diags) {}

  void line(std::string_view text, int line_no);
  NetshDhcp take() { return std::move(m_out); }
  bool seen_command() const { return m_seen_command; }

 private:
  void warn(const std::string& message) { m_diags.warn(Errc::format, message, m_where + ":" + std::to_string(m_line)); }
  DhcpScope* scope(const std::string& network);
  // tokens[at] is the option number; fills `out` or warns. Returns false when the line is malformed.
  bool option(const std::vector<Token>& tokens, std::size_t at, DhcpOption& out);
  void server_command(const std::vector<Token>& t, std::size_t at);
  void scope_command(DhcpScope& s, const std::vector<Token>& t, std::size_t at);
  template <typename T>
  bool room(const std::vector<T>& list, std::size_t cap, const char* what) {
    if (list.size() < cap) return true;
    warn(std::string("too many ") + what + "; the rest are ignored");
    return false;
  }

  const std::string& m_where;
  Diagnostics& m_diags;
  NetshDhcp m_out;
  int m_line = 0;
  bool m_seen_command = false;
  bool m_warned_other_server = false;
};

DhcpScope* Parser::scope(const std::string& network) {
  for (auto& s : m_out.scopes) {
    if (s.network == network) return &s;
  }
  if (!room(m_out.scopes, kMaxScopes, "scopes")) return nullptr;
  m_out.scopes.push_back(DhcpScope{});
  m_out.scopes.back().network = network;
  m_out.scopes.back().line = m_line;
  return &m_out.scopes.back();
}

bool Parser::option(const std::vector<Token>& t, std::size_t at, DhcpOption& out) {
  if (at + 1 >= t.size()) {
    warn("option without a type");
    return false;
  }
  auto number = to_int(t[at].text);
  if (!number || *number < 0 || *number > 255) {
    warn("option number '" + t[at].text + "' is not 0-255");
    return false;
  }
  out.number = *number;
  out.type = t[at + 1].text;
  out.line = m_line;
  for (std::size_t i = at + 2; i < t.size(); ++i) {
    const std::string& v = t[i].text;
    if (!t[i].quoted) {
      if (starts_with_ci(v, "vendor=")) {
        out.vendor = v.substr(7);
        continue;
      }
      if (starts_with_ci(v, "user=")) {
        out.user_class = v.substr(5);
        continue;
      }
    }
    if (out.values.size() >= kMaxOptionValues) {
      warn("too many option values; the rest are ignored");
      break;
    }
    out.values.push_back(v);
  }
  return true;
}

void Parser::server_command(const std::vector<Token>& t, std::size_t at) {
  const std::string verb = t[at].text;
  const std::string object = at + 1 < t.size() ? t[at + 1].text : std::string();
  if (equals_ci(verb, "add") && equals_ci(object, "scope")) {
    if (at + 3 >= t.size()) return warn("add scope without network and mask");
    DhcpScope* s = scope(t[at + 2].text);
    if (s == nullptr) return;
    s->mask = t[at + 3].text;
    if (at + 4 < t.size()) s->name = t[at + 4].text;
    if (at + 5 < t.size()) s->comment = t[at + 5].text;
    s->line = m_line;
    return;
  }
  if (equals_ci(verb, "set") && equals_ci(object, "optionvalue")) {
    DhcpOption o;
    if (option(t, at + 2, o) && room(m_out.server_options, kMaxOptions, "server options")) {
      m_out.server_options.push_back(std::move(o));
    }
    return;
  }
  // Known server settings this parser does not extract.
  if (equals_ci(verb, "set")) return;  // dnsconfig, auditlog, database*, detectconflictretry, server, userclass, ...
  if (equals_ci(verb, "add") && (equals_ci(object, "optiondef") || equals_ci(object, "class") ||
                                 equals_ci(object, "mscope") || equals_ci(object, "superscope"))) {
    return;
  }
  warn("unrecognized DHCP server command '" + verb + " " + object + "'");
}

void Parser::scope_command(DhcpScope& s, const std::vector<Token>& t, std::size_t at) {
  const std::string verb = t[at].text;
  const std::string object = at + 1 < t.size() ? t[at + 1].text : std::string();
  const std::size_t args = at + 2;  // first argument
  const std::size_t nargs = t.size() > args ? t.size() - args : 0;
  if (equals_ci(verb, "set") && equals_ci(object, "state")) {
    auto code = nargs >= 1 ? to_int(t[args].text) : std::nullopt;
    if (!code || *code < 0 || *code > 3) return warn("scope state is not 0-3");
    s.state_code = *code;
    s.active = (*code % 2) == 1;
    return;
  }
  if (equals_ci(verb, "add") && (equals_ci(object, "iprange") || equals_ci(object, "excluderange"))) {
    if (nargs < 2) return warn("range without start and end");
    auto& list = equals_ci(object, "iprange") ? s.ranges : s.exclusions;
    if (room(list, kMaxScopeItems, "ranges")) list.push_back(DhcpRange{t[args].text, t[args + 1].text, m_line});
    return;
  }
  if (equals_ci(verb, "add") && equals_ci(object, "reservedip")) {
    if (nargs < 2) return warn("reservation without address and client id");
    if (!room(s.reservations, kMaxScopeItems, "reservations")) return;
    DhcpReservation r;
    r.ip = t[args].text;
    r.client_id = t[args + 1].text;
    if (nargs >= 3) r.name = t[args + 2].text;
    if (nargs >= 4) r.comment = t[args + 3].text;
    if (nargs >= 5) r.client_type = t[args + 4].text;
    r.line = m_line;
    s.reservations.push_back(std::move(r));
    return;
  }
  if (equals_ci(verb, "set") && equals_ci(object, "optionvalue")) {
    DhcpOption o;
    if (option(t, args, o) && room(s.options, kMaxOptions, "scope options")) s.options.push_back(std::move(o));
    return;
  }
  if (equals_ci(verb, "set") && equals_ci(object, "reservedoptionvalue")) {
    if (nargs < 1) return warn("reserved option without an address");
    DhcpOption o;
    if (!option(t, args + 1, o)) return;
    for (auto& r : s.reservations) {
      if (r.ip == t[args].text) {
        if (room(r.options, kMaxOptions, "reservation options")) r.options.push_back(std::move(o));
        return;
      }
    }
    return warn("option for reservation " + t[args].text + ", which was not added");
  }
  if (equals_ci(verb, "set") && (equals_ci(object, "name") || equals_ci(object, "comment"))) {
    if (nargs >= 1) (equals_ci(object, "name") ? s.name : s.comment) = t[args].text;
    return;
  }
  // Known scope settings this parser does not extract.
  if (equals_ci(verb, "set") && (equals_ci(object, "superscope") || equals_ci(object, "delayoffer") ||
                                 equals_ci(object, "napstate") || equals_ci(object, "scope"))) {
    return;
  }
  warn("unrecognized DHCP scope command '" + verb + " " + object + "'");
}

void Parser::line(std::string_view text, int line_no) {
  m_line = line_no;
  if (text.size() > kMaxLineBytes) return warn("line longer than 64 KiB skipped");
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos || text[first] == '#') return;
  const std::vector<Token> t = tokenize(text);
  if (t.size() == 1 && equals_ci(t[0].text, "popd")) return;  // dump scripts may end with it
  if (t.size() < 4 || !equals_ci(t[0].text, "dhcp") || !equals_ci(t[1].text, "server")) {
    return warn("unrecognized line (not a 'Dhcp Server' command)");
  }
  m_seen_command = true;
  std::string server = t[2].text;
  while (!server.empty() && server.front() == '\\') server.erase(0, 1);
  if (m_out.server.empty()) {
    m_out.server = server;
  } else if (!equals_ci(server, m_out.server) && !m_warned_other_server) {
    m_warned_other_server = true;
    warn("a second server '" + server + "' in one dump; its lines are merged with '" + m_out.server + "'s");
  }
  if (equals_ci(t[3].text, "mscope")) return;  // multicast scopes are not extracted
  if (equals_ci(t[3].text, "scope")) {
    if (t.size() < 6) return warn("scope command without a verb");
    DhcpScope* s = scope(t[4].text);
    if (s != nullptr) scope_command(*s, t, 5);
    return;
  }
  server_command(t, 3);
}

}  // namespace

std::optional<std::string> router_option(const std::vector<DhcpOption>& options) {
  for (const auto& o : options) {
    if (o.number == 3 && o.vendor.empty() && o.user_class.empty() && !o.values.empty()) return o.values.front();
  }
  return std::nullopt;
}

std::optional<std::string> DhcpScope::router() const { return router_option(options); }

Result<NetshDhcp> parse_netsh_dhcp(std::string_view text, const std::string& where, Diagnostics& diags) {
  if (auto failure = command_failure(text)) {
    return make_error(Errc::format, "netsh dhcp did not run: " + *failure, where + ":1");
  }
  // netsh's own refusal when the DHCP server tools are not installed, or the server does not answer.
  const std::string_view head = text.substr(0, 512);
  if (head.find("The following command was not found") != std::string_view::npos) {
    return make_error(Errc::format, "netsh dhcp did not run: the dhcp context is not installed", where + ":1");
  }
  Parser parser(where, diags);
  int line_no = 0;
  for (const std::string_view line : text_util::split_lines(text)) {
    ++line_no;
    parser.line(line, line_no);
  }
  if (!parser.seen_command()) {
    return make_error(Errc::format, "no 'Dhcp Server' command line: not netsh dhcp server dump output", where + ":1");
  }
  return parser.take();
}

namespace {
void option_json(JsonOut& j, const DhcpOption& o) {
  j.begin_object();
  j.field("number", o.number).field("type", o.type).field("values", o.values);
  j.field("vendor", o.vendor).field("user_class", o.user_class).field("line", o.line);
  j.end_object();
}
void options_json(JsonOut& j, std::string_view key, const std::vector<DhcpOption>& options) {
  j.key(key).begin_array();
  for (const auto& o : options) option_json(j, o);
  j.end_array();
}
void ranges_json(JsonOut& j, std::string_view key, const std::vector<DhcpRange>& ranges) {
  j.key(key).begin_array();
  for (const auto& r : ranges) j.begin_object().field("start", r.start).field("end", r.end).field("line", r.line).end_object();
  j.end_array();
}
}  // namespace

Result<std::string> netsh_dhcp_json(std::string_view text, const std::string& where, Diagnostics& diags) {
  auto parsed = parse_netsh_dhcp(text, where, diags);
  if (!parsed) return std::move(parsed).error();
  JsonOut j;
  j.begin_object();
  j.field("server", parsed->server);
  options_json(j, "server_options", parsed->server_options);
  j.key("scopes").begin_array();
  for (const auto& s : parsed->scopes) {
    j.begin_object();
    j.field("network", s.network).field("mask", s.mask).field("name", s.name).field("comment", s.comment);
    j.field("state_code", s.state_code).field("active", s.active).field("router", s.router());
    ranges_json(j, "ranges", s.ranges);
    ranges_json(j, "exclusions", s.exclusions);
    j.key("reservations").begin_array();
    for (const auto& r : s.reservations) {
      j.begin_object();
      j.field("ip", r.ip).field("client_id", r.client_id).field("name", r.name).field("comment", r.comment);
      j.field("client_type", r.client_type);
      options_json(j, "options", r.options);
      j.field("line", r.line);
      j.end_object();
    }
    j.end_array();
    options_json(j, "options", s.options);
    j.field("line", s.line);
    j.end_object();
  }
  j.end_array();
  j.end_object();
  return j.str();
}

}  // namespace migready::parsers
