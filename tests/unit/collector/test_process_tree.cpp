#include <catch2/catch.hpp>

#include "core/process_tree.hpp"

using namespace migready::collector;

namespace {

std::vector<std::uint32_t> pids(const std::vector<ProcessRow>& rows) {
  std::vector<std::uint32_t> out;
  for (const ProcessRow& r : rows) out.push_back(r.pid);
  return out;
}

}  // namespace

TEST_CASE("process_tree: children come before their parents", "[collector][process_tree]") {
  // net.exe (100) started net1.exe (200), which started 300; 400 is an unrelated process, 8 the collector.
  const std::vector<ProcessRow> snapshot{
      {8, 4, 1000}, {100, 8, 2000}, {400, 4, 500}, {300, 200, 2200}, {200, 100, 2100}, {301, 200, 2300}};
  const auto tree = descendants_deepest_first(snapshot, 100, 2000, 8);
  CHECK(pids(tree) == std::vector<std::uint32_t>{301, 300, 200});
  CHECK(descendants_deepest_first(snapshot, 400, 500, 8).empty());
}

TEST_CASE("process_tree: a reused parent id does not adopt an older process", "[collector][process_tree]") {
  // 200's parent id is 100, but 200 is older than the root 100: its real parent was an earlier process with
  // that id. 201 is younger and is the root's child.
  const std::vector<ProcessRow> snapshot{{200, 100, 1500}, {201, 100, 2500}, {202, 200, 1600}};
  CHECK(pids(descendants_deepest_first(snapshot, 100, 2000, 8)) == std::vector<std::uint32_t>{201});
  // The same check one level down: 300 names the grandchild 201 as its parent but predates it.
  const std::vector<ProcessRow> deeper{{201, 100, 2500}, {300, 201, 2400}, {301, 201, 2600}};
  CHECK(pids(descendants_deepest_first(deeper, 100, 2000, 8)) == std::vector<std::uint32_t>{301, 201});
}

TEST_CASE("process_tree: unknown creation times and the collector are never taken", "[collector][process_tree]") {
  // 200 could not be queried (created 0): neither it nor its children count; 8 is the collector itself,
  // listed as the root's child by a confused snapshot; 0 is the idle process.
  const std::vector<ProcessRow> snapshot{{200, 100, 0}, {210, 200, 3000}, {8, 100, 3000}, {0, 100, 3000},
                                         {220, 100, 3000}};
  CHECK(pids(descendants_deepest_first(snapshot, 100, 2000, 8)) == std::vector<std::uint32_t>{220});
  // A root whose creation time is unknown adopts nothing.
  CHECK(descendants_deepest_first(snapshot, 100, 0, 8).empty());
}

TEST_CASE("process_tree: a cycle or a repeated row ends", "[collector][process_tree]") {
  // 200 and 300 name each other as parents (ids reused in a loop); 200 is listed twice.
  const std::vector<ProcessRow> snapshot{{200, 100, 2100}, {300, 200, 2200}, {200, 300, 2300}, {200, 100, 2100}};
  CHECK(pids(descendants_deepest_first(snapshot, 100, 2000, 8)) == std::vector<std::uint32_t>{300, 200});
  // A row that is its own parent is not its own child.
  CHECK(descendants_deepest_first({{100, 100, 2000}}, 100, 2000, 8).empty());
}
