#include "core/diagnostics.hpp"

#include <string>
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

namespace {

// Cuts text longer than Diagnostics::kMaxTextBytes on a UTF-8 boundary and says how much went.
void cut_text(std::string& text) {
  if (text.size() <= Diagnostics::kMaxTextBytes) return;
  std::size_t keep = Diagnostics::kMaxTextBytes;
  while (keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0u) == 0x80u) --keep;  // not mid-character
  const std::size_t cut = text.size() - keep;
  text.resize(keep);
  text += "... [cut: " + std::to_string(cut) + " bytes]";
}

}  // namespace

void Diagnostics::add(Severity severity, Errc code, std::string message, std::string where) {
  if (m_entries.size() >= kMaxEntries) {
    ++m_dropped;
    return;
  }
  cut_text(message);
  cut_text(where);
  const std::size_t bytes = message.size() + where.size();
  if (m_bytes + bytes > kMaxTotalBytes) {
    ++m_dropped;
    return;
  }
  m_bytes += bytes;
  m_entries.push_back(Diagnostic{severity, code, std::move(message), std::move(where)});
}

}  // namespace migready
