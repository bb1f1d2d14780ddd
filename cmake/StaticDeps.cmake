# MIGREADY_STATIC_DEPS: link the analyzer's third-party libraries from their static archives (.a) where
# Debian ships one, and libstdc++/libgcc with -static-libstdc++ -static-libgcc. glibc stays dynamic (no
# -static). Why: with shared libraries the dynamic loader maps and relocates 19 of them before main
# (libarchive alone brings libxml2 and ICU), 1.5-2 ms, which is most of a small hive's `hive walk`.
#
# Included by the top-level CMakeLists.txt between the package look-ups; it re-points the imported targets
# LibArchive::LibArchive, PkgConfig::RE2 and PkgConfig::SODIUM at the archives, so every consumer (analyzer libraries, unit
# tests) links the same way, and has Boost pick its static variant (Boost_USE_STATIC_LIBS).
#
# libarchive.a needs the libraries in libarchive.pc's Libs.private, but a static archive contributes only
# the objects something references. The analyzer reads zip, tar, gnutar and cab with the gzip and none
# filters (analyzer/bundle/bundle.cpp); the linker map (-Wl,-Map) shows those pull the zip, tar and cab
# readers, whose undefined symbols need nettle (zip AES/HMAC), lzma, bz2, zlib and zstd (zip methods); acl,
# lz4 and libxml2 go unused. So every Libs.private library is offered, from its .a when there is one (only
# the objects needed are taken) and otherwise from its shared library behind --as-needed (recorded in the
# binary only if a pulled object uses it). libxml2 is offered shared on purpose: the analyzer does not use
# it, and the one link that does (the unit tests' bundle builder uses libarchive's writer, whose
# format-by-name table pulls the xar writer) would otherwise carry ICU statically.
#
# When something is missing, that one library falls back to dynamic with a configure message: libarchive as
# a whole when libarchive.a, libarchive.pc or one of its libraries cannot be found at all; libstdc++ stays
# shared when re2 or Boost.Iostreams (C++ libraries) could not be linked statically.

set(CMAKE_LINK_LIBRARY_USING_MIGREADY_AS_NEEDED
    "LINKER:--push-state,--as-needed" "<LINK_ITEM>" "LINKER:--pop-state")
set(CMAKE_LINK_LIBRARY_USING_MIGREADY_AS_NEEDED_SUPPORTED TRUE)

set(migready_static_libs "")  # what ends up static / shared, for the summary message
set(migready_shared_libs "")
set(migready_cxx_deps_static TRUE)

# A shared library by name: the development link (libNAME.so) or, when its -dev package is not installed
# (Debian 12 has libzstd1, liblz4-1 and libacl1 only as libarchive13's runtime dependencies), the runtime
# file with the shortest version suffix (libzstd.so.1).
function(migready_find_shared out name)
  unset(found)
  unset(best)
  find_library(found NAMES ${name} NO_CACHE)
  if(NOT found)
    foreach(dir ${CMAKE_C_IMPLICIT_LINK_DIRECTORIES})
      file(GLOB candidates ${dir}/lib${name}.so.[0-9]*)
      foreach(candidate ${candidates})
        string(LENGTH "${candidate}" length)
        if(NOT best OR length LESS best_length)
          set(best ${candidate})
          set(best_length ${length})
        endif()
      endforeach()
      if(best)
        break()
      endif()
    endforeach()
    set(found ${best})
  endif()
  set(${out} ${found} PARENT_SCOPE)
endfunction()

# --- Boost.Iostreams (file mapping) ------------------------------------------------------------------------
set(Boost_USE_STATIC_LIBS ON)
find_package(Boost 1.74 QUIET COMPONENTS iostreams)
if(Boost_FOUND)
  list(APPEND migready_static_libs libboost_iostreams.a)
else()
  message(STATUS "MIGREADY_STATIC_DEPS: no static Boost.Iostreams (libboost_iostreams.a), linking it dynamically")
  set(Boost_USE_STATIC_LIBS OFF)
  set(migready_cxx_deps_static FALSE)
  list(APPEND migready_shared_libs libboost_iostreams)
endif()

# --- re2 ---------------------------------------------------------------------------------------------------
find_library(MIGREADY_STATIC_re2 NAMES libre2.a HINTS ${RE2_LIBRARY_DIRS} NO_CACHE)
if(MIGREADY_STATIC_re2)
  # Keeps -pthread (INTERFACE_LINK_OPTIONS, from re2.pc); libre2.a needs nothing else on Debian 12.
  set_target_properties(PkgConfig::RE2 PROPERTIES INTERFACE_LINK_LIBRARIES ${MIGREADY_STATIC_re2})
  list(APPEND migready_static_libs libre2.a)
