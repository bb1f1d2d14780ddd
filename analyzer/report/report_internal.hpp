// Helpers shared by the report's renderers (not part of the public interface).
#pragma once

#include <string>
#include <string_view>

#include "core/diagnostics.hpp"
#include "report/report.hpp"
#include "rules/sections.hpp"

namespace migready::report::detail {

// 0 error, 1 warning, 2 info.
int severity_rank(rules::Severity s) noexcept;
const char* diagnostic_severity_name(migready::Severity s) noexcept;
// "1 error", "2 errors"; info is uncountable: "3 info".
std::string count_phrase(std::size_t n, std::string_view noun);
// The anchor of the finding at 0-based rank `index`: "finding-1", "finding-2", ... (stable for a report).
std::string finding_anchor(std::size_t index);
// The finding's title, and for a rule that yields one finding per element its subject: "A dcdiag test failed:
// SBS01 Replications". Lists of findings show this, so repeated titles stay distinguishable.
std::string display_title(const rules::Finding& f);
// "2 Install the most recent service packs" / "Best Practices Analyzer: Exchange" / the raw id if unknown.
std::string section_label(std::string_view id);
// Bundle text made safe for a terminal or a page: invalid UTF-8 becomes U+FFFD, C0/C1 control characters
// (ESC, CR, BEL, ...) and DEL become visible "\xNN" / "\u{NNNN}"; a tab becomes a space. `keep_newlines` keeps LF.
std::string printable(std::string_view text, bool keep_newlines = false);

}  // namespace migready::report::detail
