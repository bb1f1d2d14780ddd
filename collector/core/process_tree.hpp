// The process tree of a command, from a snapshot of (pid, parent pid, creation time) rows, for killing it
// when no job object holds it (before Windows 8 a process already in a job, as RunAs, Task Scheduler and a
// Remote Desktop "start a program" put it, cannot be put in another: AssignProcessToJobObject fails with
// ERROR_ACCESS_DENIED). The Win32 layer fills the rows from CreateToolhelp32Snapshot and GetProcessTimes
// (win32/process_runner.cpp); the decision of who belongs to the tree is made here, unit-tested.
//
// Process ids are reused: a row's parent pid may name a process that has exited and whose id now belongs to
// another one. A row is taken as a child of a tree member only when it was created at or after that member
// (a process cannot be older than its parent), and only rows whose creation time is known count: a process
// the collector cannot query is never killed as "probably ours" (the collector must not change the server).
#pragma once

#include <cstdint>
#include <vector>

namespace migready::collector {

struct ProcessRow {
  std::uint32_t pid = 0;
  std::uint32_t parent_pid = 0;
  std::uint64_t created = 0;  // creation time (FILETIME ticks); 0 = unknown
};

// The descendants of `root_pid` (created at `root_created`, known: the collector holds its handle, so its id
// cannot be reused while it runs the tree), deepest first: every process comes before its parent, so the
// children are killed before the process that could start new ones notices. The root itself is not listed;
// nor are pid 0, `self_pid` (the collector) or a row seen twice. A descendant whose own parent has exited is
// still found through that parent's row while the parent is in the snapshot; once the parent is gone its
// children are unreachable (their parent id may already be someone else's).
std::vector<ProcessRow> descendants_deepest_first(const std::vector<ProcessRow>& snapshot, std::uint32_t root_pid,
                                                  std::uint64_t root_created, std::uint32_t self_pid);

}  // namespace migready::collector
