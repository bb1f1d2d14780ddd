# The analyzer's libraries when it is cross-built for Windows (cmake/AnalyzerWindows.cmake passes
# MIGREADY_WINDOWS_DEPS, a prefix with include/ and lib/): the same imported targets the host build gets from
# find_package and pkg-config, pointed at the static archives, so no analyzer CMakeLists.txt changes.
#   LibArchive::LibArchive   libarchive.a (zip, tar, cab readers; zlib only) + the mingw libz.a
#   PkgConfig::RE2           libre2.a (std::thread and std::mutex of the posix-model libstdc++)
#   Sodium::Sodium           libsodium.a (the collector's x86_64 build; RtlGenRandom from advapi32)
#   RapidJSON_INCLUDE_DIRS   headers only
# No Boost: analyzer/platform maps files with CreateFileMapping on Windows.
if(NOT EXISTS ${MIGREADY_WINDOWS_DEPS}/lib/libre2.a OR NOT EXISTS ${MIGREADY_WINDOWS_DEPS}/lib/libarchive.a
   OR NOT EXISTS ${MIGREADY_WINDOWS_DEPS}/lib/libsodium.a)
  message(FATAL_ERROR "MIGREADY_WINDOWS_DEPS=${MIGREADY_WINDOWS_DEPS} has no lib/libre2.a, lib/libarchive.a and lib/libsodium.a "
                      "(they are built by the host project's cmake/AnalyzerWindows.cmake)")
endif()
set(_triple ${CMAKE_SYSTEM_PROCESSOR}-w64-mingw32)

add_library(LibArchive::LibArchive STATIC IMPORTED GLOBAL)
set_target_properties(LibArchive::LibArchive PROPERTIES
  IMPORTED_LOCATION ${MIGREADY_WINDOWS_DEPS}/lib/libarchive.a
  INTERFACE_INCLUDE_DIRECTORIES ${MIGREADY_WINDOWS_DEPS}/include
  INTERFACE_COMPILE_DEFINITIONS LIBARCHIVE_STATIC
  INTERFACE_LINK_LIBRARIES "/usr/${_triple}/lib/libz.a;advapi32")

add_library(PkgConfig::RE2 STATIC IMPORTED GLOBAL)
set_target_properties(PkgConfig::RE2 PROPERTIES
  IMPORTED_LOCATION ${MIGREADY_WINDOWS_DEPS}/lib/libre2.a
  INTERFACE_INCLUDE_DIRECTORIES ${MIGREADY_WINDOWS_DEPS}/include)

add_library(Sodium::Sodium STATIC IMPORTED GLOBAL)
set_target_properties(Sodium::Sodium PROPERTIES
  IMPORTED_LOCATION ${MIGREADY_WINDOWS_DEPS}/lib/libsodium.a
  INTERFACE_INCLUDE_DIRECTORIES ${MIGREADY_WINDOWS_DEPS}/include
  INTERFACE_COMPILE_DEFINITIONS SODIUM_STATIC
  INTERFACE_LINK_LIBRARIES advapi32)

set(RapidJSON_INCLUDE_DIRS ${MIGREADY_WINDOWS_DEPS}/include)

# One file, no DLL beyond Windows' own: libstdc++, libgcc and winpthreads linked in; UNICODE for the W
# functions; symbols stripped (the exe's size is reported in docs/release.md).
add_compile_definitions(UNICODE _UNICODE WIN32_LEAN_AND_MEAN NOMINMAX)
set(MIGREADY_STATIC_RUNTIME_OPTIONS -static -static-libgcc -static-libstdc++ -Wl,--gc-sections -s)
