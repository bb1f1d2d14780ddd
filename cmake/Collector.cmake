# Cross-builds migready-collect.exe for i686 (primary: SBS 2003 is 32-bit only) and x86_64 (run under
# wine64 in tests), each against a static libarchive and a static libsodium built from Debian's source packages.
#
# Everything happens in this build tree and is stamped by ExternalProject, so a rebuild repeats none of it:
#   _deps/libarchive-src          Debian's libarchive source, patches applied (scripts/fetch-debian-source)
#   _deps/libarchive-<arch>       static libarchive: zip + deflate used, every optional library off
#   _deps/libsodium-src           Debian's libsodium source, patches applied
#   _deps/libsodium-<arch>        static libsodium (cmake/libsodium/CMakeLists.txt: portable C, no SIMD/asm),
#                                 for --encrypt-to (contract/age.hpp); x86_64's is also migready.exe's
#   collector-<arch>/migready-collect.exe
#
# Two traps of CMake 3.25 cross mode, handled below: libarchive's ZLIB_WINAPI check is a try_run, which
# cannot run a Windows exe here, so its answer is pre-seeded (Debian's mingw zlib is not built with
# ZLIB_WINAPI: the check's exit code is non-zero); and FindZLIB prefers libz.dll.a, so the static libz.a
# is named explicitly, or the exe would need zlib1.dll.
include(ExternalProject)

set(MIGREADY_LIBARCHIVE_SRC ${CMAKE_BINARY_DIR}/_deps/libarchive-src)
ExternalProject_Add(libarchive_source
  PREFIX ${CMAKE_BINARY_DIR}/_deps/libarchive-source
  SOURCE_DIR ${MIGREADY_LIBARCHIVE_SRC}
  DOWNLOAD_COMMAND ${CMAKE_SOURCE_DIR}/scripts/fetch-debian-source libarchive ${MIGREADY_LIBARCHIVE_SRC}
  CONFIGURE_COMMAND ""
  BUILD_COMMAND ""
  INSTALL_COMMAND ""
  LOG_DOWNLOAD ON)

set(MIGREADY_LIBSODIUM_SRC ${CMAKE_BINARY_DIR}/_deps/libsodium-src)
ExternalProject_Add(libsodium_source
  PREFIX ${CMAKE_BINARY_DIR}/_deps/libsodium-source
  SOURCE_DIR ${MIGREADY_LIBSODIUM_SRC}
  DOWNLOAD_COMMAND ${CMAKE_SOURCE_DIR}/scripts/fetch-debian-source libsodium ${MIGREADY_LIBSODIUM_SRC}
  CONFIGURE_COMMAND ""
  BUILD_COMMAND ""
  INSTALL_COMMAND ""
  LOG_DOWNLOAD ON)

set(_libarchive_off
  -DENABLE_MBEDTLS=OFF -DENABLE_NETTLE=OFF -DENABLE_OPENSSL=OFF -DENABLE_LIBB2=OFF -DENABLE_LZ4=OFF
  -DENABLE_LZO=OFF -DENABLE_LZMA=OFF -DENABLE_ZSTD=OFF -DENABLE_BZip2=OFF -DENABLE_LIBXML2=OFF
  -DENABLE_EXPAT=OFF -DENABLE_PCREPOSIX=OFF -DENABLE_LIBGCC=OFF -DPOSIX_REGEX_LIB=NONE
  # CNG is BCrypt (Vista+): absent on Server 2003.
  -DENABLE_CNG=OFF
  -DENABLE_TAR=OFF -DENABLE_CPIO=OFF -DENABLE_CAT=OFF -DENABLE_XATTR=OFF -DENABLE_ACL=OFF -DENABLE_ICONV=OFF
  -DENABLE_TEST=OFF -DENABLE_WERROR=OFF -DBUILD_SHARED_LIBS=OFF)

