#include <catch2/catch.hpp>

#include <map>
#include <re2/re2.h>

#include "core/file_search.hpp"

using namespace migready::collector;

namespace {

const RE2 kIdPattern("^[a-z0-9_]+(\\.[a-z0-9_]+)*$");
const RE2 kPathPattern("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$");

bool valid_id(const std::string& id) { return id.size() <= 128 && RE2::FullMatch(id, kIdPattern); }
bool valid_path(const std::string& path) {
  if (path.size() > 240 || !RE2::FullMatch(path, kPathPattern)) return false;
  // The analyzer refuses "." and ".." components.
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = path.find('/', start);
    const std::string part = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (part == "." || part == "..") return false;
    if (slash == std::string::npos) return true;
    start = slash + 1;
  }
}

// A fake file system: folder (exact string) -> entries. Anything else is "path not found" (3).
struct FakeTree {
  std::map<std::string, std::vector<DirEntry>> folders;
  std::vector<std::string> listed;

  void file(const std::string& folder, const std::string& name, std::uint64_t written = 1, std::uint64_t size = 10) {
    folders[folder].push_back(DirEntry{name, false, false, size, written});
  }
  void dir(const std::string& folder, const std::string& name, bool reparse = false) {
    folders[folder].push_back(DirEntry{name, true, reparse, 0, 0});
    folders[folder + "\\" + name];  // exists, maybe empty
  }
  FolderLister lister() {
    return [this](const std::string& folder) {
      listed.push_back(folder);
      Listing l;
      const auto it = folders.find(folder);
      if (it == folders.end()) {
        l.error = 3;
      } else {
        l.entries = it->second;
      }
      return l;
    };
  }
};

std::vector<std::string> paths_of(const SearchResult& r) {
  std::vector<std::string> out;
  for (const FoundFile& f : r.files) out.push_back(f.path);
  return out;
}

}  // namespace

TEST_CASE("file_search: row rules", "[collector][file_search]") {
  REQUIRE(file_row_rules("file.windowsupdate_log") != nullptr);
  CHECK(file_row_rules("file.windowsupdate_log")->keep == Keep::tail);
  CHECK(file_row_rules("file.windowsupdate_log")->cap_bytes == 4u * 1024 * 1024);
  CHECK(file_row_rules("file.windowsupdate_log")->max_files == 1);
  CHECK(file_row_rules("file.ntbackup_logs")->max_files == 50);
  CHECK(file_row_rules("file.sbs_bpa_reports")->keep == Keep::head);
  CHECK(file_row_rules("file.nope") == nullptr);
}

TEST_CASE("file_search: plan_read keeps the head or the tail under a cap", "[collector][file_search]") {
  SECTION("within the cap: everything, not capped") {
    const ReadPlan p = plan_read(100, 100, Keep::tail);
    CHECK((p.offset == 0 && p.length == 100 && !p.capped));
    CHECK_FALSE(plan_read(0, 100, Keep::head).capped);
    CHECK(plan_read(0, 100, Keep::head).length == 0);
  }
  SECTION("tail: exactly the last cap bytes") {
    const ReadPlan p = plan_read(5 * 1024 * 1024 + 123, 4 * 1024 * 1024, Keep::tail);
    CHECK(p.offset == 1024 * 1024 + 123);
    CHECK(p.length == 4u * 1024 * 1024);
    CHECK(p.capped);
    CHECK(p.offset + p.length == 5 * 1024 * 1024 + 123);
  }
  SECTION("tail of UTF-16 text starts on a code unit") {
    const ReadPlan p = plan_read(1001, 100, Keep::tail, 2);  // odd start 901 -> 902
    CHECK(p.offset == 902);
    CHECK(p.length == 99);
    CHECK(plan_read(1000, 100, Keep::tail, 2).offset == 900);
    CHECK(plan_read(1000, 100, Keep::tail, 2).length == 100);
  }
  SECTION("head: the first cap bytes") {
    const ReadPlan p = plan_read(1000, 100, Keep::head);
    CHECK((p.offset == 0 && p.length == 100 && p.capped));
  }
  SECTION("cap 0 means no cap; huge sizes do not overflow") {
    CHECK_FALSE(plan_read(1000, 0, Keep::tail).capped);
    const std::uint64_t big = ~std::uint64_t{0};
    const ReadPlan p = plan_read(big, 10, Keep::tail, 2);
    CHECK(p.offset + p.length == big);
    CHECK(p.length <= 10);
  }
}

