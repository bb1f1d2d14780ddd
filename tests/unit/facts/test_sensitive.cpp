#include <catch2/catch.hpp>

#include <string>

#include "facts/catalogue.hpp"
#include "facts/sensitive.hpp"

using namespace migready;

// A renamed or removed fact must not silently stop being redacted.
TEST_CASE("sensitive: every fact that holds names or addresses is a declared fact", "[sensitive]") {
  const auto& catalogue = facts::Catalogue::builtin();
  for (const auto& s : facts::sensitive_facts()) {
    INFO(std::string(s.fact));
    const auto match = catalogue.find(s.fact);
    REQUIRE(match.spec != nullptr);
    CHECK(match.rest.empty());
    // A field can only be read out of an object or an array of objects.
    if (!s.field.empty()) CHECK((match.spec->types & (facts::kObject | facts::kArray)) != 0);
  }
}
