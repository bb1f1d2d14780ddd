// The fact catalogue (analyzer/facts/catalogue.cpp) against what it declares: docs/facts.md documents exactly its
// facts, and build_facts sets exactly its facts, each with a value of the declared type and from a declared
// artifact. A failure names the path and where it was seen, so adding a fact is: a catalogue entry, a docs row,
// the build_facts code.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "contract/artifacts.hpp"
#include "facts/catalogue.hpp"
#include "facts/facts.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;

namespace {

const facts::Catalogue& catalogue() { return facts::Catalogue::builtin(); }

// The backticked fact paths of the first column of docs/facts.md's tables whose header starts "| fact |", with
// their line and the topic file their "## " section names ("## Network (`facts/network.cpp`)": the last
// backticked text of the heading; "" when it names none). "`a.b.c`, `.d`" is a.b.c and a.b.d (a leading dot
// replaces the last segment); "`x.list[].f`" documents a field of the array fact x.list and is returned as is.
struct Documented {
  std::string path;
  int line = 0;
  std::string section_file;
};
std::vector<Documented> documented_paths(const std::string& text) {
  std::istringstream doc(text);
  std::vector<Documented> out;
  std::string line;
  std::string section_file;
  int number = 0;
  bool in_table = false;
  while (std::getline(doc, line)) {
    ++number;
    if (line.rfind("## ", 0) == 0) {
      const std::size_t close = line.rfind('`');
      const std::size_t open = close == std::string::npos || close == 0 ? std::string::npos : line.rfind('`', close - 1);
      section_file = open == std::string::npos ? std::string() : line.substr(open + 1, close - open - 1);
    }
    if (line.rfind("| fact |", 0) == 0) {
      in_table = true;
      std::getline(doc, line);  // |---|
      ++number;
      continue;
    }
    if (line.empty() || line[0] != '|') {
      in_table = false;
      continue;
    }
    if (!in_table) continue;
    const std::string cell = line.substr(1, line.find('|', 1) - 1);
    std::string previous;
    for (std::size_t open = cell.find('`'); open != std::string::npos; open = cell.find('`', open)) {
      const std::size_t close = cell.find('`', open + 1);
      if (close == std::string::npos) break;
      std::string path = cell.substr(open + 1, close - open - 1);
      open = close + 1;
      if (!path.empty() && path[0] == '.') {
        if (previous.empty() || previous.rfind('.') == std::string::npos) continue;
        path = previous.substr(0, previous.rfind('.')) + path;
      }
      previous = path;
      out.push_back({path, number, section_file});
    }
  }
  return out;
}

// Every fact object in the facts tree: {path, fact}.
void walk(const json::Value& node, const std::string& path, std::vector<std::pair<std::string, const json::Value*>>& out) {
  if (node.IsObject() && node.HasMember("status")) {
    out.emplace_back(path, &node);
    return;
  }
  REQUIRE(node.IsObject());
  for (auto m = node.MemberBegin(); m != node.MemberEnd(); ++m) {
    walk(m->value, path.empty() ? m->name.GetString() : path + "." + m->name.GetString(), out);
  }
}

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    const std::size_t end = s.find(' ');
    if (end != 0) out.push_back(s.substr(0, end));
    if (end == std::string_view::npos) break;
    s.remove_prefix(end + 1);
  }
  return out;
}

// A fact's source names one of the declared artifacts: "registry.software:Microsoft\...", a file of a search
// row ("file.ntbackup_logs.<profile>.<file>"), or a list of them ("command.wmic_qfe, registry.software").
bool source_declared(const facts::FactSpec& spec, std::string_view source) {
  if (spec.sources == "none") return true;
  while (!source.empty()) {
    const std::size_t comma = source.find(", ");
    std::string_view one = source.substr(0, comma);
    one = one.substr(0, one.find(':'));
    bool found = false;
    for (auto id : words(spec.sources)) {
      found = found || one == id || (one.size() > id.size() && one.substr(0, id.size()) == id && one[id.size()] == '.');
    }
    if (!found) return false;
    if (comma == std::string_view::npos) break;
    source.remove_prefix(comma + 2);
  }
  return true;
}

