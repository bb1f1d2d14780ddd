// The Win32 half of api.file_versions (docs/bundle-format.md): the folders to look in (%windir%,
// %CommonProgramFiles%, %ProgramFiles%; WSS 2.0's `Location` and Exchange Setup's `Services` read live with
// KEY_READ), then for each candidate of core/file_versions_json.hpp's plan GetFileAttributesExW and, for the
// first that exists, GetFileVersionInfoSizeW + GetFileVersionInfoW + VerQueryValueW("\\"). Read-only:
// GetFileVersionInfoW maps the file as data, nothing is loaded or executed. Also the document's `sysvol` part
// (Netlogon SysVol, the entries of sysvol and staging areas, each reparse point read with
// FSCTL_GET_REPARSE_POINT on a FILE_READ_ATTRIBUTES handle, never followed) and `companyweb` part (SQLDataRoot of
// the SHAREPOINT instance, the STS_* files of its Data folder): core/sysvol.hpp.
#pragma once

#include "core/file_versions_json.hpp"

namespace migready::collector::win32 {

// Always the six files; a file that is not there is present: false without an error. Both parts always.
file_versions::FileVersionsDocument read_file_versions();

}  // namespace migready::collector::win32
