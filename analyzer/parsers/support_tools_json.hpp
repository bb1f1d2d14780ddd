// JSON renderings of the Support Tools parsers (dcdiag, netdiag, repadmin /showrepl, /replsummary) for the
// parser table (parser_table.hpp): `migready parse <tool> FILE` and the golden fixtures. Field names are the structs'.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/diagnostics.hpp"
#include "core/result.hpp"
#include "parsers/language.hpp"

namespace migready::parsers {

Result<std::string> dcdiag_json(std::string_view text, const std::string& where, Diagnostics& diags,
                                std::optional<Language> expected);
Result<std::string> netdiag_json(std::string_view text, const std::string& where, Diagnostics& diags,
                                 std::optional<Language> expected);
Result<std::string> repadmin_showrepl_json(std::string_view text, const std::string& where, Diagnostics& diags,
                                           std::optional<Language> expected);
Result<std::string> repadmin_replsummary_json(std::string_view text, const std::string& where, Diagnostics& diags,
                                              std::optional<Language> expected);

}  // namespace migready::parsers
