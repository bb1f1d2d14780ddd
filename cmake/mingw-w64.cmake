# Cross toolchain body shared by toolchain-mingw-<arch>.cmake, which set MIGREADY_MINGW_ARCH first.
# mingw-w64 with the **win32 thread model** (Debian's *-win32 compilers): the posix-model runtime
# (winpthreads) imports GetTickCount64, absent on Windows Server 2003, so an exe built with it does not
# start there. Never switch to the -posix compilers.
set(_triple ${MIGREADY_MINGW_ARCH}-w64-mingw32)
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_VERSION 5.2)
set(CMAKE_SYSTEM_PROCESSOR ${MIGREADY_MINGW_ARCH})
set(CMAKE_C_COMPILER ${_triple}-gcc-win32)
set(CMAKE_CXX_COMPILER ${_triple}-g++-win32)
set(CMAKE_RC_COMPILER ${_triple}-windres)
set(CMAKE_FIND_ROOT_PATH /usr/${_triple})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# Windows Server 2003 (NT 5.2): headers expose no newer API, so nothing newer can be linked by accident.
set(CMAKE_C_FLAGS_INIT "-D_WIN32_WINNT=0x0502 -DWINVER=0x0502")
set(CMAKE_CXX_FLAGS_INIT "-D_WIN32_WINNT=0x0502 -DWINVER=0x0502")
