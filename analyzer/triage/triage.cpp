#include "triage/triage.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <mutex>
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

  std::vector<std::string> paths;
  paths.reserve(found.size());
  for (const auto& f : found) paths.push_back(f.path);
  std::vector<std::string> names = report_names(paths);
  if (options.redact) {
    // The bundles' own names carry the host's: numbered instead, in the order found.
    for (std::size_t i = 0; i < names.size(); ++i) names[i] = "bundle-" + std::to_string(i + 1);
  }

  std::vector<TriageRow> rows(found.size());
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::condition_variable finished;
  std::size_t done = 0;
  std::atomic<std::size_t> beside_used{0};
  const std::function<bool(std::string_view)> known_rule = report::known_rules(rules);
  const std::string as_of = options.as_of.empty() ? report::today_utc() : options.as_of;

  auto judge = [&](std::size_t i) {
    const Found& f = found[i];
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
    if (!f.error.empty()) return unreadable_row(shown, error_text(f.error));
    Diagnostics diags;
    auto analyzed = report::analyze_file(f.path, rules, options.plan, options.limits, diags,
                                         redactor ? &*redactor : nullptr);
    if (!analyzed) return unreadable_row(shown, error_text(analyzed.error().to_string()));
    if (options.waivers) {
      report::apply_waivers(*analyzed, *options.waivers, as_of);
    } else if (options.waivers_beside) {
      if (const std::string file = report::waivers_beside(f.path); !file.empty()) {
        auto set = report::load_waivers(file, known_rule);
        if (!set) return unreadable_row(shown, error_text("invalid waivers: " + set.error().to_string()));
        report::apply_waivers(*analyzed, *set, as_of);
        ++beside_used;
      }
    }
    if (redactor) {  // after judging and waiving: what counts is the unredacted report's
      shown = redactor->redact(platform::file_name(f.path));  // now knowing the bundle's names
      redactor->apply(*analyzed);
    }
    TriageRow row = summarize(*analyzed, shown, names[i]);
    const std::string base = platform::path_utf8(reports_dir / platform::fs_path(names[i]));
    auto written = platform::write_file_atomically(base + ".json", report::render_json(*analyzed));
    if (written) written = platform::write_file_atomically(base + ".html", report::render_html(*analyzed));
    if (!written) {
      row.status = TriageStatus::write_failed;
      row.error = "cannot write the report: " + (redactor ? redactor->redact(written.error().message)
                                                           : written.error().to_string());
    }
    return row;
  };
  auto worker = [&] {
    for (std::size_t i = next++; i < found.size(); i = next++) {
      const Clock::time_point bundle_start = Clock::now();
      TriageRow row;
      try {
        row = judge(i);
      } catch (const std::exception& e) {
        // Out of memory on one huge bundle, or a defect: that bundle's row, not the batch.
        row = unreadable_row(found[i].path, std::string("internal error while judging it: ") + e.what());
      }
      row.seconds = seconds_since(bundle_start);
      const std::lock_guard lock(mutex);
      rows[i] = std::move(row);
      ++done;
      finished.notify_one();
    }
  };

  const unsigned workers =
      static_cast<unsigned>(std::min<std::size_t>(std::max(1u, options.workers), std::max<std::size_t>(1, found.size())));
  std::vector<std::thread> pool;
  pool.reserve(workers);
  for (unsigned w = 0; w < workers; ++w) pool.emplace_back(worker);
  {
    std::unique_lock lock(mutex);
    Clock::time_point last_report = start;
    while (done < found.size()) {
      finished.wait_for(lock, std::chrono::milliseconds(250));
      // At most 5 lines a second (a fast batch finishes hundreds of bundles a second); the last one after join.
      if (on_progress && done < found.size() && Clock::now() - last_report >= std::chrono::milliseconds(200)) {
        last_report = Clock::now();
        const Progress p{done, found.size(), seconds_since(start)};
        lock.unlock();
        on_progress(p);
        lock.lock();
      }
    }
  }
  for (auto& t : pool) t.join();
  if (on_progress) on_progress(Progress{found.size(), found.size(), seconds_since(start)});

  Outcome outcome;
  outcome.rows = std::move(rows);
  rank_rows(outcome.rows);
  outcome.reports_not_written =
      std::any_of(outcome.rows.begin(), outcome.rows.end(),
                  [](const TriageRow& r) { return r.status == TriageStatus::write_failed; });
  outcome.elapsed_seconds = seconds_since(start);
  outcome.waivers_beside_used = beside_used;
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