foreach(arch i686 x86_64)
  set(triple ${arch}-w64-mingw32)
  set(toolchain ${CMAKE_SOURCE_DIR}/cmake/toolchain-mingw-${arch}.cmake)
  set(la_prefix ${CMAKE_BINARY_DIR}/_deps/libarchive-${arch})

  ExternalProject_Add(libarchive_${arch}
    DEPENDS libarchive_source
    PREFIX ${CMAKE_BINARY_DIR}/_deps/libarchive-${arch}-build
    SOURCE_DIR ${MIGREADY_LIBARCHIVE_SRC}
    DOWNLOAD_COMMAND ""
    CMAKE_GENERATOR Ninja
    CMAKE_ARGS
      -DCMAKE_TOOLCHAIN_FILE=${toolchain}
      -DCMAKE_BUILD_TYPE=Release
      -DENABLE_ZLIB=ON
      -DZLIB_LIBRARY=/usr/${triple}/lib/libz.a
      -DZLIB_INCLUDE_DIR=/usr/${triple}/include
      -DZLIB_WINAPI_EXITCODE=1
      -DZLIB_WINAPI_EXITCODE__TRYRUN_OUTPUT=
      ${_libarchive_off}
    BUILD_COMMAND ${CMAKE_COMMAND} --build <BINARY_DIR> --target archive_static
    INSTALL_COMMAND ${CMAKE_COMMAND} -E make_directory ${la_prefix}/lib ${la_prefix}/include
      COMMAND ${CMAKE_COMMAND} -E copy <BINARY_DIR>/libarchive/libarchive_static.a ${la_prefix}/lib/libarchive.a
      COMMAND ${CMAKE_COMMAND} -E copy <SOURCE_DIR>/libarchive/archive.h <SOURCE_DIR>/libarchive/archive_entry.h
              ${la_prefix}/include
    LOG_CONFIGURE ON
    LOG_BUILD ON
    LOG_OUTPUT_ON_FAILURE ON)

  set(sodium_prefix ${CMAKE_BINARY_DIR}/_deps/libsodium-${arch})
  ExternalProject_Add(libsodium_${arch}
    DEPENDS libsodium_source
    PREFIX ${CMAKE_BINARY_DIR}/_deps/libsodium-${arch}-build
    SOURCE_DIR ${CMAKE_SOURCE_DIR}/cmake/libsodium
    DOWNLOAD_COMMAND ""
    CMAKE_GENERATOR Ninja
    CMAKE_ARGS
      -DCMAKE_TOOLCHAIN_FILE=${toolchain}
      -DCMAKE_BUILD_TYPE=Release
      -DSODIUM_SRC=${MIGREADY_LIBSODIUM_SRC}
      -DCMAKE_INSTALL_PREFIX=${sodium_prefix}
      -DCMAKE_C_COMPILER_LAUNCHER=${CMAKE_C_COMPILER_LAUNCHER}
    LOG_CONFIGURE ON
    LOG_BUILD ON
    LOG_INSTALL ON
    LOG_OUTPUT_ON_FAILURE ON)

  ExternalProject_Add(collector_${arch}
    DEPENDS libarchive_${arch} libsodium_${arch}
    PREFIX ${CMAKE_BINARY_DIR}/collector-${arch}-build
    SOURCE_DIR ${CMAKE_SOURCE_DIR}/collector
    BINARY_DIR ${CMAKE_BINARY_DIR}/collector-${arch}
    CMAKE_GENERATOR Ninja
    CMAKE_ARGS
      -DCMAKE_TOOLCHAIN_FILE=${toolchain}
      -DCMAKE_BUILD_TYPE=Release
      -DMIGREADY_LIBARCHIVE_ROOT=${la_prefix}
      -DMIGREADY_SODIUM_ROOT=${sodium_prefix}
      -DMIGREADY_ZLIB_LIBRARY=/usr/${triple}/lib/libz.a
      -DMIGREADY_CONTRACT_DIR=${CMAKE_SOURCE_DIR}/contract
      -DMIGREADY_VERSION=${PROJECT_VERSION}
    BUILD_ALWAYS ON
    INSTALL_COMMAND "")
  set(MIGREADY_COLLECTOR_${arch} ${CMAKE_BINARY_DIR}/collector-${arch}/migready-collect.exe)
endforeach()

add_custom_target(collectors ALL DEPENDS collector_i686 collector_x86_64)