// Checks one bundle's facts against the catalogue; `all_set`: every declared fact must be there too.
void check_facts(const std::string& bundle_name, const facts::Facts& f, bool all_set) {
  std::vector<std::pair<std::string, const json::Value*>> leaves;
  walk(f.document(), "", leaves);
  std::set<std::string> seen;
  for (const auto& [path, fact] : leaves) {
    seen.insert(path);
    const std::string source = (*fact)["source"].GetString();
    INFO(bundle_name << ": fact '" << path << "' (source " << source << ")");
    const auto match = catalogue().find(path);
    if (match.spec == nullptr || !match.rest.empty()) {
      FAIL_CHECK("build_facts sets it, and analyzer/facts/catalogue.cpp does not declare it");
      continue;
    }
    INFO("declared as " << match.spec->path << ": " << facts::fact_types_name(match.spec->types) << " from '"
                        << match.spec->sources << "'");
    CHECK(source_declared(*match.spec, source));
    if (std::string_view((*fact)["status"].GetString()) != "present") continue;
    const json::Value& value = (*fact)["value"];
    INFO("its value is " << facts::fact_types_name(facts::value_types(value)));
    CHECK((facts::value_types(value) & match.spec->types) != 0);
  }
  if (!all_set) return;
  for (const auto& spec : catalogue().facts()) {
    if (spec.sources == "command-line") continue;  // analyze_file sets these from migready's options
    for (const auto& path : catalogue().expand(spec)) {
      INFO(bundle_name << ": '" << path << "' is declared in analyzer/facts/catalogue.cpp and build_facts never sets it");
      CHECK(seen.count(path) == 1);
    }
  }
}

}  // namespace

TEST_CASE("the catalogue finds facts, families and paths into a fact's value", "[facts][catalogue]") {
  const auto os = catalogue().find("os.service_pack_number");
  REQUIRE(os.spec != nullptr);
  CHECK(os.rest.empty());
  CHECK(os.spec->types == facts::kInt);
  CHECK(catalogue().find("os.service_pak_number").spec == nullptr);
  CHECK(catalogue().nearest("os.service_pak_number") == "os.service_pack_number");
  CHECK(catalogue().nearest("completely.different").empty());
  CHECK(catalogue().find("os").spec == nullptr);  // a node of the tree, not a fact

  const auto events = catalogue().find("events.system.errors_last_30_days.groups");
  REQUIRE(events.spec != nullptr);
  CHECK(events.spec->path == "events.<log>.errors_last_30_days");
  CHECK(events.fact == "events.system.errors_last_30_days");
  CHECK(events.rest == "groups");
  CHECK(catalogue().find("events.sytem.errors_last_30_days").spec == nullptr);  // family words are closed
  CHECK(catalogue().expand(*events.spec).size() == 5);
  CHECK(catalogue().find("dotnet.v3_5.installed").spec != nullptr);
  CHECK(catalogue().find("dotnet.v4_0.installed").spec == nullptr);

  // An open family takes any word.
  static constexpr facts::FactSpec kSpecs[] = {{"logs.<artifact>.size", facts::kInt, "none", "test"}};
  static constexpr facts::FactFamily kOpen[] = {{"<artifact>", ""}};
  const facts::Catalogue open(kSpecs, kOpen);
  CHECK(open.find("logs.anything_1.size").spec != nullptr);
  CHECK(open.find("logs.a.b.size").spec == nullptr);
}

TEST_CASE("value_types reads what a value can be", "[facts][catalogue]") {
  json::Document d;
  d.Parse(R"([null, true, 3, -2.5, "5.2", "2026-11-25", "2026-11-25T14:30:05Z", "2026-11-25 14:30", "2026-11-25T14:30:05.123",
              "2026-11-25T1", "yesterday", [], {}])");
  const auto& v = d.GetArray();
  CHECK(facts::value_types(v[0]) == facts::kNull);
  CHECK(facts::value_types(v[1]) == facts::kBool);
  CHECK(facts::value_types(v[2]) == (facts::kInt | facts::kNumber));
  CHECK(facts::value_types(v[3]) == facts::kNumber);
  CHECK(facts::value_types(v[4]) == facts::kString);
  for (rapidjson::SizeType i = 5; i <= 8; ++i) {
    INFO(v[i].GetString());
    CHECK(facts::value_types(v[i]) == (facts::kString | facts::kDate));
  }
  CHECK(facts::value_types(v[9]) == facts::kString);
  CHECK(facts::value_types(v[10]) == facts::kString);
  CHECK(facts::value_types(v[11]) == facts::kArray);
  CHECK(facts::value_types(v[12]) == facts::kObject);
  CHECK(facts::fact_types_name(facts::kInt | facts::kNull) == "int or null");
}

TEST_CASE("every catalogue entry is well formed", "[facts][catalogue]") {
  std::set<std::string_view> paths;
  for (const auto& spec : catalogue().facts()) {
    INFO("catalogue entry " << spec.path);
    CHECK(paths.insert(spec.path).second);  // declared once
    CHECK(spec.types != 0);
    CHECK_FALSE(spec.doc.empty());
    CHECK(spec.types != facts::kNull);
    for (const auto& path : catalogue().expand(spec)) {
      CHECK(catalogue().find(path).spec == &spec);  // no entry hides another
    }
    // Sources are artifacts of the contract, the manifest, migready's command line, or none.
    REQUIRE_FALSE(words(spec.sources).empty());
    for (auto id : words(spec.sources)) {
      INFO("source " << id);
      CHECK((id == "manifest" || id == "command-line" || id == "none" || contract::find_artifact(id) != nullptr));
    }
  }
}

