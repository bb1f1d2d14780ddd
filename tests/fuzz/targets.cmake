# The fuzz targets, listed once for their two builds: the libFuzzer executables (tests/fuzz/CMakeLists.txt,
# MIGREADY_FUZZ) and the regression replay that every ctest runs (tests/fuzz/replay/CMakeLists.txt).
# A new target: its <name>.cpp here, one line in each list below, then the `fuzz` build preset and
# scripts/fuzz's all_targets.
set(MIGREADY_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
set(MIGREADY_FUZZ_TARGETS fuzz_regf fuzz_reg_text fuzz_bundle fuzz_parsers fuzz_evt fuzz_api_docs fuzz_waivers)
set(MIGREADY_FUZZ_LIBS_fuzz_regf migready_hive)
set(MIGREADY_FUZZ_LIBS_fuzz_reg_text migready_hive)
set(MIGREADY_FUZZ_LIBS_fuzz_bundle migready_bundle)
set(MIGREADY_FUZZ_LIBS_fuzz_parsers migready_parsers)
set(MIGREADY_FUZZ_LIBS_fuzz_evt migready_parsers)
set(MIGREADY_FUZZ_LIBS_fuzz_api_docs migready_facts migready_bundle LibArchive::LibArchive)
set(MIGREADY_FUZZ_LIBS_fuzz_waivers migready_report)

# Adds fuzz target <target>'s source, libraries and include folders to executable <exe>.
function(migready_fuzz_target_parts exe target)
  if(NOT target IN_LIST MIGREADY_FUZZ_TARGETS)
    message(FATAL_ERROR "${target} is not a fuzz target (tests/fuzz/targets.cmake lists them)")
  endif()
  target_sources(${exe} PRIVATE ${MIGREADY_FUZZ_DIR}/${target}.cpp)
  target_link_libraries(${exe} PRIVATE migready_settings ${MIGREADY_FUZZ_LIBS_${target}})
  if(target STREQUAL "fuzz_api_docs")
    # The API documents through the facts: each input is zipped by tests/support's BundleBuilder.
    target_sources(${exe} PRIVATE ${MIGREADY_FUZZ_DIR}/../support/bundle_builder.cpp)
    target_include_directories(${exe} PRIVATE ${MIGREADY_FUZZ_DIR}/..)
  endif()
endfunction()