TEST_CASE("file_search: signatures", "[collector][file_search]") {
  CHECK(has_utf16le_bom(std::string("\xFF\xFE" "B\0", 4)));
  CHECK_FALSE(has_utf16le_bom("\xFF"));
  CHECK_FALSE(has_utf16le_bom("\xFE\xFF"));
  CHECK(looks_like_evt(std::string("\x30\0\0\0LfLe\1\0\0\0", 12)));
  CHECK_FALSE(looks_like_evt(std::string("\x30\0\0\0LfL", 7)));
  CHECK_FALSE(looks_like_evt(std::string("\x31\0\0\0LfLe", 8)));
  CHECK_FALSE(looks_like_evt(std::string("\x30\0\0\0lfle", 8)));
  CHECK_FALSE(looks_like_evt(""));

  CHECK(file_encoding("backup01.log", std::string("\xFF\xFE" "B\0", 4)) == Encoding::utf16le);
  CHECK(file_encoding("report.xml", "\xEF\xBB\xBF<?xml") == Encoding::utf8);
  CHECK(file_encoding("WindowsUpdate.LOG", "2026-11-20") == Encoding::ansi);
  CHECK(file_encoding("report.xml", "<?xml") == Encoding::none);
  CHECK(file_encoding("x.log", "") == Encoding::ansi);
  // UTF-16LE without a BOM (a log kept from its tail, or written so): the pattern of ASCII text decides.
  CHECK(file_encoding("backup01.log", std::string("B\0a\0c\0k\0u\0p\0", 12)) == Encoding::utf16le);
  CHECK(file_encoding("report.xml", std::string("<\0?\0x\0m\0l\0", 10)) == Encoding::utf16le);
  CHECK(file_encoding("backup01.log", std::string("B\0", 2)) == Encoding::ansi);  // too short to tell
}

TEST_CASE("file_search: id segments and path components are sanitized", "[collector][file_search]") {
  CHECK(id_segment("ADPrep.log") == "adprep_log");
  CHECK(id_segment("backup01.log") == "backup01_log");
  CHECK(id_segment("Lokale Einstellungen") == "lokale_einstellungen");
  CHECK(id_segment("..") == "x");
  CHECK(id_segment("") == "x");
  CHECK(id_segment("__a--b__") == "a_b");
  CHECK(id_segment("M\xC3\xBCller") == "m_ller");  // one '_' per code point, not per byte
  CHECK(id_segment(std::string(100, 'a')).size() == 40);

  CHECK(path_component("backup01.log") == "backup01.log");
  CHECK(path_component("Local Settings") == "Local_Settings");
  CHECK(path_component("..") == "_..");
  CHECK(path_component(".") == "_.");
  CHECK(path_component(".hidden") == "_.hidden");
  CHECK(path_component("") == "_");
  CHECK(path_component("a/b\\c:d") == "a_b_c_d");
  CHECK(path_component("M\xC3\xBCller") == "M_ller");
  CHECK(path_component(std::string(300, 'x')).size() == 64);
  for (const char* s : {"..", ".", "a b", "\xE2\x82\xAC", "x/../y", "-", "COM1"}) {
    CHECK(valid_id("file.x." + id_segment(s)));
    CHECK(valid_path("files/x/" + path_component(s)));
  }
}

