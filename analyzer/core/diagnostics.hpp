// Diagnostics: the sink for warnings that do not stop work (a garbled line, a skipped cell, a bad hash).
//
// Parsers and readers take a Diagnostics& and keep going: partial results over all-or-nothing. The report
// shows what was collected here, each with its `where`, so nothing is dropped silently. The sink is capped
// so hostile input cannot grow it without bound (a hive value list can name one 32,767-character value
// 50,000 times): in count (kMaxEntries), in size per entry (a message or where longer than kMaxTextBytes is
// cut on a UTF-8 boundary and ends in "... [cut: N bytes]") and in size in total (kMaxTotalBytes of messages
// and wheres). An entry past either total cap is counted in dropped(), not kept.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace migready {

enum class Severity { info, warning, error };

struct Diagnostic {
  Severity severity;
  Errc code;
  std::string message;
  std::string where;
};

class Diagnostics {
 public:
  static constexpr std::size_t kMaxEntries = 10'000;
  static constexpr std::size_t kMaxTextBytes = 2048;          // per message, and per where
  static constexpr std::size_t kMaxTotalBytes = 4u << 20;     // messages + wheres kept, all entries

  void add(Severity severity, Errc code, std::string message, std::string where = {});
  void warn(Errc code, std::string message, std::string where = {}) {
    add(Severity::warning, code, std::move(message), std::move(where));
  }
  void add(const Error& error, Severity severity = Severity::warning) {
    add(severity, error.code, error.message, error.where);
  }

  const std::vector<Diagnostic>& entries() const noexcept { return m_entries; }
  std::size_t dropped() const noexcept { return m_dropped; }
  bool empty() const noexcept { return m_entries.empty(); }

 private:
  std::vector<Diagnostic> m_entries;
  std::size_t m_dropped = 0;
  std::size_t m_bytes = 0;
};

}  // namespace migready
