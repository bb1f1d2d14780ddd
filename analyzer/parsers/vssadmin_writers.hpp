// parse_vssadmin_writers: `vssadmin list writers` output (decoded to UTF-8) to the Volume Shadow Copy
// writers, each with its state and last error. A writer that is not stable, or that kept an error from the
// last shadow copy, makes NTBackup's snapshot fail (the backup falls back to open-file skipping or stops).
//
// Sample input (Windows Server 2003; tests/fixtures/vssadmin_writers/ws2003-hyperv-guest-failed.txt, from
// Microsoft KB 2952783; vssadmin indents the four detail lines by three spaces, the KB copy by one or none):
//
//   vssadmin 1.1 - Volume Shadow Copy Service administrative command-line tool
//   (C) Copyright 2001 Microsoft Corp.
//
//   Writer name: 'System Writer'
//    Writer Id: {e8132975-6f93-4464-a53e-1050253ae220}
//    Writer Instance Id: {0df8b3f5-59ee-4185-983c-f35f16488e17}
//   State: [9] Failed
//    Last error: No error
//
// Output: writers [{name "System Writer", writer_id "{e8132975-…}", instance_id "{0df8b3f5-…}",
// state_code 9, state "Failed", last_error "No error", no_error true, line 4}].
//
// The labels are localized (French "Nom du rédacteur : 'x'", "État : [1] Stable", "Dernière erreur :
// Aucune erreur"), so a block is read by shape, not by label: a "label: 'name'" line opens it, the values
// that are {GUID}s are the writer id then the instance id, the "[n] text" value is the state (n is
// VSS_WRITER_STATE: 1 stable, 2-5 waiting, 6-15 failed at some phase, 0 unknown), and the value after it
// is the last error. `no_error` is true when the last error is a known "no error" text (English and French,
// the languages of real captures), false when it is another text, empty when there is none. Spacing is tolerated; a
// line inside a block that fits nothing is a warning with its line number, as is a block without a state.
// Windows Server 2008 and later print "Waiting for responses." before the list: skipped. Fails when the
// text is a command failure message, vssadmin's own "Error: ..." line (KB 940184: "Error: 0x8000FFFF";
// the message is the error), or neither a header nor a writer. A header without writers (the list is
// blank, KB 940184) is an empty list with a warning.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/result.hpp"

namespace migready::parsers {

struct VssWriter {
  std::string name;                       // "System Writer"
  std::string writer_id;                  // "{e8132975-6f93-4464-a53e-1050253ae220}"
  std::string instance_id;                // "{0df8b3f5-59ee-4185-983c-f35f16488e17}"
  std::optional<int> state_code;          // VSS_WRITER_STATE, 1 = stable
  std::string state;                      // "Failed", as printed (localized)
  std::optional<std::string> last_error;  // "No error", as printed (localized)
  std::optional<bool> no_error;           // last_error is a known "no error" text
  int line = 0;                           // line of the name
};

struct VssWriters {
  std::vector<VssWriter> writers;
};

// `where` names the source in diagnostics, e.g. "commands/vssadmin_writers.txt".
Result<VssWriters> parse_vssadmin_writers(std::string_view text, const std::string& where, Diagnostics& diags);

}  // namespace migready::parsers