TEST_CASE("file_search: ArtifactNamer gives unique, valid names", "[collector][file_search]") {
  ArtifactNamer namer("file.ntbackup_logs", "files/ntbackup");
  const auto a = namer.name({"Administrator", "backup01.log"});
  CHECK(a.id == "file.ntbackup_logs.administrator.backup01_log");
  CHECK(a.path == "files/ntbackup/Administrator/backup01.log");

  SECTION("a clash (case-insensitive for paths) gets a numbered suffix") {
    const auto b = namer.name({"ADMINISTRATOR", "Backup01.log"});
    CHECK(b.id == "file.ntbackup_logs.administrator.backup01_log_2");
    CHECK(b.path == "files/ntbackup/ADMINISTRATOR/Backup01_2.log");
    const auto c = namer.name({"administrator", "backup01.log"});
    CHECK(c.id == "file.ntbackup_logs.administrator.backup01_log_3");
    CHECK(c.path == "files/ntbackup/administrator/backup01_3.log");
  }
  SECTION("ids that differ only after sanitizing are kept apart") {
    const auto b = namer.name({"Administrator", "backup01_log"});
    CHECK(b.id == "file.ntbackup_logs.administrator.backup01_log_2");
    CHECK(b.path == "files/ntbackup/Administrator/backup01_log_2");  // id and path carry the same number
  }
  SECTION("long labels stay within the schema's limits, keeping the file name") {
    ArtifactNamer deep("file.migration_logs", "files/migration");
    const std::vector<std::string> labels = {"program_files", std::string(90, 'A') + " Folder", std::string(70, 'b'),
                                             std::string(70, 'c'), "Migration Preparation Tool.log"};
    const auto n = deep.name(labels);
    CHECK(valid_id(n.id));
    CHECK(valid_path(n.path));
    CHECK(n.id.size() <= 128);
    CHECK(n.path.size() <= 240);
    CHECK(n.id.substr(n.id.size() - 30) == "migration_preparation_tool_log");
    CHECK(n.path.substr(n.path.size() - 30) == "Migration_Preparation_Tool.log");
    const auto again = deep.name(labels);
    CHECK(again.id != n.id);
    CHECK(again.path != n.path);
    CHECK(valid_id(again.id));
    CHECK(valid_path(again.path));
  }
}

TEST_CASE("file_search: wildcard and report-file matching", "[collector][file_search]") {
  CHECK(wildcard_match("backup*.log", "backup01.log"));
  CHECK(wildcard_match("backup*.log", "Backup10.LOG"));
  CHECK(wildcard_match("backup*.log", "backup.log"));
  CHECK_FALSE(wildcard_match("backup*.log", "backup01.log.bak"));
  CHECK_FALSE(wildcard_match("backup*.log", "mybackup01.log"));
  CHECK(wildcard_match("a?c", "abc"));
  CHECK(wildcard_match("*", ""));
  CHECK(wildcard_match("*.l*g", "x.log.lg"));
  CHECK(is_report_file("ADPrep.LOG"));
  CHECK(is_report_file("report.html"));
  CHECK_FALSE(is_report_file("SourceTool.exe"));
  CHECK_FALSE(is_report_file(".log"));
}

TEST_CASE("file_search: NTBackup logs in every profile, English and German folders", "[collector][file_search]") {
  FakeTree fs;
  const std::string en = "\\Local Settings\\Application Data\\Microsoft\\Windows NT\\NTBackup\\data";
  const std::string de = "\\Lokale Einstellungen\\Anwendungsdaten\\Microsoft\\Windows NT\\NTBackup\\data";
  fs.file("C:\\Documents and Settings\\Administrator" + en, "backup01.log", 5);
  fs.file("C:\\Documents and Settings\\Administrator" + en, "backup02.log", 6);
  fs.file("C:\\Documents and Settings\\Administrator" + en, "notes.txt");
  fs.dir("C:\\Documents and Settings\\Administrator" + en, "backup03.log");  // a folder: not taken
  fs.file("C:\\Dokumente und Einstellungen\\SBSBackup" + de, "backup01.log", 7);
  SearchRoots roots;
  roots.profiles = {"C:\\Documents and Settings\\Administrator", "C:\\Dokumente und Einstellungen\\SBSBackup",
                    "C:\\DOCUMENTS AND SETTINGS\\administrator", ""};
  const SearchResult r = search_file_row("file.ntbackup_logs", roots, fs.lister());
  CHECK(paths_of(r) == std::vector<std::string>{
                           "C:\\Documents and Settings\\Administrator" + en + "\\backup01.log",
                           "C:\\Documents and Settings\\Administrator" + en + "\\backup02.log",
                           "C:\\Dokumente und Einstellungen\\SBSBackup" + de + "\\backup01.log",
                       });
  CHECK(r.found == 3);
  CHECK(r.files[2].labels == std::vector<std::string>{"SBSBackup", "backup01.log"});
  // Two profiles (the third is the first again, the fourth empty), two folders each.
  CHECK(r.searched == std::vector<std::string>{
                          "C:\\Documents and Settings\\Administrator" + en + "\\backup*.log",
                          "C:\\Documents and Settings\\Administrator" + de + "\\backup*.log",
                          "C:\\Dokumente und Einstellungen\\SBSBackup" + en + "\\backup*.log",
                          "C:\\Dokumente und Einstellungen\\SBSBackup" + de + "\\backup*.log",
                      });
  CHECK(r.notes.empty());
}

