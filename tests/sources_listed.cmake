# ctest `sources_listed`: fails when a .cc under harness/, reports/ or tests/ (besides the
# fuzz target, built only with MTULAB_FUZZ) is not named in CMakeLists.txt or
# cmake/test_sources.cmake, or when the lists name a file that does not exist.
# Run: cmake -DSOURCE_DIR=<checkout> -P this-file.
file(READ "${SOURCE_DIR}/CMakeLists.txt" lists)
file(READ "${SOURCE_DIR}/cmake/test_sources.cmake" test_lists)
string(APPEND lists "\n${test_lists}")
file(GLOB_RECURSE found RELATIVE "${SOURCE_DIR}"
     "${SOURCE_DIR}/harness/*.cc" "${SOURCE_DIR}/reports/*.cc" "${SOURCE_DIR}/tests/*.cc")
set(missing "")
foreach(f ${found})
  if(f MATCHES "^tests/fuzz/")
    continue()
  endif()
  string(FIND "${lists}" "    ${f}\n" at)
  if(at EQUAL -1)
    string(FIND "${lists}" "${f}" anywhere)
    if(anywhere EQUAL -1)
      list(APPEND missing "${f}")
    endif()
  endif()
endforeach()
string(REGEX MATCHALL "\n    ((harness|reports|tests)/[^\n ]+\\.cc)" named "${lists}")
set(stale "")
foreach(entry ${named})
  string(STRIP "${entry}" path)
  if(NOT EXISTS "${SOURCE_DIR}/${path}")
    list(APPEND stale "${path}")
  endif()
endforeach()
if(missing OR stale)
  string(REPLACE ";" "\n  " missing_text "${missing}")
  string(REPLACE ";" "\n  " stale_text "${stale}")
  message(FATAL_ERROR "Source lists (CMakeLists.txt, cmake/test_sources.cmake) are out of date.\n"
          "Not listed (add each to its layer's list):\n  ${missing_text}\n"
          "Listed but missing:\n  ${stale_text}")
endif()
message(STATUS "every source under harness/, reports/, tests/ is listed")
