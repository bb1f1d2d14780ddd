# mingw-w64 x86_64, win32 thread model, Windows Server 2003 API level: see mingw-w64.cmake.
set(MIGREADY_MINGW_ARCH x86_64)
include(${CMAKE_CURRENT_LIST_DIR}/mingw-w64.cmake)
