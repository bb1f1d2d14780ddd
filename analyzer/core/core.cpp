#include "core/diagnostics.hpp"
#include "core/result.hpp"

namespace migready {

const char* errc_name(Errc code) noexcept {
  switch (code) {
    case Errc::io: return "io";
    case Errc::not_found: return "not_found";
    case Errc::format: return "format";
    case Errc::limit: return "limit";
    case Errc::unsafe: return "unsafe";
    case Errc::schema: return "schema";
    case Errc::integrity: return "integrity";
    case Errc::unsupported: return "unsupported";
    case Errc::usage: return "usage";
  }
  return "unknown";
}

void Diagnostics::add(Severity severity, Errc code, std::string message, std::string where) {
  if (m_entries.size() >= kMaxEntries) {
    ++m_dropped;
    return;
  }
  m_entries.push_back(Diagnostic{severity, code, std::move(message), std::move(where)});
}

}  // namespace migready
