#include "triage/triage.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <new>
#include <set>
#include <system_error>
#include <thread>
#include <utility>

#include "contract/ascii.hpp"
#include "platform/platform.hpp"
#include "report/report.hpp"

namespace migready::triage {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Paths are UTF-8 strings outside, std::filesystem paths (UTF-16 on Windows) inside: platform converts.
using platform::fs_path;
using platform::path_utf8;

class Finder {
 public:
  std::vector<Found> found;

  void add_file(const std::string& path) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(fs_path(path), ec);
    if (!m_seen.insert(ec ? path : path_utf8(canonical)).second) return;
    found.push_back({path, ""});
  }

  void search(const fs::path& dir, std::size_t depth) {
    if (depth > kMaxDepth) {
      found.push_back({path_utf8(dir), "folders nested more than " + std::to_string(kMaxDepth) + " deep: not searched"});
      return;
    }
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      found.push_back({path_utf8(dir), "cannot search the folder: " + ec.message()});
      return;
    }
    std::vector<fs::path> entries;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      entries.push_back(it->path());
    }
    if (ec) found.push_back({path_utf8(dir), "cannot search the whole folder: " + ec.message()});
    // By the names' UTF-8 bytes: the same order on both systems.
    std::sort(entries.begin(), entries.end(), [](const fs::path& a, const fs::path& b) {
      return path_utf8(a.filename()) < path_utf8(b.filename());
    });
    for (const auto& entry : entries) {
      const fs::file_status own = fs::symlink_status(entry, ec);
      if (ec) continue;  // vanished since it was listed
      if (fs::is_directory(own)) {
        search(entry, depth + 1);
        continue;
      }
      if (!is_bundle_name(path_utf8(entry.filename()))) continue;
      // A symlink to a file counts; to a folder it is not followed; devices and FIFOs are never read.
      if (fs::is_regular_file(fs::is_symlink(own) ? fs::status(entry, ec) : own) && !ec) add_file(path_utf8(entry));
    }
  }

 private:
  std::set<std::string> m_seen;
};

}  // namespace

std::size_t bundle_extension_length(std::string_view name) {
  // A sealed bundle (an age file: bundle/sealed.hpp) is found by these names; opening it checks its header.
  for (const std::string_view ext : {".zip.age", ".age", ".tar.gz", ".tgz", ".zip", ".tar", ".cab"}) {
    if (name.size() > ext.size() && contract::ends_with_ci(name, ext)) return ext.size();
  }
  return 0;
}

bool is_bundle_name(std::string_view name) { return bundle_extension_length(name) != 0; }

Result<std::vector<Found>> find_bundles(const std::vector<std::string>& paths) {
  Finder finder;
  for (const auto& path : paths) {
    std::error_code ec;
    const fs::file_status st = fs::status(platform::fs_path(path), ec);
    if (ec || !fs::exists(st)) {
      return make_error(Errc::io, ec ? ec.message() : std::string("No such file or directory"), path);
    }
    if (fs::is_directory(st)) finder.search(platform::fs_path(path), 0);
    else if (fs::is_regular_file(st)) finder.add_file(path);
    else finder.found.push_back({path, "not a regular file"});
  }
  return std::move(finder.found);
}

std::string progress_line(const Progress& p) {
  const double rate = p.elapsed_seconds > 0 ? static_cast<double>(p.done) / p.elapsed_seconds : 0;
  char line[160];
  int n = std::snprintf(line, sizeof line, "triage: %zu/%zu bundles, %.1f/s", p.done, p.total, rate);
  if (rate > 0 && p.done < p.total && n > 0) {
    const auto eta = static_cast<unsigned long long>(static_cast<double>(p.total - p.done) / rate + 0.5);
    std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n), ", ETA %llu:%02llu", eta / 60, eta % 60);
  }
  return line;
}