TEST_CASE("docs/facts.md documents exactly the catalogue's facts", "[facts][catalogue][docs]") {
  const auto documented = documented_paths(test::read_file(MIGREADY_SOURCE_DIR "/docs/facts.md"));
  REQUIRE(documented.size() > 150);
  std::map<std::string, int> doc_line;  // path -> first line documenting it
  for (const auto& [path, line, section_file] : documented) {
    INFO("docs/facts.md:" << line << ": `" << path << "`");
    if (const auto field = path.find("[]."); field != std::string::npos) {
      // A field of an array fact's elements: the array must be declared.
      const auto match = catalogue().find(path.substr(0, field));
      REQUIRE(match.spec != nullptr);
      CHECK(match.rest.empty());
      CHECK((match.spec->types & facts::kArray) != 0);
      continue;
    }
    doc_line.emplace(path, line);
    bool declared = false;
    for (const auto& spec : catalogue().facts()) declared = declared || spec.path == path;
    if (!declared) FAIL_CHECK("documented, and not declared in analyzer/facts/catalogue.cpp");
  }
  for (const auto& spec : catalogue().facts()) {
    INFO("analyzer/facts/catalogue.cpp declares '" << spec.path << "'");
    if (doc_line.count(std::string(spec.path)) == 0) FAIL_CHECK("docs/facts.md has no row for it");
  }
}

// The topic a fact's row sits under in docs/facts.md: the file fact_topic_file names, which exists.
std::vector<std::string> misfiled(const std::vector<Documented>& documented) {
  std::vector<std::string> out;
  for (const auto& d : documented) {
    const std::string fact = d.path.substr(0, d.path.find("[]."));
    const std::string_view file = facts::fact_topic_file(fact);
    if (file != d.section_file) {
      out.push_back("docs/facts.md:" + std::to_string(d.line) + ": `" + d.path + "` sits under '" + d.section_file +
                    "', its topic is '" + std::string(file) + "'");
    }
  }
  return out;
}

TEST_CASE("docs/facts.md files every fact under its topic, and every topic is a file", "[facts][catalogue][docs]") {
  for (const auto& spec : catalogue().facts()) {
    INFO("analyzer/facts/catalogue.cpp declares '" << spec.path << "'");
    const std::string_view file = facts::fact_topic_file(spec.path);
    if (file.empty()) FAIL_CHECK("no topic: add its prefix to kTopics (catalogue.cpp)");
    else CHECK(std::ifstream(std::string(MIGREADY_SOURCE_DIR "/analyzer/") + std::string(file)).good());
  }
  const std::string text = test::read_file(MIGREADY_SOURCE_DIR "/docs/facts.md");
  for (const auto& problem : misfiled(documented_paths(text))) FAIL_CHECK(problem);

  // The check bites: a row moved to another topic's section, or a section that names no file.
  const std::string row = "| `dhcp_server.scopes` |";
  const std::string network = "## Network, RRAS, ISA Server and DNS Server (`facts/network.cpp`)\n\n| fact | notes |\n|---|---|\n";
  CHECK(misfiled(documented_paths(network + row + " x |\n")).size() == 1);
  CHECK(misfiled(documented_paths("## DHCP server\n\n| fact | notes |\n|---|---|\n" + row + " x |\n")).size() == 1);
  CHECK(misfiled(documented_paths("## DHCP (`facts/dhcp.cpp`)\n\n| fact | notes |\n|---|---|\n" + row + " x |\n")).empty());
  CHECK(facts::fact_topic_file("rras.running") == "facts/services.cpp");  // the longest prefix wins over "rras."
  CHECK(facts::fact_topic_file("nosuch.fact").empty());
}

TEST_CASE("build_facts sets only declared facts, with the declared types and sources", "[facts][catalogue][sample]") {
  for (const char* name : {"migready-SBS01-20261125T143005Z.zip", "migready-SBSSERVER-20261202T091542Z.zip",
                           "migready-NWSRV01-20261127T160218Z.zip"}) {
    Diagnostics diags;
    auto b = bundle::open_bundle(std::string(MIGREADY_SOURCE_DIR "/samples/") + name, {}, diags);
    REQUIRE(b);
    check_facts(name, facts::build_facts(*b, diags), true);
  }
  // A bundle with no artifact: every fact is still set, as not collected.
  test::BundleBuilder empty;
  Diagnostics diags;
  auto b = bundle::open_bundle_memory(empty.zip(), "empty.zip", {}, diags);
  REQUIRE(b);
  check_facts("a bundle without artifacts", facts::build_facts(*b, diags), true);
}
