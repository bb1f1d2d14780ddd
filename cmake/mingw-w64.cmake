# Cross toolchain body shared by toolchain-mingw-*.cmake, which set MIGREADY_MINGW_ARCH first and may set
# MIGREADY_MINGW_THREADS and MIGREADY_MINGW_WINNT.
#
# The collector: mingw-w64 with the **win32 thread model** (Debian's *-win32 compilers) at the Windows Server
# 2003 API level (0x0502). The posix-model runtime (winpthreads) imports GetTickCount64, absent on Windows
# Server 2003, so a collector built with it does not start there. Never switch the collector to -posix.
#
# migready.exe (the analyzer) runs on the engineer's Windows 7 SP1 or later (0x0601) and is built with the
# posix model (toolchain-mingw-x86_64-posix.cmake): GCC 12's win32-model libstdc++ has no std::thread,
# std::mutex or std::call_once, which triage and re2 use.
if(NOT DEFINED MIGREADY_MINGW_THREADS)
  set(MIGREADY_MINGW_THREADS win32)
endif()
if(NOT DEFINED MIGREADY_MINGW_WINNT)
  set(MIGREADY_MINGW_WINNT 0x0502)
endif()
set(_triple ${MIGREADY_MINGW_ARCH}-w64-mingw32)
set(CMAKE_SYSTEM_NAME Windows)
if(MIGREADY_MINGW_WINNT STREQUAL "0x0601")
  set(CMAKE_SYSTEM_VERSION 6.1)
else()
  set(CMAKE_SYSTEM_VERSION 5.2)
endif()
set(CMAKE_SYSTEM_PROCESSOR ${MIGREADY_MINGW_ARCH})
set(CMAKE_C_COMPILER ${_triple}-gcc-${MIGREADY_MINGW_THREADS})
set(CMAKE_CXX_COMPILER ${_triple}-g++-${MIGREADY_MINGW_THREADS})
set(CMAKE_RC_COMPILER ${_triple}-windres)
set(CMAKE_FIND_ROOT_PATH /usr/${_triple})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# The headers expose no API newer than the target, so nothing newer can be linked by accident.
set(CMAKE_C_FLAGS_INIT "-D_WIN32_WINNT=${MIGREADY_MINGW_WINNT} -DWINVER=${MIGREADY_MINGW_WINNT}")
set(CMAKE_CXX_FLAGS_INIT "-D_WIN32_WINNT=${MIGREADY_MINGW_WINNT} -DWINVER=${MIGREADY_MINGW_WINNT}")
