// The saved event logs (eventlog.*): recent errors per log, FRS journal wrap, and the Information Store's size
// events handed to the Exchange facts.
#include <algorithm>
#include <map>
#include <new>
#include <tuple>

#include "core/json.hpp"
#include "contract/civil_time.hpp"
#include "facts/sources.hpp"
#include "parsers/evt.hpp"

namespace migready::facts::detail {
namespace {

// FRS journal wrap (NtFrs event 13568, JRNL_WRAP_ERROR: the replica set stops replicating until it is
// reinitialized, KB292438), in the whole saved log rather than the last 30 days: the wrap persists until
// fixed. NtFrs 13516 ("no longer preventing the computer from becoming a domain controller") after the last
// 13568 is read as the set replicating again (unverified as proof: the replica set named in 13568 need not be
// the one 13516 reports).
void journal_wrap_fact(Facts& f, const parsers::EventLog& log, std::string_view id) {
  std::int64_t count = 0;
  std::uint32_t first = 0, last = 0, last_13516 = 0;
  std::string replica_set;
  for (const auto& r : log.records) {
    if (!equals_ci(r.source, "NtFrs")) continue;
    if (r.event_id == 13516) last_13516 = std::max(last_13516, r.time_generated);
    if (r.event_id != 13568) continue;
    ++count;
    if (first == 0 || r.time_generated < first) first = r.time_generated;
    if (r.time_generated >= last) {
      last = r.time_generated;
      if (!r.strings.empty()) replica_set = std::string(r.strings.front().substr(0, 200));
    }
  }
  auto& alloc = f.allocator();
  json::Value v(rapidjson::kObjectType);
  v.AddMember("present", count > 0, alloc);
  v.AddMember("count", count, alloc);
  v.AddMember("first_utc", count > 0 ? json_string(contract::format_iso(first), alloc) : json::Value(), alloc);
  v.AddMember("last_utc", count > 0 ? json_string(contract::format_iso(last), alloc) : json::Value(), alloc);
  v.AddMember("replica_set", count > 0 && !replica_set.empty() ? json_string(replica_set, alloc) : json::Value(), alloc);
  v.AddMember("later_13516_utc", count > 0 && last_13516 > last ? json_string(contract::format_iso(last_13516), alloc)
                                                                 : json::Value(),
              alloc);
  v.AddMember("cleared", count > 0 && last_13516 > last, alloc);
  f.set("frs.journal_wrap", std::move(v), id);
}

}  // namespace

void event_log_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  struct Log {
    std::string_view name;  // the fact segment
    std::string_view id;
  };
  static constexpr Log kLogs[] = {{"system", "eventlog.system"},
                                  {"application", "eventlog.application"},
                                  {"directory_service", "eventlog.directory_service"},
                                  {"dns_server", "eventlog.dns_server"},
                                  {"file_replication_service", "eventlog.file_replication_service"}};
  constexpr std::int64_t kWindow = 30 * 86400;
  const auto started = parse_iso_utc(b.manifest.collection.started_utc);
  auto& alloc = f.allocator();
  // One log at a time, each on its own: running out of memory on one (a hostile log of many tiny records) fails
  // that log's facts, never the bundle's.
  auto read_log = [&](const Log& log) {
    const std::string path = "events." + std::string(log.name) + ".errors_last_30_days";
    const bool frs = log.name == "file_replication_service";
    const bool app = log.name == "application";
    const ArtifactRecord* art = b.artifact(log.id);
    if (auto why = unavailable_reason(b, art); !why.empty()) {
      f.set_unavailable(path, FactStatus::collection_failed, log.id, why);
      if (frs) f.set_unavailable("frs.journal_wrap", FactStatus::collection_failed, log.id, why);
      if (app) f.set_unavailable("exchange.store_size_events", FactStatus::collection_failed, log.id, why);
      return;
    }
    if (!started) {
      f.set_unavailable(path, FactStatus::missing, "manifest",
                        "collection.started_utc is not a UTC time: no window to count in");
      if (app) {
        f.set_unavailable("exchange.store_size_events", FactStatus::missing, "manifest",
                          "collection.started_utc is not a UTC time: no window to count in");
      }
      if (frs) {
        auto parsed = parsers::parse_evt(*b.entry_bytes(*art), art->path.value_or(art->id), diags);
        if (parsed) journal_wrap_fact(f, *parsed, log.id);
        else f.set_unavailable("frs.journal_wrap", FactStatus::parse_failed, log.id, parsed.error().to_string());
      }
      return;
    }
    auto parsed = parsers::parse_evt(*b.entry_bytes(*art), art->path.value_or(art->id), diags);
    if (!parsed) {
      f.set_unavailable(path, FactStatus::parse_failed, log.id, parsed.error().to_string());
      if (frs) f.set_unavailable("frs.journal_wrap", FactStatus::parse_failed, log.id, parsed.error().to_string());
      if (app) f.set_unavailable("exchange.store_size_events", FactStatus::parse_failed, log.id, parsed.error().to_string());
      return;
    }
    if (frs) journal_wrap_fact(f, *parsed, log.id);
    const std::int64_t from = *started - kWindow;
    if (app) exchange_store_event_facts(f, *parsed, from, *started, log.id);
    struct Group {
      std::int64_t count = 0;
      std::uint32_t last = 0;
    };
    std::map<std::pair<std::string, std::uint16_t>, Group> groups;
    std::int64_t total = 0;
    for (const auto& r : parsed->records) {
      // Error events (type 1) generated in the 30 days before the collection started.
      if (r.type != 1 || r.time_generated < from || r.time_generated > *started) continue;
      ++total;
      auto& g = groups[{r.source, r.event_id}];
      ++g.count;
      g.last = std::max(g.last, r.time_generated);
    }
    std::vector<std::pair<std::pair<std::string, std::uint16_t>, Group>> sorted(groups.begin(), groups.end());
    std::sort(sorted.begin(), sorted.end(), [](const auto& x, const auto& y) {
      return std::tie(y.second.count, x.first) < std::tie(x.second.count, y.first);
    });
    json::Value list(rapidjson::kArrayType);
    for (const auto& [key, g] : sorted) {
      if (list.Size() >= kMaxEventGroups) break;
      json::Value o(rapidjson::kObjectType);
      o.AddMember("source", json_string(key.first, alloc), alloc);
      o.AddMember("event_id", key.second, alloc);
      o.AddMember("count", g.count, alloc);
      o.AddMember("last_utc", json_string(contract::format_iso(g.last), alloc), alloc);
      list.PushBack(o, alloc);
    }
    json::Value v(rapidjson::kObjectType);
    v.AddMember("total", total, alloc);
    v.AddMember("from_utc", json_string(contract::format_iso(static_cast<std::uint32_t>(std::max<std::int64_t>(from, 0))), alloc),
                alloc);
    v.AddMember("to_utc", json_string(b.manifest.collection.started_utc, alloc), alloc);
    v.AddMember("groups", std::move(list), alloc);
    v.AddMember("group_count", static_cast<std::uint64_t>(sorted.size()), alloc);
    f.set(path, std::move(v), log.id);
  };
  for (const auto& log : kLogs) {
    try {
      read_log(log);
    } catch (const std::bad_alloc&) {
      const std::string why = "ran out of memory reading this event log";
      f.set_unavailable("events." + std::string(log.name) + ".errors_last_30_days", FactStatus::collection_failed,
                        log.id, why);
      if (log.name == "file_replication_service") {
        f.set_unavailable("frs.journal_wrap", FactStatus::collection_failed, log.id, why);
      }
      if (log.name == "application") {
        f.set_unavailable("exchange.store_size_events", FactStatus::collection_failed, log.id, why);
      }
    }
  }
}

}  // namespace migready::facts::detail
