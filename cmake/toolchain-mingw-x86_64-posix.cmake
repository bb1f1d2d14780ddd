# mingw-w64 x86_64, posix thread model, Windows 7 SP1 API level: migready.exe (see mingw-w64.cmake).
set(MIGREADY_MINGW_ARCH x86_64)
set(MIGREADY_MINGW_THREADS posix)
set(MIGREADY_MINGW_WINNT 0x0601)
include(${CMAKE_CURRENT_LIST_DIR}/mingw-w64.cmake)