namespace {

// Set once a worker was left running past its bundle's time budget (abandoned_workers()).
std::atomic<bool> g_abandoned{false};

// What a worker's bundle is doing; guarded by Batch::mutex.
enum class Slot { pending, running, writing, finished, timed_out };

// Everything a worker touches, shared (not on run()'s stack): a worker left behind past its time budget keeps
// it alive after run() returned, and finds its bundle timed_out before it would write anything.
struct Batch {
  std::vector<Found> found;
  Options options;
  const rules::RuleSet* rules = nullptr;  // the caller's: it must outlive the process when workers were abandoned
  fs::path reports_dir;
  std::vector<std::string> names;
  std::function<bool(std::string_view)> known_rule;
  std::string as_of;
  std::unique_ptr<std::atomic<bool>[]> stop;  // per bundle: set at its time-out, looked at between stages
  std::atomic<std::size_t> beside_used{0};

  std::mutex mutex;
  std::condition_variable changed;
  std::vector<TriageRow> rows;
  std::vector<Slot> slots;
  std::vector<Clock::time_point> started;
  std::vector<std::size_t> owner;  // the index in `threads` of the worker judging the bundle
  std::vector<std::size_t> running;  // bundles in Slot::running
  std::size_t next = 0, done = 0;
  std::size_t live = 0;  // workers still pulling bundles (not the abandoned ones)
};

// The path as a row shows it: with --redact the bundle's file name, redacted by what that name tells.
std::string shown_path(const Batch& b, std::size_t i) {
  const std::string& path = b.found[i].path;
  if (!b.options.redact) return path;
  report::Redactor redactor(*b.options.redact);
  redactor.learn_bundle_name(platform::file_name(path));
  return redactor.redact(platform::file_name(path));
}

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", seconds);
  return text;
}

struct Judged {
  TriageRow row;
  std::string json, html;  // the reports to write; empty when the row is unreadable
};

Judged judge(Batch& b, std::size_t i) {
  const Found& f = b.found[i];
  const Options& options = b.options;
  std::optional<report::Redactor> redactor;
  std::string shown = f.path;  // the path as the summary shows it
  if (options.redact) {
    redactor.emplace(*options.redact);
    redactor->learn_bundle_name(platform::file_name(f.path));
  }
  // An error names the path: redacted, it names the file as the row shows it.
  auto error_text = [&](std::string error) {
    if (!redactor) return error;
    for (std::size_t at; !f.path.empty() && (at = error.find(f.path)) != std::string::npos;) {
      error.replace(at, f.path.size(), shown);
    }
    return redactor->redact(error);
  };
  if (redactor) shown = redactor->redact(platform::file_name(f.path));
  if (!f.error.empty()) return {unreadable_row(shown, error_text(f.error)), {}, {}};
  Diagnostics diags;
  auto analyzed = report::analyze_file(f.path, *b.rules, options.plan, options.limits, diags,
                                       redactor ? &*redactor : nullptr, &b.stop[i]);
  if (!analyzed) return {unreadable_row(shown, error_text(analyzed.error().to_string())), {}, {}};
  if (options.waivers) {
    report::apply_waivers(*analyzed, *options.waivers, b.as_of);
  } else if (options.waivers_beside) {
    if (const std::string file = report::waivers_beside(f.path); !file.empty()) {
      auto set = report::load_waivers(file, b.known_rule);
      if (!set) return {unreadable_row(shown, error_text("invalid waivers: " + set.error().to_string())), {}, {}};
      report::apply_waivers(*analyzed, *set, b.as_of);
      ++b.beside_used;
    }
  }
  if (redactor) {  // after judging and waiving: what counts is the unredacted report's
    shown = redactor->redact(platform::file_name(f.path));  // now knowing the bundle's names
    redactor->apply(*analyzed);
  }
  Judged out{summarize(*analyzed, shown, b.names[i]), report::render_json(*analyzed), {}};
  out.html = report::render_html(*analyzed);
  return out;
}

void remove_running(Batch& b, std::size_t i) {
  b.running.erase(std::find(b.running.begin(), b.running.end(), i));
}

