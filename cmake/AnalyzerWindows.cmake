# Cross-builds migready.exe, the analyzer for the engineer's Windows workstation (Windows 7 SP1 or later,
# x86_64), from this same source tree, beside the collectors and with the same mingw-w64 toolchain package
# (its posix thread model: see mingw-w64.cmake). Included by the top-level CMakeLists.txt after
# Collector.cmake, whose static libarchive for x86_64 it links.
#
# Everything happens in this build tree and is stamped by ExternalProject, so a rebuild repeats none of it:
#   _deps/re2-src                    Debian's re2 source, patches applied (scripts/fetch-debian-source)
#   _deps/windows-deps-x86_64        include/ and lib/ for the cross build: re2 (static, built here),
#                                    libarchive and libsodium (Collector.cmake's x86_64 builds: C libraries,
#                                    no threads, so the win32-model build serves the posix model too),
#                                    RapidJSON (headers only: copied)
#   analyzer-x86_64/migready.exe     the top-level project configured with the posix toolchain; no tests,
#                                    no collector (cmake/WindowsDeps.cmake maps the libraries to targets)
#
# What the Windows build replaces rather than cross-builds: Boost.Iostreams serves the analyzer only for
# mapped_file, which on Windows is CreateFileMapping, so analyzer/platform calls it directly there.
set(MIGREADY_RE2_SRC ${CMAKE_BINARY_DIR}/_deps/re2-src)
set(MIGREADY_WINDOWS_DEPS ${CMAKE_BINARY_DIR}/_deps/windows-deps-x86_64)
set(_posix_toolchain ${CMAKE_SOURCE_DIR}/cmake/toolchain-mingw-x86_64-posix.cmake)

ExternalProject_Add(re2_source
  PREFIX ${CMAKE_BINARY_DIR}/_deps/re2-source
  SOURCE_DIR ${MIGREADY_RE2_SRC}
  DOWNLOAD_COMMAND ${CMAKE_SOURCE_DIR}/scripts/fetch-debian-source re2 ${MIGREADY_RE2_SRC}
  # Debian's dfsg source has no generated tables; debian/rules makes them (REBUILD_TABLES=1) with these
  # generators from /usr/share/unicode (unicode-data, the version Debian's libre2-9 was built with).
  PATCH_COMMAND sh -c "perl re2/make_perl_groups.pl > re2/perl_groups.cc && python3 re2/make_unicode_casefold.py > re2/unicode_casefold.cc && python3 re2/make_unicode_groups.py > re2/unicode_groups.cc"
  CONFIGURE_COMMAND ""
  BUILD_COMMAND ""
  INSTALL_COMMAND ""
  LOG_DOWNLOAD ON)

find_path(MIGREADY_HOST_RAPIDJSON_INCLUDE rapidjson/document.h PATHS ${RapidJSON_INCLUDE_DIRS} REQUIRED)
ExternalProject_Add(re2_x86_64
  DEPENDS re2_source libarchive_x86_64 libsodium_x86_64
  PREFIX ${CMAKE_BINARY_DIR}/_deps/re2-x86_64-build
  SOURCE_DIR ${MIGREADY_RE2_SRC}
  DOWNLOAD_COMMAND ""
  CMAKE_GENERATOR Ninja
  CMAKE_ARGS
    -DCMAKE_TOOLCHAIN_FILE=${_posix_toolchain}
    -DCMAKE_BUILD_TYPE=Release
    -DBUILD_SHARED_LIBS=OFF
    -DRE2_BUILD_TESTING=OFF
    -DCMAKE_INSTALL_PREFIX=${MIGREADY_WINDOWS_DEPS}
  # The install puts re2's headers and libre2.a in the prefix; libarchive and RapidJSON join them there.
  INSTALL_COMMAND ${CMAKE_COMMAND} --install <BINARY_DIR>
    COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_BINARY_DIR}/_deps/libarchive-x86_64/lib/libarchive.a
            ${MIGREADY_WINDOWS_DEPS}/lib/libarchive.a
    COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_BINARY_DIR}/_deps/libarchive-x86_64/include/archive.h
            ${CMAKE_BINARY_DIR}/_deps/libarchive-x86_64/include/archive_entry.h ${MIGREADY_WINDOWS_DEPS}/include
    COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_BINARY_DIR}/_deps/libsodium-x86_64/lib/libsodium.a
            ${MIGREADY_WINDOWS_DEPS}/lib/libsodium.a
    COMMAND ${CMAKE_COMMAND} -E copy_directory ${CMAKE_BINARY_DIR}/_deps/libsodium-x86_64/include
            ${MIGREADY_WINDOWS_DEPS}/include
    COMMAND ${CMAKE_COMMAND} -E copy_directory ${MIGREADY_HOST_RAPIDJSON_INCLUDE}/rapidjson
            ${MIGREADY_WINDOWS_DEPS}/include/rapidjson
  LOG_CONFIGURE ON
  LOG_BUILD ON
  LOG_INSTALL ON
  LOG_OUTPUT_ON_FAILURE ON)

# BUILD_ALWAYS: the analyzer's sources are this tree's; Ninja inside decides what is out of date.
ExternalProject_Add(analyzer_x86_64
  DEPENDS re2_x86_64
  PREFIX ${CMAKE_BINARY_DIR}/analyzer-x86_64-build
  SOURCE_DIR ${CMAKE_SOURCE_DIR}
  BINARY_DIR ${CMAKE_BINARY_DIR}/analyzer-x86_64
  CMAKE_GENERATOR Ninja
  CMAKE_ARGS
    -DCMAKE_TOOLCHAIN_FILE=${_posix_toolchain}
    -DCMAKE_BUILD_TYPE=Release
    -DMIGREADY_WERROR=${MIGREADY_WERROR}
    -DMIGREADY_BUILD_COLLECTOR=OFF
    -DMIGREADY_BUILD_TESTS=OFF
    -DMIGREADY_WINDOWS_DEPS=${MIGREADY_WINDOWS_DEPS}
    -DCMAKE_C_COMPILER_LAUNCHER=${CMAKE_C_COMPILER_LAUNCHER}
    -DCMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER}
  BUILD_COMMAND ${CMAKE_COMMAND} --build <BINARY_DIR> --target migready
  BUILD_ALWAYS ON
  INSTALL_COMMAND "")
set(MIGREADY_ANALYZER_EXE ${CMAKE_BINARY_DIR}/analyzer-x86_64/migready.exe)

add_custom_target(analyzer_exe ALL DEPENDS analyzer_x86_64)
