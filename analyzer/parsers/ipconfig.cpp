#include "parsers/ipconfig.hpp"

#include <re2/re2.h>

#include "contract/ascii.hpp"
#include "parsers/command_failure.hpp"
#include "parsers/text_util.hpp"

namespace migready::parsers {
namespace {

// "Ethernet adapter Local Area Connection:"   "PPP adapter RAS Server (Dial In) Interface:"
// (Wine's ipconfig omits the colon: "Ethernet adapter lo".)
const RE2& adapter_header() {
  static const RE2 re(R"(^(\S.*?) adapter (.*?):?\s*$)");
  return re;
}
// "   IP Address. . . . . . . . . . . . : 192.168.16.2"   (the label holds neither '.' nor ':')
const RE2& field_line() {
  static const RE2 re(R"(^\s+([^.:\s][^.:]*?)[\s.]*:\s?(.*?)\s*$)");
  return re;
}
// "                                       192.168.16.3"  (a further value of the previous field)
const RE2& continuation_line() {
  static const RE2 re(R"(^\s{20,}(\S+)\s*$)");
  return re;
}
// "192.168.23.154(Preferred)" -> "192.168.23.154"
const RE2& status_suffix() {
  static const RE2 re(R"(\((Preferred|Deprecated|Tentative|Duplicate)\)$)");
  return re;
}

std::optional<bool> yes_no(std::string_view v) {
  if (v == "Yes") return true;
  if (v == "No") return false;
  return std::nullopt;
}

// Labels compared in lower case, with the spellings of other ipconfig implementations folded into
// Windows' ("Hostname" and "IP routing enabled" are Wine's).
std::string label_key(std::string_view label) {
  std::string key = contract::ascii_lower(label);
  if (key == "hostname") return "host name";
  return key;
}

std::string clean_value(std::string value) {
  RE2::Replace(&value, status_suffix(), "");
  return value;
}

}  // namespace

Result<Ipconfig> parse_ipconfig(std::string_view text, const std::string& where, Diagnostics& diags) {
  if (auto failure = command_failure(text)) {
    return make_error(Errc::format, "ipconfig did not run: " + *failure, where + ":1");
  }
  Ipconfig out;
  bool seen_header = false;
  IpconfigAdapter* adapter = nullptr;
  std::vector<std::string>* last_list = nullptr;  // where a continuation line goes
  std::vector<std::string> ignored;               // continuations of fields this parser does not keep
  int line_no = 0;
  for (std::string_view line : text_util::split_lines(text)) {
    ++line_no;
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;

    const re2::StringPiece piece(line.data(), line.size());
    std::string kind, name, label, value;
    if (line.find("Windows IP Configuration") != std::string_view::npos && line.front() != ' ') {
      seen_header = true;
      adapter = nullptr;
      last_list = nullptr;
      continue;
    }
    if (RE2::FullMatch(piece, adapter_header(), &kind, &name)) {
      seen_header = true;
      out.adapters.push_back(IpconfigAdapter{});
      adapter = &out.adapters.back();
      adapter->kind = kind;
      adapter->name = name;
      adapter->line = line_no;
      last_list = nullptr;
      continue;
    }
    // A further value of the previous field, deeply indented; checked first because an IPv6 value
    // ("fec0:0:0:ffff::1%1") would otherwise read as a "label: value" line.
    std::string more;
    if (last_list != nullptr && RE2::FullMatch(piece, continuation_line(), &more)) {
      more = clean_value(more);
      const bool is_gateways = adapter != nullptr && last_list == &adapter->gateways;
      if (!is_gateways || more.find(':') == std::string::npos) last_list->push_back(more);
      continue;
    }
    if (RE2::FullMatch(piece, field_line(), &label, &value)) {
      value = clean_value(value);
      label = label_key(label);
      last_list = &ignored;
      auto add_list = [&](std::vector<std::string>& list) {
        if (!value.empty()) list.push_back(value);
        last_list = &list;
      };
      if (adapter == nullptr) {
        if (label == "host name") {
          seen_header = true;  // Wine prints no header line; a host name line is proof enough
          out.host_name = value;
        }
        else if (label == "primary dns suffix") out.primary_dns_suffix = value;
        else if (label == "node type") out.node_type = value;
        else if (label == "ip routing enabled") out.ip_routing_enabled = yes_no(value);
        else if (label == "dns suffix search list") add_list(out.dns_suffix_search_list);
        continue;
      }
      if (label == "description") adapter->description = value;
      else if (label == "physical address") adapter->physical_address = value;
      else if (label == "dhcp enabled") adapter->dhcp_enabled = yes_no(value);
      else if (label == "media state") adapter->media_disconnected = value == "Media disconnected";
      else if (label == "ip address" || label == "ipv4 address" || label == "autoconfiguration ip address" ||
               label == "autoconfiguration ipv4 address") {
        // An IPv6 address under the old "IP Address" label (XP/2003 with IPv6 installed) is not IPv4.
        add_list(value.find(':') == std::string::npos ? adapter->ipv4 : adapter->ipv6);
      } else if (label == "ipv6 address" || label == "temporary ipv6 address" || label == "link-local ipv6 address") {
        add_list(adapter->ipv6);
      } else if (label == "subnet mask") add_list(adapter->subnet_masks);
      else if (label == "default gateway") {
        if (value.find(':') == std::string::npos) add_list(adapter->gateways);
        else last_list = &adapter->gateways;
      } else if (label == "dns servers") add_list(adapter->dns_servers);
      else if (label == "dhcp server") adapter->dhcp_server = value;
      continue;
    }
    diags.warn(Errc::format, "unrecognized ipconfig line", where + ":" + std::to_string(line_no));
  }
  if (!seen_header) {
    return make_error(Errc::format, "no 'Windows IP Configuration' header: not ipconfig /all output", where + ":1");
  }
  return out;
}

}  // namespace migready::parsers
