// The collection itself and the account that ran it, from the manifest (docs/bundle-format.md): whether the
// collector finished, its version, when it ran, which artifacts had problems, and the user's groups.
#include "core/json.hpp"
#include "facts/language.hpp"
#include "facts/sources.hpp"

namespace migready::facts::detail {

namespace {

// collection.locale: the manifest's locale (format 1.2), the conventions text artifacts' dates are read with.
void locale_facts(Facts& f, const Bundle& b) {
  if (!b.manifest.locale) {
    f.set_unavailable("collection.locale", FactStatus::missing, "manifest",
                      "the manifest (format " + b.manifest.format_version +
                          ") has no locale: dates in text artifacts are read only where their order is unambiguous");
    return;
  }
  const auto& l = *b.manifest.locale;
  auto& alloc = f.allocator();
  json::Value o(rapidjson::kObjectType);
  o.AddMember("system_lcid", l.system_lcid, alloc);
  o.AddMember("user_lcid", l.user_lcid, alloc);
  o.AddMember("system_ui_language", static_cast<unsigned>(l.system_ui_language), alloc);
  o.AddMember("user_ui_language", static_cast<unsigned>(l.user_ui_language), alloc);
  o.AddMember("short_date", json_string(l.user.short_date, alloc), alloc);
  o.AddMember("long_date", json_string(l.user.long_date, alloc), alloc);
  o.AddMember("time_format", json_string(l.user.time_format, alloc), alloc);
  o.AddMember("am", json_string(l.user.am, alloc), alloc);
  o.AddMember("pm", json_string(l.user.pm, alloc), alloc);
  o.AddMember("decimal", json_string(l.user.decimal, alloc), alloc);
  o.AddMember("thousands", json_string(l.user.thousands, alloc), alloc);
  o.AddMember("first_day_of_week",
              l.user.first_day_of_week ? json::Value(*l.user.first_day_of_week) : json::Value(), alloc);
  f.set("collection.locale", std::move(o), "manifest:locale");
}

// collection.wow64: whether the 32-bit collector ran on 64-bit Windows, and if so whether it read the native
// system (format 1.3).
void wow64_facts(Facts& f, const Bundle& b) {
  const auto& wow64 = b.manifest.collector.wow64;
  if (!wow64) {
    f.set_unavailable("collection.wow64", FactStatus::missing, "manifest",
                      "the manifest (format " + b.manifest.format_version +
                          ") does not say whether the collector ran under WOW64; its host.os.arch and collector.arch do");
    return;
  }
  auto& alloc = f.allocator();
  json::Value o(rapidjson::kObjectType);
  json::Value active;
  if (wow64->active) active.SetBool(*wow64->active);
  o.AddMember("active", active, alloc);
  o.AddMember("redirection_disabled", wow64->redirection_disabled, alloc);
  if (!wow64->error.empty()) o.AddMember("error", json::Value(wow64->error.c_str(), alloc), alloc);
  f.set("collection.wow64", std::move(o), "manifest:collector.wow64");
}

}  // namespace

void collection_facts(Facts& f, const Bundle& b) {
  const auto& m = b.manifest;
  const std::string src = "manifest";
  auto& alloc = f.allocator();
  f.set("collection.complete", m.complete, src);
  f.set("collection.collector_version", m.collector.version, src);
  f.set("collection.started_utc", m.collection.started_utc, src);
  locale_facts(f, b);
  wow64_facts(f, b);
  json::Value problems(rapidjson::kArrayType);
  for (const auto& p : b.problems) {
    json::Value item(rapidjson::kObjectType);
    item.AddMember("artifact", json::Value(p.artifact_id.c_str(), alloc), alloc);
    item.AddMember("problem", json::Value(p.problem.c_str(), alloc), alloc);
    problems.PushBack(item, alloc);
  }
  f.set("collection.problems", std::move(problems), src);
  text_language_facts(f, b);
}

void text_language_facts(Facts& f, const Bundle& b) {
  const TextLanguage lang = text_language(b.manifest);
  auto& alloc = f.allocator();
  if (!lang.langid) {
    const char* why =
        b.manifest.locale
            ? "the manifest's locale names no UI language: each tool output's own header names its language"
            : "the manifest has no locale (bundle format 1.0/1.1): each tool output's own header names its language";
    mark_all(f, {"collection.ui_language_id", "collection.ui_language", "collection.text_language"},
             FactStatus::missing, "manifest", why);
    f.set("collection.text_unread", json::Value(rapidjson::kArrayType), "manifest");
    return;
  }
  f.set("collection.ui_language_id", std::int64_t{*lang.langid}, lang.source);
  f.set("collection.ui_language", describe_langid(*lang.langid), lang.source);
  if (lang.language)
    f.set("collection.text_language", parsers::language_name(*lang.language), lang.source);
  else
    f.set_null("collection.text_language", lang.source);
  // The localized outputs this bundle holds that are left unread: their ids are the fact's source too, so the
  // report files the rules waiting for them under COLLECTION_TEXT_LANGUAGE_UNSUPPORTED.
  json::Value unread(rapidjson::kArrayType);
  std::string unread_source;
  for (const auto& a : kLocalizedTextArtifacts) {
    if (!text_unreadable(lang, a.id) || !unavailable_reason(b, b.artifact(a.id)).empty()) continue;
    unread.PushBack(json_string(a.id, alloc), alloc);
    unread_source += (unread_source.empty() ? "" : ", ") + std::string(a.id);
  }
  f.set("collection.text_unread", std::move(unread), unread_source.empty() ? lang.source : unread_source);
}

void user_facts(Facts& f, const Bundle& b) {
  const auto& m = b.manifest;
  const std::string src = "manifest";
  auto& alloc = f.allocator();
  f.set("user.name", m.user.name, src);
  // Well-known RIDs of the domain groups the Migration Preparation Tool needs (MS-DTYP 2.4.2.4).
  auto member_of = [&](std::string_view rid) {
    for (const auto& g : m.user.groups) {
      if (g.enabled && g.sid.rfind("S-1-5-21-", 0) == 0 && g.sid.size() > rid.size() &&
          g.sid.compare(g.sid.size() - rid.size(), rid.size(), rid) == 0) {
        return true;
      }
    }
    return false;
  };
  f.set("user.is_domain_admin", member_of("-512"), src);
  f.set("user.is_schema_admin", member_of("-518"), src);
  f.set("user.is_enterprise_admin", member_of("-519"), src);
  // BUILTIN\Administrators is the same SID on every machine (MS-DTYP 2.4.2.4).
  bool admin = false;
  for (const auto& g : m.user.groups) admin = admin || (g.enabled && g.sid == "S-1-5-32-544");
  f.set("user.is_admin", admin, src);
  json::Value groups(rapidjson::kArrayType);
  for (const auto& g : m.user.groups) {
    const std::string& label = g.name ? *g.name : g.sid;
    groups.PushBack(json::Value(label.c_str(), alloc), alloc);
  }
  f.set("user.groups", std::move(groups), src);
}

}  // namespace migready::facts::detail
