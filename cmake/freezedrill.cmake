# Shared build settings for every freezedrill target.

# Applies the project's warnings and floating-point rules to one target.
# -ffp-contract=off keeps a*b+c from being fused, so results do not depend
# on whether the machine has FMA; determinism of reports depends on it.
function(freezedrill_target_settings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -ffp-contract=off -fno-fast-math)
  if(FREEZEDRILL_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  # GCC 12 at -O3 reports -Wrestrict inside libstdc++'s std::string code for
  # plain string assignments and concatenations. These are false positives,
  # and -Werror would turn them into build failures of correct code.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12
     AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
endfunction()

# Declares a component library with its alias freezedrill::NAME.
#   freezedrill_library(NAME SOURCES a.cc b.cc DEPS freezedrill::x fmt::fmt)
function(freezedrill_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(fd_${name} STATIC ${ARG_SOURCES})
  add_library(freezedrill::${name} ALIAS fd_${name})
  target_include_directories(fd_${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(fd_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  freezedrill_target_settings(fd_${name})
endfunction()
