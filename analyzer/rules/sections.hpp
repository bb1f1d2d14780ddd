// The sections a rule can cite, in the order the report ranks them: the migration document's sections
// (../shared/seed, "Prepare your Source Server for Windows Server 2012 Essentials migration") in the document's
// order, then the Best Practices Analyzer areas, then the collection itself. Within a severity, findings are
// ranked by this order, so the report reads like the document; within a section by the rules' load order
// (Finding::rule_order: the order the rules are written in their file), so a file lists what to do first.
#pragma once

#include <span>
#include <string_view>

namespace migready::rules {

struct Section {
  std::string_view id;     // "BKMK_BackUpYourSourceServerToPrepareForMigration", "BPA:Exchange", "collection"
  std::string_view title;  // the document's heading, or the BPA area's name
  std::string_view number; // "1", "3.1" for the document's sections; "" for the others
};

// Every known section, in report order.
std::span<const Section> sections() noexcept;
// The section with this id, or nullptr.
const Section* find_section(std::string_view id) noexcept;
// Its position in sections(); unknown ids rank after every known one.
std::size_t section_rank(std::string_view id) noexcept;

}  // namespace migready::rules
