# mingw-w64 i686, win32 thread model, Windows Server 2003 API level: see mingw-w64.cmake.
set(MIGREADY_MINGW_ARCH i686)
include(${CMAKE_CURRENT_LIST_DIR}/mingw-w64.cmake)
