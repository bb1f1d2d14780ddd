#include "report/merge.hpp"

#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "bundle/write.hpp"
#include "contract/artifacts.hpp"
#include "contract/ascii.hpp"
#include "contract/selection.hpp"
#include "contract/sha256.hpp"
#include "core/json.hpp"
#include "platform/platform.hpp"

namespace migready::report {
namespace {

using contract::ArtifactRecord;
using contract::Status;

struct Input {
  std::string name;    // file name, for messages and provenance
  std::string sha256;  // of the whole bundle file
  bundle::Bundle b;
  json::Document doc;  // its manifest.json, already valid against the schema
};

// A UTC time of the manifest ("YYYY-MM-DDThh:mm:ss[.mmm]Z", schema-checked) as a key that sorts in time order.
std::string time_key(const std::string& utc) {
  if (utc.size() < 19) return std::string(23, '0');
  std::string key = utc.substr(0, 19);
  key += utc.size() >= 23 && utc[19] == '.' ? utc.substr(20, 3) : std::string("000");
  return key;
}

// Group key: the artifact table row (a file row's expanded files travel together), else the id itself.
std::string group_of(const std::string& id) {
  const contract::ArtifactSpec* row = contract::row_of(id);
  return row != nullptr ? std::string(row->id) : id;
}

struct Copy {
  std::size_t input = 0;
  std::vector<std::size_t> records;  // indices into that input's manifest.artifacts
  std::string newest;                // time_key of the latest started_utc
  bool intact = true;                // every stored record verified
  bool any_ok = false;
};

// Host identity: the field that differs, with both values, or "".
std::string host_difference(const contract::Manifest& a, const contract::Manifest& b) {
  const auto text = [](const std::optional<std::string>& v) { return v ? "\"" + *v + "\"" : std::string("null"); };
  const auto same_ci = [](const std::optional<std::string>& x, const std::optional<std::string>& y) {
    return x.has_value() == y.has_value() && (!x || contract::equals_ci(*x, *y));
  };
  if (!contract::equals_ci(a.host.computer_name, b.host.computer_name))
    return "host.computer_name is \"" + a.host.computer_name + "\" in one and \"" + b.host.computer_name +
           "\" in the other";
  if (!same_ci(a.host.dns_domain, b.host.dns_domain))
    return "host.dns_domain is " + text(a.host.dns_domain) + " in one and " + text(b.host.dns_domain) + " in the other";
  if (!same_ci(a.host.netbios_domain, b.host.netbios_domain))
    return "host.netbios_domain is " + text(a.host.netbios_domain) + " in one and " + text(b.host.netbios_domain) +
           " in the other";
  const auto version = [](const contract::OsInfo& os) {
    return std::to_string(os.major) + "." + std::to_string(os.minor) + "." + std::to_string(os.build);
  };
  if (version(a.host.os) != version(b.host.os))
    return "host.os (major.minor.build) is " + version(a.host.os) + " in one and " + version(b.host.os) +
           " in the other";
  if (a.host.os.arch != b.host.os.arch)
    return "host.os.arch is " + std::string(contract::arch_name(a.host.os.arch)) + " in one and " +
           std::string(contract::arch_name(b.host.os.arch)) + " in the other";
  return {};
}

json::Value string_value(std::string_view s, json::Document::AllocatorType& alloc) {
  return json::Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), alloc);
}

json::Value partial_value(const contract::PartialInfo& p, json::Document::AllocatorType& alloc) {
  json::Value v(rapidjson::kObjectType), requested(rapidjson::kArrayType), artifacts(rapidjson::kArrayType);
  for (const auto& w : p.requested) requested.PushBack(string_value(w, alloc), alloc);
  for (const auto& w : p.artifacts) artifacts.PushBack(string_value(w, alloc), alloc);
  v.AddMember("requested", requested, alloc);
  v.AddMember("artifacts", artifacts, alloc);
  return v;
}