// One worker: pulls bundles until none is left, or until its bundle ran past the time budget (the coordinator
// has then marked it timed out and started a replacement: this worker's late result is dropped, unwritten).
void work(std::shared_ptr<Batch> b, std::size_t self) {
  for (;;) {
    std::size_t i = 0;
    {
      const std::lock_guard lock(b->mutex);
      if (b->next >= b->found.size()) {
        --b->live;
        b->changed.notify_all();
        return;
      }
      i = b->next++;
      b->slots[i] = Slot::running;
      b->started[i] = Clock::now();
      b->owner[i] = self;
      b->running.push_back(i);
    }
    Judged judged;
    try {
      judged = judge(*b, i);
    } catch (const std::bad_alloc&) {
      // RapidJSON included (core/json.hpp): that bundle's row, not the batch.
      judged = {unreadable_row(shown_path(*b, i), "out of memory while judging it; not analyzed"), {}, {}};
    } catch (const std::exception& e) {
      judged = {unreadable_row(shown_path(*b, i), std::string("internal error while judging it: ") + e.what()), {}, {}};
    }
    {
      const std::lock_guard lock(b->mutex);
      if (b->slots[i] == Slot::timed_out) return;  // its row is written; a replacement took this worker's place
      remove_running(*b, i);
      b->slots[i] = Slot::writing;  // no time-out from here: capped inputs bound the reports
    }
    TriageRow& row = judged.row;
    if (row.status == TriageStatus::analyzed) {
      const std::string base = platform::path_utf8(b->reports_dir / platform::fs_path(b->names[i]));
      auto written = platform::write_file_atomically(base + ".json", judged.json);
      if (written) written = platform::write_file_atomically(base + ".html", judged.html);
      if (!written) {
        row.status = TriageStatus::write_failed;
        row.error = "cannot write the report: " + (b->options.redact ? report::Redactor(*b->options.redact).redact(written.error().message)
                                                                   : written.error().to_string());
      }
    }
    const std::lock_guard lock(b->mutex);
    row.seconds = seconds_since(b->started[i]);
    b->rows[i] = std::move(row);
    b->slots[i] = Slot::finished;
    ++b->done;
    b->changed.notify_all();
  }
}

}  // namespace

bool abandoned_workers() noexcept { return g_abandoned.load(); }