TEST_CASE("file_search: the local application data folder as this Windows names it", "[collector][file_search]") {
  // A French 2003 names it "Local Settings\\Application Data" too, a Spanish one
  // "Configuración local\\Datos de programa": whatever SHGetFolderPathW gave, under every profile.
  FakeTree fs;
  const std::string es = "\\Configuración local\\Datos de programa\\Microsoft\\Windows NT\\NTBackup\\data";
  fs.file("C:\\Documents and Settings\\Administrador" + es, "backup01.log", 5);
  SearchRoots roots;
  roots.profiles = {"C:\\Documents and Settings\\Administrador"};
  roots.local_app_data = "Configuración local\\Datos de programa";
  SearchResult r = search_file_row("file.ntbackup_logs", roots, fs.lister());
  CHECK(paths_of(r) == std::vector<std::string>{"C:\\Documents and Settings\\Administrador" + es + "\\backup01.log"});
  REQUIRE(r.searched.size() == 3);  // this Windows' name first, then the English and German ones
  CHECK(r.searched[0] == "C:\\Documents and Settings\\Administrador" + es + "\\backup*.log");
  // The English name given by the shell is searched once.
  roots.local_app_data = "local settings\\application data";
  r = search_file_row("file.ntbackup_logs", roots, fs.lister());
  CHECK(r.files.empty());
  CHECK(r.searched.size() == 2);
}

TEST_CASE("file_search: All Users' application data as the shell names it", "[collector][file_search]") {
  FakeTree fs;
  fs.dir("C:\\Dokumente und Einstellungen\\All Users\\Anwendungsdaten", "Migration");
  fs.file("C:\\Dokumente und Einstellungen\\All Users\\Anwendungsdaten\\Migration", "SourceTool.log", 4);
  SearchRoots roots;
  roots.all_users = "C:\\Dokumente und Einstellungen\\All Users";
  roots.all_users_app_data = "C:\\Dokumente und Einstellungen\\All Users\\Anwendungsdaten";
  const SearchResult r = search_file_row("file.migration_logs", roots, fs.lister());
  CHECK(paths_of(r) ==
        std::vector<std::string>{"C:\\Dokumente und Einstellungen\\All Users\\Anwendungsdaten\\Migration\\SourceTool.log"});
  REQUIRE(r.searched.size() == 1);
  CHECK(r.searched[0].rfind("C:\\Dokumente und Einstellungen\\All Users\\Anwendungsdaten (depth 3)", 0) == 0);
}

TEST_CASE("file_search: relative_to", "[collector][file_search]") {
  CHECK(relative_to("C:\\Dokumente und Einstellungen\\jsmith\\Lokale Einstellungen\\Anwendungsdaten",
                    "C:\\Dokumente und Einstellungen\\jsmith") == "Lokale Einstellungen\\Anwendungsdaten");
  CHECK(relative_to("c:\\users\\ROOT\\AppData\\Local\\", "C:\\users\\root\\") == "AppData\\Local");
  CHECK(relative_to("C:\\users\\rootkit\\AppData", "C:\\users\\root").empty());  // not under it
  CHECK(relative_to("C:\\users\\root", "C:\\users\\root").empty());
  CHECK(relative_to("D:\\Local", "").empty());
  CHECK(relative_to("", "C:\\users").empty());
}

