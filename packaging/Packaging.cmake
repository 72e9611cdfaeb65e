# The Debian package (CPack DEB) and the desktop integration: desktop file, AppStream
# metainfo, icons, man page and the recorder's systemd unit. Included from the top level after
# every subdirectory, so that the package holds everything they install.
#
#   cmake --build BUILD && (cd BUILD && cpack -G DEB)   →   gatewatch_<version>_amd64.deb
#
# Paths are relative to the install prefix, which is /usr in the package.

set(gw_packaging_dir ${CMAKE_CURRENT_LIST_DIR})
set(gw_packaging_out ${CMAKE_BINARY_DIR}/packaging)
set(GATEWATCH_APP_ID org.gatewatch.GateWatch)
# The date of the release named by project(VERSION): AppStream lists it with the version.
set(GATEWATCH_RELEASE_DATE 2026-11-29)

# --- Icons: PNGs rendered from the one SVG at build time, so they never drift from it.
find_program(GATEWATCH_RSVG_CONVERT rsvg-convert)
if(NOT GATEWATCH_RSVG_CONVERT)
    message(FATAL_ERROR "rsvg-convert not found: it renders the application's PNG icons from "
        "resources/icons/gatewatch.svg (Debian: librsvg2-bin; scripts/install-deps installs it)")
endif()
set(gw_icon_svg ${PROJECT_SOURCE_DIR}/resources/icons/gatewatch.svg)
set(GATEWATCH_ICON_SIZES 16 22 24 32 48 64 128 256)
set(gw_generated)
foreach(size IN LISTS GATEWATCH_ICON_SIZES)
    set(png ${gw_packaging_out}/icons/${size}x${size}/${GATEWATCH_APP_ID}.png)
    add_custom_command(OUTPUT ${png}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${gw_packaging_out}/icons/${size}x${size}
        COMMAND ${GATEWATCH_RSVG_CONVERT} --width=${size} --height=${size} --format=png
                --output=${png} ${gw_icon_svg}
        DEPENDS ${gw_icon_svg}
        COMMENT "Rendering the ${size}x${size} application icon"
        VERBATIM)
    list(APPEND gw_generated ${png})
    install(FILES ${png} DESTINATION share/icons/hicolor/${size}x${size}/apps)
endforeach()
install(FILES ${gw_icon_svg} DESTINATION share/icons/hicolor/scalable/apps
    RENAME ${GATEWATCH_APP_ID}.svg)

# --- Man page, compressed as Debian installs man pages (-n: no time stamp, reproducible).
set(gw_man ${gw_packaging_out}/gatewatch.1.gz)
add_custom_command(OUTPUT ${gw_man}
    COMMAND gzip -9 -n -c ${gw_packaging_dir}/gatewatch.1 > ${gw_man}
    DEPENDS ${gw_packaging_dir}/gatewatch.1
    COMMENT "Compressing the man page")
list(APPEND gw_generated ${gw_man})
install(FILES ${gw_man} DESTINATION share/man/man1)

add_custom_target(gatewatch-packaging-data ALL DEPENDS ${gw_generated})

# --- Desktop integration.
configure_file(${gw_packaging_dir}/${GATEWATCH_APP_ID}.metainfo.xml.in
    ${gw_packaging_out}/${GATEWATCH_APP_ID}.metainfo.xml @ONLY)
install(FILES ${gw_packaging_dir}/${GATEWATCH_APP_ID}.desktop DESTINATION share/applications)
install(FILES ${gw_packaging_out}/${GATEWATCH_APP_ID}.metainfo.xml DESTINATION share/metainfo)

# --- The recorder as a system service, its user, and example configuration.
install(FILES ${gw_packaging_dir}/gatewatch-recorder.service DESTINATION lib/systemd/system)
install(FILES ${gw_packaging_dir}/gatewatch.sysusers DESTINATION lib/sysusers.d
    RENAME gatewatch.conf)
# The license, where Debian keeps every package's (the full text is in common-licenses).
install(FILES ${gw_packaging_dir}/copyright DESTINATION share/doc/gatewatch)
install(FILES ${gw_packaging_dir}/examples/devices.json ${gw_packaging_dir}/examples/credentials.json
    DESTINATION share/doc/gatewatch/examples)

# --- The package.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME gatewatch)
set(CPACK_PACKAGE_VENDOR "GateWatch")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "monitor for face-recognition access terminals")
# CPack indents it and turns the empty line into the " ." of a Debian description.
set(CPACK_PACKAGE_DESCRIPTION
"GateWatch holds one verified TLS connection to each face-recognition access
terminal (SenseTime SenseNebula Pass S7/S8 and compatible devices), stores
every recognition with its face snapshot in a local SQLite database, and
exports the history as CSV.

The dashboard shows live faces with a pass or deny verdict, alerts to
acknowledge and the state of every terminal. The headless recorder runs as
the gatewatch-recorder system service.")
set(GATEWATCH_PACKAGE_MAINTAINER "GateWatch maintainers <maintainers@gatewatch.invalid>"
    CACHE STRING "The Maintainer field of the Debian package")
set(GATEWATCH_PACKAGE_HOMEPAGE "" CACHE STRING
    "The Homepage field of the Debian package (left out when empty)")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${GATEWATCH_PACKAGE_MAINTAINER}")
if(GATEWATCH_PACKAGE_HOMEPAGE)
    set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${GATEWATCH_PACKAGE_HOMEPAGE}")
endif()
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)

# Depends: the linked libraries, found by dpkg-shlibdeps. Qt's plugins are loaded at run
# time and not seen by it: the SQLite driver has a package of its own. (The TLS back end is in
# libqt6network6, which depends on libssl3; the JPEG and platform plugins are in libqt6gui6,
# the SVG ones in libqt6svg6.) adduser creates the recorder's user where systemd-sysusers is
# missing.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, adduser")
# Loaded at run time but not linked: libsecret by QtKeychain (passwords in the keychain), Qt's
# own translations and a CJK font (the zh_CN interface, Chinese names), the Wayland platform.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
    "libsecret-1-0, qt6-translations-l10n, fonts-noto-cjk, fonts-noto-core, qt6-wayland")
# A keychain service to keep passwords in; Avahi for finding terminals on the network.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "gnome-keyring | kwalletmanager, avahi-daemon")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${gw_packaging_dir}/debian/postinst
    ${gw_packaging_dir}/debian/prerm
    ${gw_packaging_dir}/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
