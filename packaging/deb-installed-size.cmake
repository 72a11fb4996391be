# CPACK_POST_BUILD_SCRIPTS: CPack (3.25) counts a symlink's target in the
# package's Installed-Size, so 136 links to the 4.5 MB binary claim 600 MB.
# This rewrites the field as dpkg-gencontrol computes it (each file's size
# in KiB rounded up, 1 for every link and directory) and rebuilds the
# package with dpkg-deb, which keeps the contents and md5sums as they are.
find_program(DPKG_DEB dpkg-deb REQUIRED)
foreach(deb ${CPACK_PACKAGE_FILES})
  set(dir ${deb}.d)
  file(REMOVE_RECURSE ${dir})
  execute_process(COMMAND ${DPKG_DEB} -R ${deb} ${dir} COMMAND_ERROR_IS_FATAL ANY)
  file(GLOB_RECURSE entries LIST_DIRECTORIES true ${dir}/*)
  set(kib 0)
  foreach(e ${entries})
    if(e MATCHES "^${dir}/DEBIAN(/|$)")
      continue()
    endif()
    if(IS_SYMLINK ${e} OR IS_DIRECTORY ${e})
      math(EXPR kib "${kib} + 1")
    else()
      file(SIZE ${e} bytes)
      math(EXPR kib "${kib} + (${bytes} + 1023) / 1024")
    endif()
  endforeach()
  file(READ ${dir}/DEBIAN/control control)
  string(REGEX REPLACE "\nInstalled-Size: [0-9]+\n" "\nInstalled-Size: ${kib}\n" control "${control}")
  file(WRITE ${dir}/DEBIAN/control "${control}")
  execute_process(COMMAND ${DPKG_DEB} --root-owner-group -b ${dir} ${deb}
                  OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
  file(REMOVE_RECURSE ${dir})
  message(STATUS "${deb}: Installed-Size ${kib} KiB")
endforeach()