void set_member(json::Value& object, const char* name, json::Value value,
                json::Document::AllocatorType& alloc) {
  object.RemoveMember(name);
  object.AddMember(rapidjson::StringRef(name), value, alloc);
}

std::string status_text(const contract::Manifest& m, const Copy& c) {
  std::string out;
  for (std::size_t i : c.records) {
    const auto s = std::string(contract::status_name(m.artifacts[i].status));
    if (out.find(s) == std::string::npos) out += (out.empty() ? "" : "/") + s;
  }
  if (!c.intact) out += ", damaged";
  return out;
}

// A manifest string cut to the schema's maxLength (code points; a cut inside a UTF-8 sequence backs off).
std::string clamp(std::string s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
  return s;
}

}  // namespace

Result<Merged> merge_bundles(const std::vector<std::string>& paths, const bundle::Limits& limits, Diagnostics& diags) {
  if (paths.size() < 2) return make_error(Errc::usage, "merge needs at least two bundles of one host");
  if (paths.size() > kMaxMergeInputs)
    return make_error(Errc::usage, "merge takes at most " + std::to_string(kMaxMergeInputs) + " bundles");

  std::vector<Input> inputs;
  inputs.reserve(paths.size());
  std::uint64_t input_bytes = 0;
  for (const std::string& path : paths) {
    Input in;
    in.name = std::string(platform::file_name(path));
    if (in.name.empty()) in.name = path;
    {
      auto mapped = platform::map_file(path);
      if (!mapped) return std::move(mapped).error();
      const auto bytes = mapped->bytes();
      input_bytes += bytes.size();
      if (input_bytes > limits.max_total_size) {
        return make_error(Errc::limit,
                          "the bundles together are larger than the analyzer's limit of " +
                              std::to_string(limits.max_total_size) + " bytes",
                          path);
      }
      const std::string_view view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
      in.sha256 = contract::sha256_hex(view);
      auto opened = bundle::open_bundle_memory(view, in.name, limits, diags);
      if (!opened) return std::move(opened).error();
      in.b = std::move(*opened);
    }
    for (const Input& earlier : inputs) {
      if (earlier.sha256 == in.sha256)
        return make_error(Errc::usage, in.name + " is the same bundle as " + earlier.name + " (same SHA-256)", path);
    }
    const auto manifest = in.b.entries.find(contract::kManifestPath);
    if (manifest == in.b.entries.end()) return make_error(Errc::format, "no manifest.json", path);
    auto doc = parse_untrusted_json(manifest->second, 32, in.name + ":manifest.json");
    if (!doc) return std::move(doc).error();
    in.doc = std::move(*doc);
    if (!inputs.empty()) {
      if (const std::string diff = host_difference(inputs.front().b.manifest, in.b.manifest); !diff.empty()) {
        return make_error(Errc::usage,
                          "not the same host: " + diff + " (" + inputs.front().name + ", " + in.name +
                              "); merge combines bundles of one host only",
                          path);
      }
    }
    inputs.push_back(std::move(in));
  }

  Merged out;
  for (std::size_t i = 1; i < inputs.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (time_key(inputs[i].b.manifest.collection.started_utc) <
          time_key(inputs[j].b.manifest.collection.started_utc)) {
        out.clock_notes.push_back(inputs[i].name + " started (" + inputs[i].b.manifest.collection.started_utc +
                                  ") before " + inputs[j].name + " (" + inputs[j].b.manifest.collection.started_utc +
                                  "), which is given before it: the newer copy is chosen by the server's clock; if "
                                  "the clock was set back between the runs, check what was taken");
        break;
      }
    }
  }

  // The copies of each group, and the order groups appear in: table order, then ids of no row as first met.
  std::map<std::string, std::vector<Copy>> copies;
  std::vector<std::string> unknown_groups;
  for (std::size_t n = 0; n < inputs.size(); ++n) {
    const bundle::Bundle& b = inputs[n].b;
    std::map<std::string, Copy> mine;
    for (std::size_t i = 0; i < b.manifest.artifacts.size(); ++i) {
      const ArtifactRecord& r = b.manifest.artifacts[i];
      const std::string group = group_of(r.id);
      Copy& c = mine[group];
      c.input = n;
      c.records.push_back(i);
      c.newest = std::max(c.newest, time_key(r.started_utc));
      c.any_ok = c.any_ok || r.status == Status::ok;
      if (r.path && b.entry_bytes(r) == nullptr) c.intact = false;
      if (contract::row_of(r.id) == nullptr &&
          std::find(unknown_groups.begin(), unknown_groups.end(), group) == unknown_groups.end()) {
        unknown_groups.push_back(group);
      }
    }
    for (auto& [group, c] : mine) copies[group].push_back(std::move(c));
  }
  std::vector<std::string> order;
  for (const auto& spec : contract::kArtifacts) {
    if (copies.count(std::string(spec.id)) != 0) order.emplace_back(spec.id);
  }
  order.insert(order.end(), unknown_groups.begin(), unknown_groups.end());

  Input& base = inputs.front();
  json::Document merged;
  merged.CopyFrom(base.doc, merged.GetAllocator());
  auto& alloc = merged.GetAllocator();
  json::Value artifacts(rapidjson::kArrayType);
  std::vector<std::size_t> taken_count(inputs.size(), 0);
  std::vector<bundle::ZipEntry> entries;
  std::set<std::string, std::less<>> paths_used;
  std::uint64_t total = 0;

  for (const std::string& group : order) {
    std::vector<Copy>& list = copies[group];
    const auto newer = [](const Copy& a, const Copy& b) {  // true when b is newer than a
      return a.newest != b.newest ? a.newest < b.newest : a.input < b.input;
    };
    const Copy* best = nullptr;
    for (int pass = 0; pass < 3 && best == nullptr; ++pass) {
      for (const Copy& c : list) {
        const bool eligible = pass == 0 ? c.intact && c.any_ok : pass == 1 ? c.intact : true;
        if (eligible && (best == nullptr || newer(*best, c))) best = &c;
      }
    }
    Input& from = inputs[best->input];
    std::string line = group + ": from " + from.name + " (" + status_text(from.b.manifest, *best) + ")";
    for (const Copy& c : list) {
      if (&c == best) continue;
      line += "; not from " + inputs[c.input].name + " (" + status_text(inputs[c.input].b.manifest, c) +
              (newer(*best, c) ? ", newer" : ", older") + ")";
    }
    out.taken.push_back(line);

    const json::Value& source_list = from.doc["artifacts"];
    for (std::size_t i : best->records) {
      const ArtifactRecord& r = from.b.manifest.artifacts[i];
      json::Value a;
      a.CopyFrom(source_list[static_cast<rapidjson::SizeType>(i)], alloc);
      if (!a.HasMember("provenance")) {
        json::Value p(rapidjson::kObjectType);
        p.AddMember("bundle", string_value(clamp(from.name, 1024), alloc), alloc);
        p.AddMember("bundle_sha256", string_value(from.sha256, alloc), alloc);
        p.AddMember("run_started_utc", string_value(from.b.manifest.collection.started_utc, alloc), alloc);
        p.AddMember("collector_version", string_value(from.b.manifest.collector.version, alloc), alloc);
        p.AddMember("format_version", string_value(from.b.manifest.format_version, alloc), alloc);
        a.AddMember("provenance", p, alloc);
      }
      if (r.path) {
        const std::string* bytes = from.b.entry_bytes(r);
        if (bytes == nullptr) {  // damaged in every input that has it: kept as a failure, without bytes
          std::string why = "not taken from " + from.name + ": its bytes do not match its manifest";
          for (const auto& p : from.b.problems) {
            if (p.artifact_id == r.id && p.corrupt) why += " (" + p.problem + ")";
          }
          set_member(a, "status", json::Value(rapidjson::StringRef("failed")), alloc);
          set_member(a, "path", json::Value(rapidjson::kNullType), alloc);
          set_member(a, "size", json::Value(rapidjson::kNullType), alloc);
          set_member(a, "sha256", json::Value(rapidjson::kNullType), alloc);
          set_member(a, "error", string_value(clamp(why, 8192), alloc), alloc);
        } else {
          if (!paths_used.insert(*r.path).second) {
            return make_error(Errc::unsafe, "two artifacts to be merged share the path " + *r.path + " (" + r.id +
                                                " of " + from.name + " is one)");
          }
          total += bytes->size();
          entries.push_back({*r.path, *bytes});
        }
      }
      artifacts.PushBack(a, alloc);
      ++taken_count[best->input];
      ++out.artifacts;
    }
  }
  if (entries.size() + 1 > limits.max_entries || total > limits.max_total_size) {
    return make_error(Errc::limit, "the merged bundle would hold " + std::to_string(entries.size() + 1) +
                                       " files and " + std::to_string(total) +
                                       " bytes, past the analyzer's limits (docs/bundle-format.md)");
  }
  if (out.artifacts > 10000) return make_error(Errc::limit, "the merged bundle would list more than 10000 artifacts");

  // The manifest: the first input's, made a 1.4 merged one.
  set_member(merged, "format_version", string_value(contract::kFormatVersion, alloc), alloc);
  merged.RemoveMember("partial");
  bool complete = true;
  std::string reasons;
  json::Value from_list(rapidjson::kArrayType);
  for (std::size_t n = 0; n < inputs.size(); ++n) {
    const contract::Manifest& m = inputs[n].b.manifest;
    if (!m.complete) {
      complete = false;
      reasons += (reasons.empty() ? "" : "; ") + inputs[n].name + ": " + m.incomplete_reason.value_or("incomplete");
    }
    json::Value f(rapidjson::kObjectType);
    f.AddMember("bundle", string_value(clamp(inputs[n].name, 1024), alloc), alloc);
    f.AddMember("bundle_sha256", string_value(inputs[n].sha256, alloc), alloc);
    f.AddMember("run_started_utc", string_value(m.collection.started_utc, alloc), alloc);
    f.AddMember("collector_version", string_value(m.collector.version, alloc), alloc);
    f.AddMember("format_version", string_value(m.format_version, alloc), alloc);
    if (m.partial) f.AddMember("partial", partial_value(*m.partial, alloc), alloc);
    f.AddMember("artifacts_taken", json::Value(static_cast<std::uint64_t>(taken_count[n])), alloc);
    from_list.PushBack(f, alloc);
  }
  set_member(merged, "complete", json::Value(complete), alloc);
  merged.RemoveMember("incomplete_reason");
  if (!complete) merged.AddMember("incomplete_reason", string_value(clamp(reasons, 4096), alloc), alloc);
  merged.RemoveMember("merged_from");
  merged.RemoveMember("artifacts");
  merged.AddMember("merged_from", from_list, alloc);
  merged.AddMember("artifacts", artifacts, alloc);

  json::StringBuffer buffer;
  json::PrettyWriter<json::StringBuffer> writer(buffer);
  writer.SetIndent(' ', 2);
  merged.Accept(writer);
  out.manifest_json.assign(buffer.GetString(), buffer.GetSize());
  out.manifest_json += '\n';
  entries.push_back({std::string(contract::kManifestPath), out.manifest_json});

  const auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  auto zip = bundle::write_zip(entries, static_cast<std::int64_t>(now));
  if (!zip) return std::move(zip).error();
  out.zip = std::move(*zip);

  // What is returned must be a bundle this analyzer opens and verifies.
  Diagnostics check_diags;
  auto check = bundle::open_bundle_memory(out.zip, "merged bundle", limits, check_diags);
  if (!check) {
    Error e = std::move(check).error();
    e.message = "the merged bundle does not read back: " + e.message;
    return e;
  }
  for (const auto& p : check->problems) {
    if (p.corrupt)
      return make_error(Errc::integrity, "the merged bundle does not verify: " + p.artifact_id + ": " + p.problem);
  }
  return out;
}

}  // namespace migready::report
