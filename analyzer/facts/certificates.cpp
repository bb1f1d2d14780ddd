// Certificates: the computer's personal store (LocalMachine\MY) as the collector's api.certificates reads it
// with crypt32, each certificate with what the migration's email plan needs to judge it: is it one IIS can
// serve Outlook Anywhere (RPC over HTTP) with, who issued it, when does it expire, how strong are its key and
// its signature.
#include <cmath>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "contract/ascii.hpp"
#include "facts/sources.hpp"

namespace migready::facts::detail {

namespace {

std::optional<bool> member_bool(const json::Value& o, const char* key) {
  if (!o.IsObject()) return std::nullopt;
  auto it = o.FindMember(key);
  if (it == o.MemberEnd() || !it->value.IsBool()) return std::nullopt;
  return it->value.GetBool();
}

}  // namespace

void certificate_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  constexpr std::string_view kPath = "certificates.local_machine_my";
  const std::string id = "api.certificates";
  auto doc = load_api_doc(f, b, id, "migready-api-certificates/1", {kPath}, diags);
  if (!doc) return;
  auto part = doc->FindMember("local_machine_my");
  if (part == doc->MemberEnd() || !part->value.IsObject()) {  // the schema requires it; never trust that alone
    return f.set_unavailable(kPath, FactStatus::parse_failed, id, "no local_machine_my part");
  }
  const json::Value& store = part->value;
  if (member_string(store, "status") == std::optional<std::string>("failed")) {
    return f.set_unavailable(kPath, FactStatus::collection_failed, id + ":local_machine_my",
                             member_string(store, "error").value_or("the store could not be opened"));
  }
  const auto started = parse_iso_utc(b.manifest.collection.started_utc);
  auto& alloc = f.allocator();
  json::Value list(rapidjson::kArrayType);
  auto items = store.FindMember("items");
  if (items != store.MemberEnd() && items->value.IsArray()) {
    for (const auto& c : items->value.GetArray()) {
      if (list.Size() >= kMaxCertificates) break;
      if (!c.IsObject()) continue;
      const auto not_after = member_string(c, "not_after_utc");
      const auto expiry = not_after ? parse_iso_utc(*not_after) : std::nullopt;
      const bool server_auth = member_bool(c, "server_authentication").value_or(false);
      const bool private_key = member_bool(c, "has_private_key").value_or(false);
      json::Value o(rapidjson::kObjectType);
      o.AddMember("thumbprint", json_optional(member_string(c, "thumbprint"), alloc), alloc);
      o.AddMember("subject", json_optional(member_string(c, "subject"), alloc), alloc);
      o.AddMember("issuer", json_optional(member_string(c, "issuer"), alloc), alloc);
      o.AddMember("self_signed", member_bool(c, "self_signed").value_or(false), alloc);
      o.AddMember("not_before_utc", json_optional(member_string(c, "not_before_utc"), alloc), alloc);
      o.AddMember("not_after_utc", json_optional(not_after, alloc), alloc);
      // Whole days from the collection's start to the expiry, rounded down: negative once expired.
      if (expiry && started) {
        const double days = std::floor(static_cast<double>(*expiry - *started) / 86400.0);
        o.AddMember("days_to_expiry", json::Value(static_cast<std::int64_t>(days)), alloc);
      } else {
        o.AddMember("days_to_expiry", json::Value(), alloc);
      }
      o.AddMember("key_algorithm", json_optional(member_string(c, "key_algorithm"), alloc), alloc);
      const auto bits = member_uint(c, "key_bits");
      o.AddMember("key_bits", bits ? json::Value(*bits) : json::Value(), alloc);
      o.AddMember("signature_algorithm", json_optional(member_string(c, "signature_algorithm"), alloc), alloc);
      o.AddMember("signature_hash", json_optional(member_string(c, "signature_hash"), alloc), alloc);
      o.AddMember("has_private_key", private_key, alloc);
      o.AddMember("server_authentication", server_auth, alloc);
      o.AddMember("web_server", server_auth && private_key, alloc);
      // The names a client may reach it by: the subject's CN, then the SAN's DNS names, once each.
      std::vector<std::string> names;
      auto add = [&](const std::string& name) {
        if (name.empty() || names.size() >= 64) return;
        for (const auto& n : names) {
          if (contract::equals_ci(n, name)) return;
        }
        names.push_back(name);
      };
      if (auto cn = member_string(c, "subject_cn")) add(*cn);
      for (const auto& dns : member_strings(c, "dns_names")) add(dns);
      o.AddMember("dns_names", json_strings(names, alloc), alloc);
      o.AddMember("friendly_name", json_optional(member_string(c, "friendly_name"), alloc), alloc);
      list.PushBack(o, alloc);
    }
  }
  f.set(kPath, std::move(list), id + ":local_machine_my");
}

}  // namespace migready::facts::detail
