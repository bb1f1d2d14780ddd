#include "core/process_tree.hpp"

#include <algorithm>
#include <cstddef>

namespace migready::collector {

std::vector<ProcessRow> descendants_deepest_first(const std::vector<ProcessRow>& snapshot, std::uint32_t root_pid,
                                                  std::uint64_t root_created, std::uint32_t self_pid) {
  // Breadth first from the root: each level's parents are already in `tree`, so reversing the whole list
  // puts every process before its parent (deepest level first).
  std::vector<ProcessRow> tree;
  std::vector<bool> taken(snapshot.size(), false);
  std::vector<ProcessRow> level{ProcessRow{root_pid, 0, root_created}};
  while (!level.empty()) {
    std::vector<ProcessRow> next;
    for (const ProcessRow& parent : level) {
      for (std::size_t i = 0; i < snapshot.size(); ++i) {
        const ProcessRow& row = snapshot[i];
        if (taken[i] || row.parent_pid != parent.pid || row.pid == parent.pid) continue;
        if (row.pid == 0 || row.pid == root_pid || row.pid == self_pid) continue;
        if (row.created == 0 || parent.created == 0 || row.created < parent.created) continue;
        const bool seen = std::any_of(tree.begin(), tree.end(), [&](const ProcessRow& t) { return t.pid == row.pid; }) ||
                          std::any_of(next.begin(), next.end(), [&](const ProcessRow& t) { return t.pid == row.pid; });
        taken[i] = true;
        if (!seen) next.push_back(row);
      }
    }
    tree.insert(tree.end(), next.begin(), next.end());
    level = std::move(next);
  }
  std::reverse(tree.begin(), tree.end());
  return tree;
}

}  // namespace migready::collector
