# The collector's portable core, listed once for its two builds: the mingw exe (collector/CMakeLists.txt)
# and the native unit tests (tests/unit/collector/CMakeLists.txt), which both include this file. Adding a
# core file is one line here. Paths are absolute, taken from this file's own folder.
set(MIGREADY_COLLECT_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/api_json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/certificates_json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/directory.cpp
  ${CMAKE_CURRENT_LIST_DIR}/disk_space.cpp
  ${CMAKE_CURRENT_LIST_DIR}/file_search.cpp
  ${CMAKE_CURRENT_LIST_DIR}/file_versions_json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/json_writer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/manifest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/naming.cpp
  ${CMAKE_CURRENT_LIST_DIR}/network_json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/options.cpp
  ${CMAKE_CURRENT_LIST_DIR}/process_tree.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reg_format.cpp
  ${CMAKE_CURRENT_LIST_DIR}/smbios.cpp
  ${CMAKE_CURRENT_LIST_DIR}/replication.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sntp.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sysvol.cpp
  ${CMAKE_CURRENT_LIST_DIR}/steps.cpp
  ${CMAKE_CURRENT_LIST_DIR}/summary.cpp
  ${CMAKE_CURRENT_LIST_DIR}/time_format.cpp
  ${CMAKE_CURRENT_LIST_DIR}/time_state.cpp
  ${CMAKE_CURRENT_LIST_DIR}/utf.cpp)