Result<Outcome> run(const std::vector<Found>& found, const rules::RuleSet& rules, const Options& options,
                    const std::function<void(const Progress&)>& on_progress) {
  const Clock::time_point start = Clock::now();
  const fs::path dir = platform::fs_path(options.output_dir);
  const fs::path reports_dir = dir / "reports";
  std::error_code ec;
  fs::create_directories(reports_dir, ec);
  if (ec) return make_error(Errc::io, "cannot create the output folder: " + ec.message(), platform::path_utf8(reports_dir));
  // An existing folder may still refuse files: find out before judging a thousand bundles.
  const fs::path probe = reports_dir / ".migready-write-test";
  if (auto written = platform::write_file_atomically(platform::path_utf8(probe), "test\n"); !written) {
    return written.error();
  }
  fs::remove(probe, ec);

  auto b = std::make_shared<Batch>();
  b->found = found;
  b->options = options;
  b->rules = &rules;
  b->reports_dir = reports_dir;
  std::vector<std::string> paths;
  paths.reserve(found.size());
  for (const auto& f : found) paths.push_back(f.path);
  b->names = report_names(paths);
  if (options.redact) {
    // The bundles' own names carry the host's: numbered instead, in the order found.
    for (std::size_t i = 0; i < b->names.size(); ++i) b->names[i] = "bundle-" + std::to_string(i + 1);
  }
  const std::size_t total = found.size();
  b->rows.resize(total);
  b->slots.assign(total, Slot::pending);
  b->started.resize(total);
  b->owner.assign(total, 0);
  b->stop = std::make_unique<std::atomic<bool>[]>(total);
  b->known_rule = report::known_rules(rules);
  b->as_of = options.as_of.empty() ? report::today_utc() : options.as_of;

  const unsigned workers =
      static_cast<unsigned>(std::min<std::size_t>(std::max(1u, options.workers), std::max<std::size_t>(1, total)));
  const bool budget = options.bundle_timeout_seconds > 0;
  const auto timeout = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(budget ? options.bundle_timeout_seconds : 0));
  std::vector<std::thread> threads;  // a worker abandoned past its budget is detached, never joined
  std::vector<bool> detached;
  std::size_t timed_out = 0;
  std::string start_error;
  {
    std::unique_lock lock(b->mutex);
    // Under b->mutex: a new worker takes its first bundle only once the coordinator waits.
    auto spawn = [&] {
      try {
        threads.emplace_back(work, b, threads.size());
        detached.push_back(false);
        ++b->live;
        return true;
      } catch (const std::exception& e) {  // std::system_error: no thread (memory, or the system's limit)
        start_error = e.what();
        return false;
      }
    };
    for (unsigned w = 0; w < workers && spawn(); ++w) {
    }
    Clock::time_point last_report = start;
    while (b->done < total) {
      if (b->live == 0 && b->next < total) {
        // No worker could be started: the bundles left are rows saying so, not a stalled batch.
        for (; b->next < total; ++b->next) {
          b->rows[b->next] = unreadable_row(shown_path(*b, b->next), "not analyzed: cannot start a worker thread: " + start_error);
          b->slots[b->next] = Slot::finished;
          ++b->done;
        }
        continue;
      }
      Clock::time_point wake = Clock::now() + std::chrono::milliseconds(250);
      if (budget) {
        for (const std::size_t i : b->running) wake = std::min(wake, b->started[i] + timeout);
      }
      b->changed.wait_until(lock, wake);
      if (budget) {
        const Clock::time_point now = Clock::now();
        for (std::size_t k = 0; k < b->running.size();) {
          const std::size_t i = b->running[k];
          if (now < b->started[i] + timeout) {
            ++k;
            continue;
          }
          // Threads cannot be stopped: this one is left to finish (well-behaved stages see `stop`) and its
          // result dropped; its row says so now, and a new worker takes its place.
          b->stop[i] = true;
          b->slots[i] = Slot::timed_out;
          b->running.erase(b->running.begin() + static_cast<std::ptrdiff_t>(k));
          b->rows[i] = unreadable_row(shown_path(*b, i), "took longer than " + seconds_text(options.bundle_timeout_seconds) +
                                                              " s; not analyzed");
          b->rows[i].seconds = std::chrono::duration<double>(now - b->started[i]).count();
          ++b->done;
          ++timed_out;
          threads[b->owner[i]].detach();
          detached[b->owner[i]] = true;
          g_abandoned = true;
          --b->live;
          if (b->next < total) spawn();
        }
      }
      // At most 5 lines a second (a fast batch finishes hundreds of bundles a second); the last one after join.
      if (on_progress && b->done < total && Clock::now() - last_report >= std::chrono::milliseconds(200)) {
        last_report = Clock::now();
        const Progress p{b->done, total, seconds_since(start)};
        lock.unlock();
        on_progress(p);
        lock.lock();
      }
    }
  }
  for (std::size_t t = 0; t < threads.size(); ++t) {
    if (!detached[t]) threads[t].join();  // each returns: no bundle is left to pull
  }
  if (on_progress) on_progress(Progress{total, total, seconds_since(start)});
  std::vector<TriageRow> rows;
  {
    const std::lock_guard lock(b->mutex);  // an abandoned worker only reads its slot from now on
    rows = std::move(b->rows);
  }

  Outcome outcome;
  outcome.rows = std::move(rows);
  rank_rows(outcome.rows);
  outcome.reports_not_written =
      std::any_of(outcome.rows.begin(), outcome.rows.end(),
                  [](const TriageRow& r) { return r.status == TriageStatus::write_failed; });
  outcome.elapsed_seconds = seconds_since(start);
  outcome.waivers_beside_used = b->beside_used;
  outcome.timed_out = timed_out;
  const TriageInfo info{options.generator, options.fail_on, workers, outcome.elapsed_seconds};
  const std::pair<const char*, std::string> files[] = {
      {"summary.csv", render_summary_csv(outcome.rows)},
      {"summary.json", render_summary_json(outcome.rows, info)},
      {"index.html", render_index_html(outcome.rows, info)},
  };
  for (const auto& [name, text] : files) {
    if (auto written = platform::write_file_atomically(platform::path_utf8(dir / name), text); !written) return written.error();
  }
  return outcome;
}

}  // namespace migready::triage