TEST_CASE("file_search: nothing found records where it looked", "[collector][file_search]") {
  FakeTree fs;
  SearchRoots roots;
  roots.windir = "C:\\WINDOWS";
  roots.program_files = "C:\\Program Files";
  const SearchResult r = search_file_row("file.migration_logs", roots, fs.lister());
  CHECK(r.files.empty());
  CHECK(r.found == 0);
  REQUIRE(r.searched.size() == 2);
  CHECK(r.searched[0] == "C:\\WINDOWS\\debug\\adprep\\logs\\*\\ADPrep.log");
  CHECK(r.searched[1].rfind("C:\\Program Files (depth 3): files and folders named *SourceTool* or *Migration*", 0) == 0);
  CHECK(r.notes.empty());  // missing folders are not errors
  CHECK(search_file_row("file.unknown", roots, fs.lister()).searched.empty());
}

TEST_CASE("file_search: migration logs, ADPrep and the bounded tree search", "[collector][file_search]") {
  FakeTree fs;
  const std::string logs = "C:\\WINDOWS\\debug\\adprep\\logs";
  fs.dir(logs, "20261120230000");
  fs.file(logs + "\\20261120230000", "ADPrep.log", 9);
  fs.file(logs + "\\20261120230000", "ldif.log", 9);
  fs.dir("C:\\Program Files", "Windows Small Business Server");
  fs.dir("C:\\Program Files\\Windows Small Business Server", "Migration");
  fs.file("C:\\Program Files\\Windows Small Business Server\\Migration", "SourceTool.exe");
  fs.file("C:\\Program Files\\Windows Small Business Server\\Migration", "prep.log", 3);
  fs.dir("C:\\Program Files\\Windows Small Business Server\\Migration", "Logs");  // depth 3
  fs.file("C:\\Program Files\\Windows Small Business Server\\Migration\\Logs", "deep.log");  // depth 4: out
  fs.dir("C:\\Program Files", "Tools");
  fs.file("C:\\Program Files\\Tools", "SourceTool.log", 2);
  fs.file("C:\\Program Files\\Tools", "other.log");
  fs.dir("C:\\Program Files", "Junction", true);
  fs.file("C:\\Program Files\\Junction", "Migration.log");  // behind a reparse point: never listed
  SearchRoots roots;
  roots.windir = "C:\\WINDOWS";
  roots.program_files = "C:\\Program Files";
  roots.all_users = "C:\\Documents and Settings\\All Users";
  const SearchResult r = search_file_row("file.migration_logs", roots, fs.lister());
  CHECK(paths_of(r) == std::vector<std::string>{
                           logs + "\\20261120230000\\ADPrep.log",
                           "C:\\Program Files\\Windows Small Business Server\\Migration\\prep.log",
                           "C:\\Program Files\\Tools\\SourceTool.log",
                       });
  CHECK(r.files[0].labels == std::vector<std::string>{"adprep", "20261120230000", "ADPrep.log"});
  CHECK(r.files[1].labels ==
        std::vector<std::string>{"program_files", "Windows Small Business Server", "Migration", "prep.log"});
  CHECK(std::find(fs.listed.begin(), fs.listed.end(), "C:\\Program Files\\Junction") == fs.listed.end());
  CHECK(std::find(fs.listed.begin(), fs.listed.end(),
                  "C:\\Program Files\\Windows Small Business Server\\Migration\\Logs") == fs.listed.end());
  CHECK(r.searched.size() == 3);
  CHECK(r.searched[2].rfind("C:\\Documents and Settings\\All Users\\Application Data (depth 3)", 0) == 0);

  SECTION("the 32-bit collector on 64-bit Windows searches Program Files (x86) too, after the native one") {
    fs.dir("C:\\Program Files (x86)", "Migration");
    fs.file("C:\\Program Files (x86)\\Migration", "wow.log", 1);
    roots.program_files_x86 = "C:\\Program Files (x86)";
    const SearchResult x86 = search_file_row("file.migration_logs", roots, fs.lister());
    REQUIRE(x86.files.size() == 4);
    CHECK(x86.files[3].path == "C:\\Program Files (x86)\\Migration\\wow.log");
    CHECK(x86.files[3].labels == std::vector<std::string>{"program_files_x86", "Migration", "wow.log"});
    REQUIRE(x86.searched.size() == 4);
    CHECK(x86.searched[2].rfind("C:\\Program Files (x86) (depth 3)", 0) == 0);
  }
}

