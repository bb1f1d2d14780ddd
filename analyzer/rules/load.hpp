// Loading rule files (load.cpp says how). Each function reads or checks; none evaluates a rule.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "facts/catalogue.hpp"
#include "rules/model.hpp"

namespace migready::rules {

// What one file yields: the rules that loaded (in the order written) and an error for each that did not.
// A JSON error, or a file that is no {"rules": [...]}, is one error and no rules.
struct FileRules {
  std::vector<Rule> rules;
  std::vector<Error> errors;
};

// Parses and checks one rule file's text. `file` is the name errors and Rule::where start with
// ("rules/time.json:12"); fact paths are checked against `catalogue`. An id written twice in the file is an
// error at the second.
FileRules load_rules(std::string_view text, std::string file, const facts::Catalogue& catalogue);

// A rule file's bytes; an error when it cannot be read or is larger than 4 MiB.
Result<std::string> read_rule_file(const std::filesystem::path& path);
// The *.json files of a directory, sorted by name: the order --rules DIR loads them in.
Result<std::vector<std::filesystem::path>> rule_files(const std::string& dir);

}  // namespace migready::rules
