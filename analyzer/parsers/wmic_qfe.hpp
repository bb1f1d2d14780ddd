// parse_wmic_qfe: `wmic qfe` output (decoded to UTF-8) in any of its forms, to the list of installed updates.
//
// The form is recognised from the first line that is not blank:
//   - `wmic qfe list full` (and `/format:list`): blocks of Key=Value lines, below;
//   - the table forms, `wmic qfe` alone (= `wmic qfe list`), `wmic qfe list brief` and `wmic qfe get
//     HotFixID,InstalledOn,...`: a header whose every word is a Win32_QuickFixEngineering property, then one
//     row per update, each value starting in its name's column (wmic pads each column to its widest value;
//     an empty value is blanks):
//
//       Caption                                     CSName     Description      FixComments  HotFixID   ...
//       http://support.microsoft.com/?kbid=4552931  BILLYBOSS  Update                        KB4552931  ...
//
// `form` says which ("list", "table"); both fill the same QfeUpdate fields (a table those its columns name)
// and `line` is the row's line. A table row after which the text ends without a line end is a truncation:
// a warning, the row ignored. A table wrapped by a mail client or a narrow console is not misread: a header
// that goes on in the next line fails (its columns are lost), and a row without a HotFixID where the table has
// that column (a wrapped line's tail) is a warning, not an update. `/format:csv` is not read: no real output of it was found to test against
// (docs/parsers.md); its "Node,Caption,..." header is neither form, so it fails as unknown text.
//
// wmic writes UTF-16LE when redirected (the bundle's decoder turns it into UTF-8) and ends its lines with
// "\r\r\n"; every trailing CR is dropped here. Sample input (Windows Server 2003 SP2, trimmed;
// tests/fixtures/wmic_qfe/sbs2003.txt):
//
//   Caption=http://support.microsoft.com/?kbid=925398
//   CSName=SBS01
//   Description=Security Update
//   FixComments=
//   HotFixID=KB925398
//   InstallDate=
//   InstalledBy=Administrator
//   InstalledOn=
//   Name=
//   ServicePackInEffect=SP3
//   Status=
//
//   Caption=
//   CSName=SBS01
//   Description=
//   FixComments=
//   HotFixID=File 1
//   ...
//   ServicePackInEffect=KB923561
//
// Output: updates [{hotfix_id "KB925398", kb "KB925398", description "Security Update", installed_by
// "Administrator", service_pack_in_effect "SP3", cs_name "SBS01", caption "http://...", line 1, other
// fields ""}, {hotfix_id "File 1", kb "KB923561", ...}].
//
// `kb` is the update's id as a rule would look it up: the HotFixID when it reads "KB<digits>..." or
// "Q<digits>", else ServicePackInEffect when that does (XP/2003 list some updates as "File 1" with the id
// there), else empty. Fields are kept as printed: InstalledOn is "m/d/yyyy" on later Windows, often empty
// or a 16-digit hex FILETIME on 2003, so it stays text.
//
// Records are blocks of Key=Value lines separated by blank lines (a key seen twice also starts a new
// record, for output whose blank lines were lost). Keys are matched case-insensitively; an unknown key or a
// line without '=' is a warning with its line number; the parse still returns what it found.
// wmic ends every line, so a last line without its end is a truncation: a warning, and the line is ignored
// (its value may be cut). "No Instance(s) Available." is an empty list. Fails when the text is a command failure
// message, a wmic "ERROR:" block (its Description is the message, e.g. "Access denied"), or holds no known
// key at all.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/result.hpp"

namespace migready::parsers {

struct QfeUpdate {
  std::string caption;
  std::string cs_name;
  std::string description;  // "Security Update", "Hotfix", "Update"
  std::string fix_comments;
  std::string hotfix_id;  // "KB925398", "Q147222", "File 1"
  std::string install_date;
  std::string installed_by;
  std::string installed_on;
  std::string name;
  std::string service_pack_in_effect;
  std::string status;
  std::string kb;  // see the header comment
  int line = 0;    // where the record starts
};

struct WmicQfe {
  std::string form;  // "list" (Key=Value blocks), "table" (a header of names, one row each)
  std::vector<QfeUpdate> updates;
};

// `where` names the source in diagnostics, e.g. "commands/wmic_qfe.txt".
Result<WmicQfe> parse_wmic_qfe(std::string_view text, const std::string& where, Diagnostics& diags);

}  // namespace migready::parsers
