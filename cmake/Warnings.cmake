# migready_settings: the warnings and sanitizer flags every first-party target links.
add_library(migready_settings INTERFACE)
target_compile_options(migready_settings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough
  -Wformat=2)
# GCC 12 reports std::string concatenation ("x" + std::to_string(n)) as an overlapping memcpy at -O3
# (GCC bug 105651, fixed in 13): a false positive that would fail Release builds with -Werror.
target_compile_options(migready_settings INTERFACE
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict>)
if(MIGREADY_WERROR)
  target_compile_options(migready_settings INTERFACE -Werror)
endif()
if(MIGREADY_SANITIZE)
  target_compile_options(migready_settings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                     -fno-sanitize-recover=all)
  target_link_options(migready_settings INTERFACE -fsanitize=address,undefined)
endif()
