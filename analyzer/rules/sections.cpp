#include "rules/sections.hpp"

#include <array>

namespace migready::rules {
namespace {

constexpr std::array kSections{
    Section{"BKMK_BackUpYourSourceServerToPrepareForMigration", "Back up your Source Server", "1"},
    Section{"BKMK_InstallTheMostRecentServicePacksToPrepareForMigration", "Install the most recent service packs", "2"},
    Section{"BKMK_VerifyTheNetworkConfigurationToPrepareForMigration", "Verify the network configuration", "3"},
    Section{"BKMK_VerifyTheDHCPSettings", "Verify the settings for the DHCP Server role", "3.1"},
    Section{"BKMK_UseWindowsBestPracticeAnalyzer",
            "Use Windows SBS 2003 Best Practice Analyzer to evaluate the health of the Source Server", "4"},
    Section{"BKMK_SynchronizeTheSourceServerTimeWithAnExternalTimeSource",
            "Synchronize the Source Server time with an external time source", "5"},
    Section{"BKMK_MigrationPrep", "Run the Migration Preparation Tool on the Source Server", "6"},
    Section{"BKMK_PlanToMigrateLineOfBusinessApplications", "Create a plan to migrate line-of-business applications",
            "7"},
    Section{"BKMK_PlanToMigrateEmail",
            "Create a plan to migrate email that is hosted on Windows Small Business Server 2003", "8"},
    Section{"BPA:Exchange", "Best Practices Analyzer: Exchange", ""},
    Section{"BPA:Update Services", "Best Practices Analyzer: Update Services", ""},
    Section{"BPA:Network", "Best Practices Analyzer: Network", ""},
    Section{"BPA:SharePoint", "Best Practices Analyzer: SharePoint", ""},
    Section{"BPA:SQL", "Best Practices Analyzer: SQL Server", ""},
    Section{"BPA:System", "Best Practices Analyzer: System (disks, services, event logs)", ""},
    Section{"collection", "Collection", ""},
};

}  // namespace

std::span<const Section> sections() noexcept { return kSections; }

const Section* find_section(std::string_view id) noexcept {
  for (const auto& s : kSections)
    if (s.id == id) return &s;
  return nullptr;
}

std::size_t section_rank(std::string_view id) noexcept {
  for (std::size_t i = 0; i < kSections.size(); ++i)
    if (kSections[i].id == id) return i;
  return kSections.size();
}

}  // namespace migready::rules
