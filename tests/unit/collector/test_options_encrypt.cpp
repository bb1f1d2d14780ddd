#include <catch2/catch.hpp>

#include "core/options.hpp"
#include "core/summary.hpp"

using namespace migready::collector;

// A real recipient (age-keygen's output) and mistakes a technician makes typing or pasting one.
TEST_CASE("options: --encrypt-to takes an age recipient and refuses anything else", "[collector][options]") {
  const std::string recipient = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
  auto p = parse_options({"--encrypt-to", recipient});
  REQUIRE(p.options);
  CHECK(*p.options->encrypt_to == recipient);
  CHECK(*parse_options({"--encrypt-to=" + recipient}).options->encrypt_to == recipient);
  CHECK_FALSE(parse_options({}).options->encrypt_to);

  p = parse_options({"--encrypt-to"});
  CHECK_FALSE(p.options);
  CHECK(p.error == "--encrypt-to needs the desk's public key (age1...)");
  std::string typo = recipient;
  typo[20] = typo[20] == 'q' ? 'p' : 'q';
  p = parse_options({"--encrypt-to", typo});
  CHECK_FALSE(p.options);
  CHECK_THAT(p.error, Catch::StartsWith("--encrypt-to: '" + typo + "' is not an age recipient: it has a bad checksum"));
  p = parse_options({"--encrypt-to", recipient.substr(0, 40)});
  CHECK_FALSE(p.options);
  p = parse_options({"--encrypt-to", "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX"});
  CHECK_FALSE(p.options);
  CHECK_THAT(p.error, Catch::Contains("that is a secret key"));
  CHECK(p.error.find("GFPYYSJZ") == std::string::npos);
  p = parse_options({"--encrypt-to", "ssh-ed25519 AAAAC3Nza"});
  CHECK_FALSE(p.options);
  CHECK_THAT(usage_text(), Catch::Contains("--encrypt-to age1..."));
}

TEST_CASE("summary: a sealed bundle says so, to whom, and how the desk opens it", "[collector][summary]") {
  const std::string note = format_sealed_note("C:\\out\\migready-SBS01-20261207T090000Z.zip.age", "age1abc");
  CHECK(note == "Sealed: the bundle is encrypted (age) to age1abc; only the holder of that key opens it, and no "
                "unencrypted copy was written.\n"
                "The desk opens it with: migready analyze migready-SBS01-20261207T090000Z.zip.age --identity KEYFILE"
                "  (or: age -d -i KEYFILE)\n");
}
