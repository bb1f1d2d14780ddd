#include <catch2/catch.hpp>

#include "triage/triage.hpp"

using namespace migready;

TEST_CASE("triage: a bundle by its name, and the extension its report name drops") {
  CHECK(triage::bundle_extension_length("migready-SBS01-20261125T143005Z.zip") == 4);
  CHECK(triage::bundle_extension_length("a.ZIP") == 4);
  CHECK(triage::bundle_extension_length("a.Tar.Gz") == 7);  // the longer extension, not ".gz" or nothing
  CHECK(triage::bundle_extension_length("a.tgz") == 4);
  CHECK(triage::bundle_extension_length("a.tar") == 4);
  CHECK(triage::bundle_extension_length("a.CAB") == 4);
  CHECK(triage::bundle_extension_length(".zip") == 0);  // only an extension: not a bundle's name
  CHECK(triage::bundle_extension_length("x.tar.gz.txt") == 0);
  CHECK(triage::bundle_extension_length("a.gz") == 0);
  CHECK(triage::bundle_extension_length("") == 0);
  CHECK(triage::is_bundle_name("x.tar.gz"));
  CHECK(triage::is_bundle_name("inbox.Zip"));
  CHECK_FALSE(triage::is_bundle_name(".tgz"));
  CHECK_FALSE(triage::is_bundle_name("notes.txt"));
}