TEST_CASE("file_search: search bounds", "[collector][file_search]") {
  SECTION("more files than the row may hold: the newest are kept, in the order found") {
    FakeTree fs;
    const std::string data = "C:\\P\\Local Settings\\Application Data\\Microsoft\\Windows NT\\NTBackup\\data";
    for (int i = 0; i < 60; ++i) fs.file(data, "backup" + std::to_string(i) + ".log", static_cast<std::uint64_t>((i * 37) % 60));
    SearchRoots roots;
    roots.profiles = {"C:\\P"};
    const SearchResult r = search_file_row("file.ntbackup_logs", roots, fs.lister());
    CHECK(r.found == 60);
    REQUIRE(r.files.size() == 50);
    for (const FoundFile& f : r.files) CHECK(f.written >= 10);
    for (std::size_t i = 1; i < r.files.size(); ++i) {
      const auto num = [](const std::string& p) { return std::stoi(p.substr(p.rfind("backup") + 6)); };
      CHECK(num(r.files[i - 1].path) < num(r.files[i].path));
    }
  }
  SECTION("the entry budget stops a huge tree, with a note") {
    FakeTree fs;
    fs.dir("C:\\PF", "Migration");
    for (std::size_t i = 0; i < kMaxSearchEntries + 500; ++i) fs.file("C:\\PF\\Migration", "f" + std::to_string(i) + ".log");
    SearchRoots roots;
    roots.program_files = "C:\\PF";
    const SearchResult r = search_file_row("file.sbs_bpa_reports", roots, fs.lister());
    CHECK(r.files.empty());  // "Migration" is not a BPA name
    REQUIRE(r.notes.size() == 1);
    CHECK(r.notes[0] == "search stopped after 20000 directory entries (the row's limit)");
    const SearchResult m = search_file_row("file.migration_logs", roots, fs.lister());
    CHECK(m.found == kMaxSearchEntries - 1);  // the folder itself is one visited entry
    CHECK(m.files.size() == 50);
  }
  SECTION("a folder that cannot be listed is a note, not a failure") {
    SearchRoots roots;
    roots.profiles = {"C:\\Locked"};
    const FolderLister denied = [](const std::string&) { return Listing{{}, 5}; };
    const SearchResult r = search_file_row("file.ntbackup_logs", roots, denied);
    CHECK(r.files.empty());
    REQUIRE(r.notes.size() == 2);
    CHECK(r.notes[0].rfind("cannot list C:\\Locked\\Local Settings", 0) == 0);
    CHECK(r.notes[0].find("(Win32 error 5)") != std::string::npos);
  }
  SECTION("source.searched is capped at the schema's 256 items") {
    FakeTree fs;
    SearchRoots roots;
    for (int i = 0; i < 300; ++i) roots.profiles.push_back("C:\\U" + std::to_string(i));
    const SearchResult r = search_file_row("file.ntbackup_logs", roots, fs.lister());
    CHECK(r.searched.size() == kMaxSearched);
    CHECK(r.searched.back() == "(further places not listed: at most 256)");
  }
}

TEST_CASE("file_search: single-file rows", "[collector][file_search]") {
  SearchRoots roots;
  roots.windir = "C:\\WINDOWS";
  CHECK(single_file_path("file.windowsupdate_log", roots) == "C:\\WINDOWS\\WindowsUpdate.log");
  CHECK(single_file_path("file.ntbackup_logs", roots).empty());
  roots.windir.clear();
  CHECK(single_file_path("file.windowsupdate_log", roots).empty());
}