else()
  message(STATUS "MIGREADY_STATIC_DEPS: no libre2.a, linking re2 dynamically")
  set(migready_cxx_deps_static FALSE)
  list(APPEND migready_shared_libs libre2)
endif()

# --- libsodium (sealed bundles: contract/age.hpp) -------------------------------------------------------------
# libsodium.pc's Libs.private is -pthread, which the imported target keeps (INTERFACE_LINK_OPTIONS).
find_library(MIGREADY_STATIC_sodium NAMES libsodium.a HINTS ${SODIUM_LIBRARY_DIRS} NO_CACHE)
if(MIGREADY_STATIC_sodium)
  set_target_properties(PkgConfig::SODIUM PROPERTIES INTERFACE_LINK_LIBRARIES ${MIGREADY_STATIC_sodium})
  list(APPEND migready_static_libs libsodium.a)
else()
  message(STATUS "MIGREADY_STATIC_DEPS: no libsodium.a, linking libsodium dynamically")
  list(APPEND migready_shared_libs libsodium)
endif()

# --- libarchive and the libraries its pulled objects need ----------------------------------------------------
find_library(MIGREADY_STATIC_archive NAMES libarchive.a NO_CACHE)
pkg_check_modules(LIBARCHIVE_PC QUIET libarchive)
if(NOT MIGREADY_STATIC_archive OR NOT LIBARCHIVE_PC_FOUND)
  message(STATUS "MIGREADY_STATIC_DEPS: no libarchive.a or libarchive.pc, linking libarchive dynamically")
  list(APPEND migready_shared_libs libarchive)
else()
  set(archive_static "")
  set(archive_shared "")
  set(archive_ok TRUE)
  foreach(dep ${LIBARCHIVE_PC_STATIC_LIBRARIES})
    if(dep STREQUAL "archive")
      continue()
    endif()
    if(NOT dep STREQUAL "xml2")
      find_library(MIGREADY_STATIC_${dep} NAMES lib${dep}.a HINTS ${LIBARCHIVE_PC_STATIC_LIBRARY_DIRS} NO_CACHE)
    endif()
    if(MIGREADY_STATIC_${dep})
      list(APPEND archive_static ${MIGREADY_STATIC_${dep}})
      list(APPEND migready_static_libs lib${dep}.a)
      continue()
    endif()
    migready_find_shared(shared ${dep})
    if(NOT shared)
      message(STATUS "MIGREADY_STATIC_DEPS: libarchive.a needs lib${dep}, found neither its .a nor its .so; "
                     "linking libarchive dynamically")
      set(archive_ok FALSE)
      break()
    endif()
    if(NOT dep STREQUAL "xml2")
      message(STATUS "MIGREADY_STATIC_DEPS: no lib${dep}.a, ${shared} linked dynamically if used")
    endif()
    list(APPEND archive_shared ${shared})
    get_filename_component(shared_name ${shared} NAME)
    list(APPEND migready_shared_libs "${shared_name} (if used)")
  endforeach()
  if(archive_ok)
    if(archive_shared)
      list(JOIN archive_shared "," archive_shared)
      list(APPEND archive_static "$<LINK_LIBRARY:MIGREADY_AS_NEEDED,${archive_shared}>")
    endif()
    set_target_properties(LibArchive::LibArchive PROPERTIES
      IMPORTED_LOCATION ${MIGREADY_STATIC_archive}
      INTERFACE_LINK_LIBRARIES "${archive_static}")
    list(PREPEND migready_static_libs libarchive.a)
  else()
    list(APPEND migready_shared_libs libarchive)
  endif()
endif()

# --- the C++ runtime -----------------------------------------------------------------------------------------
# A static libstdc++ beside a shared C++ library (re2, Boost) would put two copies of it in the process.
# Only the `migready` executable gets it (analyzer/cli/CMakeLists.txt): the unit tests also link libarchive's
# writer, which loads libxml2 and ICU, a C++ library, shared; a static libstdc++ there would be a second copy.
set(MIGREADY_STATIC_RUNTIME_OPTIONS "")
if(migready_cxx_deps_static)
  set(MIGREADY_STATIC_RUNTIME_OPTIONS -static-libstdc++ -static-libgcc)
  list(APPEND migready_static_libs libstdc++ libgcc)
else()
  message(STATUS "MIGREADY_STATIC_DEPS: a C++ library is shared, so libstdc++ and libgcc stay shared too")
endif()

list(JOIN migready_static_libs ", " static_text)
list(PREPEND migready_shared_libs glibc)
list(JOIN migready_shared_libs ", " shared_text)
message(STATUS "MIGREADY_STATIC_DEPS: static: ${static_text}")
message(STATUS "MIGREADY_STATIC_DEPS: shared: ${shared_text}")
