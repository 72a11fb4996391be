# The Debian package, made by CPack from the install rules
# (packaging/install.cmake): `cmake --build build --target package` or
# `cpack -G DEB` in the build directory.  packaging/README.md says what
# lintian reports and why the rest stays.

# bpfkit's own tree is the packaging's upstream: a native package, so its
# version has no Debian revision and its changelog is changelog.gz
# (Policy 12.7).  The changelog's newest entry must name this version.
file(STRINGS ${CMAKE_SOURCE_DIR}/packaging/debian/changelog CHANGELOG_TOP LIMIT_COUNT 1)
if(NOT CHANGELOG_TOP MATCHES "^bpfkit \\(${PROJECT_VERSION}\\) ")
  message(FATAL_ERROR "packaging/debian/changelog's newest entry is not version ${PROJECT_VERSION}: ${CHANGELOG_TOP}")
endif()
set(CHANGELOG_GZ ${CMAKE_BINARY_DIR}/debian/changelog.gz)
add_custom_command(OUTPUT ${CHANGELOG_GZ}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/debian
  COMMAND ${GZIP} -9n -c ${CMAKE_SOURCE_DIR}/packaging/debian/changelog > ${CHANGELOG_GZ}
  DEPENDS ${CMAKE_SOURCE_DIR}/packaging/debian/changelog VERBATIM)
add_custom_target(debian_changelog ALL DEPENDS ${CHANGELOG_GZ})
install(FILES ${CMAKE_SOURCE_DIR}/packaging/debian/copyright ${CHANGELOG_GZ}
        DESTINATION share/doc/bpfkit)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/debian/lintian-overrides
        DESTINATION share/lintian/overrides RENAME bpfkit)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME bpfkit)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE amd64)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_PACKAGE_CONTACT "bpfkit maintainers <maintainers@users.noreply.b-seed-d872db0c.example>")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${CPACK_PACKAGE_CONTACT})
# The binary is static (the link flags above): it needs no other package,
# so no Depends, and dpkg-shlibdeps has nothing to find.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS OFF)
# The RelWithDebInfo binary carries DWARF; the package does not.
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "BCC's BPF tracing tools in one static binary")
# The extended description under the summary; CPack indents each line.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "bpfkit carries the BCC tool set (execsnoop, opensnoop, runqlat, syscount,
biolatency, profile, offcputime and about a hundred more) rebuilt on libbpf
CO-RE. The BPF programs are compiled when bpfkit is built and embedded in
the executable, so tracing needs no compiler, kernel headers or Python on
the traced machine.
.
Each tool is run as 'bpfkit TOOL' or through its link in
/usr/share/bpfkit/tools, the counterpart of BCC's /usr/share/bcc/tools.")
set(CPACK_POST_BUILD_SCRIPTS ${CMAKE_SOURCE_DIR}/packaging/deb-installed-size.cmake)
include(CPack)
