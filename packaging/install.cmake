# Install rules and the .deb (CPack). Included from the top CMakeLists.txt after the mtulab
# target. `cmake --install build --prefix P` installs:
#   P/bin/mtulab
#   P/share/mtulab/{suites,topologies,schemas}    what an installed mtulab runs by default
#   P/share/man/man1/mtulab.1, mtulab-COMMAND.1   generated from `mtulab [COMMAND] --help`
#   P/share/bash-completion/completions/mtulab, P/share/zsh/vendor-completions/_mtulab
#   P/share/doc/mtulab/README.md
include(GNUInstallDirs)

find_program(MTULAB_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT MTULAB_PYTHON3)
  message(FATAL_ERROR "python3 is needed to generate the man pages (Debian: python3)")
endif()

# Man pages and completion from the built binary's own help text, naming the installed data
# directory (the binary names it from $MTULAB_DATA_DIR).
set(MTULAB_INSTALLED_DATA_DIR "${CMAKE_INSTALL_FULL_DATADIR}/mtulab")
set(MTULAB_DOCS_DIR "${CMAKE_BINARY_DIR}/docs")
add_custom_command(
  OUTPUT "${MTULAB_DOCS_DIR}/stamp"
  COMMAND ${CMAKE_COMMAND} -E rm -rf "${MTULAB_DOCS_DIR}/man1"
  COMMAND ${CMAKE_COMMAND} -E env "MTULAB_DATA_DIR=${MTULAB_INSTALLED_DATA_DIR}"
          ${MTULAB_PYTHON3} "${CMAKE_SOURCE_DIR}/packaging/gen_docs.py" "$<TARGET_FILE:mtulab>"
          "${MTULAB_DOCS_DIR}"
  COMMAND ${CMAKE_COMMAND} -E touch "${MTULAB_DOCS_DIR}/stamp"
  DEPENDS mtulab "${CMAKE_SOURCE_DIR}/packaging/gen_docs.py"
  COMMENT "Generating man pages and shell completion from mtulab --help")
add_custom_target(mtulab_docs ALL DEPENDS "${MTULAB_DOCS_DIR}/stamp")

install(TARGETS mtulab RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY suites topologies schemas DESTINATION ${CMAKE_INSTALL_DATADIR}/mtulab
        FILES_MATCHING PATTERN "*.xml" PATTERN "*.xsd"
        PATTERN "*.conf" PATTERN "*.conflist")  # the CNI configurations <pod>s name
install(DIRECTORY "${MTULAB_DOCS_DIR}/man1" DESTINATION ${CMAKE_INSTALL_MANDIR})
install(FILES "${MTULAB_DOCS_DIR}/bash/mtulab"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES "${MTULAB_DOCS_DIR}/zsh/_mtulab"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# `cpack -G DEB` (or `ninja package`) in the build directory. The package installs under
# CMAKE_INSTALL_PREFIX (configure with -DCMAKE_INSTALL_PREFIX=/usr for a Debian package:
# ci/package.sh), so the man pages name the paths the package installs. Depends are computed
# by dpkg-shlibdeps from the binary's shared libraries.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mtulab)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "conformance harness for MTU, path-MTU discovery and TCP MSS on Linux")
set(CPACK_PACKAGE_CONTACT "mtulab developers <dev@mtulab.invalid>")
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# wireguard-go: WireGuard links when the kernel lacks the module; graphviz: the topology
# pictures of the HTML report.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "wireguard-go, graphviz, iptables")
set(CPACK_STRIP_FILES ON)
include(CPack)
