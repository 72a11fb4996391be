# The install layout (included by CMakeLists.txt):
#   PREFIX/sbin/bpfkit               the static binary
#   PREFIX/share/man/man8/NAME.8.gz  the man pages, gzip -9n as Debian wants
#   PREFIX/share/bpfkit/tools/NAME   a link per tool and alias, as BCC's
#                                    /usr/share/bcc/tools, to ../../../sbin/bpfkit

install(TARGETS bpfkit RUNTIME DESTINATION sbin)
# A stripped install (--strip, and CPack's) also drops what dh_strip does:
# the compilers' .comment and the .note section (not the build-id note).
install(CODE "
  if(CMAKE_INSTALL_DO_STRIP)
    execute_process(COMMAND \"${CMAKE_STRIP}\" --remove-section=.comment --remove-section=.note
                            \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/sbin/bpfkit\" COMMAND_ERROR_IS_FATAL ANY)
  endif()
")

# Compressed at build time, not install time, so the package and a plain
# `cmake --install` carry the same bytes; -n keeps name and time stamp out,
# so a rebuild makes identical files (lintian: reproducible, gzip -9n).
find_program(GZIP gzip REQUIRED)
file(GLOB MAN_PAGES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/docs/*.8)
set(MAN_GZ)
foreach(page ${MAN_PAGES})
  get_filename_component(name ${page} NAME)
  set(gz ${CMAKE_BINARY_DIR}/man/${name}.gz)
  add_custom_command(OUTPUT ${gz}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
    COMMAND ${GZIP} -9n -c ${page} > ${gz}
    DEPENDS ${page} VERBATIM)
  list(APPEND MAN_GZ ${gz})
endforeach()
add_custom_target(manpages ALL DEPENDS ${MAN_GZ})
install(FILES ${MAN_GZ} DESTINATION share/man/man8)

# The names come from the binary's own command table (bpfkit --install), so
# a new tool or alias is linked with no list to keep here.  The links are
# relative, so they hold in DESTDIR (CPack's staging), in a dpkg --root and
# in a moved tree; the binary that makes them is the one being installed.
install(CODE "
  set(tools \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/share/bpfkit/tools\")
  file(MAKE_DIRECTORY \"\${tools}\")
  execute_process(COMMAND \"$<TARGET_FILE:bpfkit>\" --install \"\${tools}\" ../../../sbin/bpfkit
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR \"bpfkit --install \${tools}: \${out}\")
  endif()
  message(STATUS \"Installing: \${out}\")
  file(GLOB links \"\${tools}/*\")
  list(APPEND CMAKE_INSTALL_MANIFEST_FILES \${links})
")
