#!/usr/bin/env bash
# check-deb.sh BUILD_DIR VERSION SOURCE_DIR
#
# Builds gatewatch_VERSION_amd64.deb from an already built tree (cpack -G DEB, into a
# temporary folder), checks its control fields and contents, unpacks it into a throwaway root
# (dpkg -x) and runs the packaged gatewatch from there; then validates the installed desktop
# file, AppStream metainfo, icons, man page and systemd unit as a distribution would.
set -euo pipefail

build=$1
version=$2
source=$3
app_id=org.gatewatch.GateWatch

fail() {
    echo "check-deb: FAIL: $*" >&2
    exit 1
}

for tool in cpack dpkg-deb dpkg-shlibdeps file desktop-file-validate appstreamcli groff \
    systemd-analyze systemd-sysusers; do
    command -v "$tool" >/dev/null || fail "$tool not found (scripts/install-deps installs it)"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/gatewatch-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT

# --- Build the package.
if ! cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/out" >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log" >&2
    fail "cpack -G DEB failed (log above)"
fi
deb=$work/out/gatewatch_${version}_amd64.deb
[[ -f "$deb" ]] || fail "no $(basename "$deb"); cpack made: $(cd "$work/out" && echo *.deb)"

# --- Control fields.
field() { dpkg-deb --field "$deb" "$1"; }
dpkg-deb --info "$deb" >"$work/info" || fail "dpkg-deb --info cannot read the package"
[[ "$(field Package)" == gatewatch ]] || fail "Package is '$(field Package)', not gatewatch"
[[ "$(field Version)" == "$version" ]] || fail "Version is '$(field Version)', not $version"
[[ "$(field Architecture)" == amd64 ]] || fail "Architecture is '$(field Architecture)'"
[[ -n "$(field Maintainer)" ]] || fail "no Maintainer field"
[[ -n "$(field Section)" ]] || fail "no Section field"

has_relation() { # has_relation FIELD PACKAGE: PACKAGE is one of FIELD's relations
    local rel
    rel=$(field "$1")
    sed -E 's/[,|]/\n/g' <<<"$rel" | sed -E 's/\(.*\)//; s/^ +//; s/ +$//' | grep -qxF "$2" \
        || fail "$1 does not name $2: $rel"
}
# Linked libraries, found by dpkg-shlibdeps.
for p in libc6 libstdc++6 libqt6core6 libqt6gui6 libqt6widgets6 libqt6network6 \
    libqt6websockets6 libqt6sql6 libqt6svg6 libqt6keychain1; do
    has_relation Depends "$p"
done
# Loaded at run time, invisible to dpkg-shlibdeps.
has_relation Depends libqt6sql6-sqlite
has_relation Depends adduser
for p in libsecret-1-0 qt6-translations-l10n fonts-noto-cjk fonts-noto-core; do
    has_relation Recommends "$p"
done

# Maintainer scripts: present, executable, valid shell.
dpkg-deb --control "$deb" "$work/control"
for script in postinst prerm postrm; do
    [[ -x "$work/control/$script" ]] || fail "maintainer script $script missing or not executable"
    sh -n "$work/control/$script" || fail "maintainer script $script is not valid sh"
done

# --- Contents.
dpkg-deb --contents "$deb" | awk '{ print $NF }' | sed 's|^\./|/|' >"$work/contents"
expected=(
    /usr/bin/gatewatch
    "/usr/share/applications/$app_id.desktop"
    "/usr/share/metainfo/$app_id.metainfo.xml"
    "/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
    /usr/share/man/man1/gatewatch.1.gz
    /usr/lib/systemd/system/gatewatch-recorder.service
    /usr/lib/sysusers.d/gatewatch.conf
    /usr/share/doc/gatewatch/copyright
    /usr/share/doc/gatewatch/examples/devices.json
    /usr/share/doc/gatewatch/examples/credentials.json
    /usr/share/gatewatch/translations/gatewatch_zh_CN.qm
    /usr/share/gatewatch/translations/gatewatch_en.qm
)
sizes=(16 22 24 32 48 64 128 256)
for s in "${sizes[@]}"; do
    expected+=("/usr/share/icons/hicolor/${s}x${s}/apps/$app_id.png")
done
for f in "${expected[@]}"; do
    grep -qxF "$f" "$work/contents" || fail "the package does not install $f"
done
# Nothing but the product: no build-tree or /usr/local paths, no static libraries or headers.
allowed='^(/|/usr/|/usr/lib/|/usr/bin/.*|/usr/share/.*|/usr/lib/systemd/.*|/usr/lib/sysusers\.d/.*)$'
if stray=$(grep -vE "$allowed" "$work/contents"); then
    fail "the package installs unexpected paths: $stray"
fi

# --- Unpack into a throwaway root and run the packaged executable.
root=$work/root
dpkg -x "$deb" "$root"
bin=$root/usr/bin/gatewatch
[[ -x "$bin" ]] || fail "usr/bin/gatewatch is not executable in the unpacked package"
out=$("$bin" --version 2>&1) || fail "gatewatch --version failed: $out"
[[ "$out" == *"gatewatch $version"* ]] || fail "gatewatch --version does not say $version: $out"
out=$("$bin" --help 2>&1) || fail "gatewatch --help failed: $out"
for word in record export simulate --db --demo; do
    [[ "$out" == *"$word"* ]] || fail "gatewatch --help does not mention $word: $out"
done

# The translations are found beside the installed executable: the Chinese usage text.
out=$(LANG=zh_CN.UTF-8 LC_ALL= LANGUAGE= "$bin" --help 2>&1) || fail "gatewatch --help in zh_CN failed: $out"
[[ "$out" == *"用法"* ]] || fail "gatewatch --help under LANG=zh_CN.UTF-8 is not in Chinese: $out"

# --- Desktop integration.
desktop=$root/usr/share/applications/$app_id.desktop
out=$(desktop-file-validate "$desktop" 2>&1) || fail "desktop-file-validate: $out"
if grep -E ': (error|warning):' <<<"$out"; then
    fail "desktop-file-validate reports problems in $app_id.desktop"
fi
grep -qx "Icon=$app_id" "$desktop" || fail "the desktop file's Icon is not $app_id"
grep -qx "Exec=gatewatch" "$desktop" || fail "the desktop file does not run gatewatch"

metainfo=$root/usr/share/metainfo/$app_id.metainfo.xml
out=$(appstreamcli validate --no-net --strict "$metainfo" 2>&1) \
    || fail "appstreamcli validate --no-net: $out"
# The metainfo as installed beside its desktop file and icons.
out=$(appstreamcli validate-tree --no-net --strict "$root" 2>&1) \
    || fail "appstreamcli validate-tree --no-net: $out"
grep -q "<release version=\"$version\"" "$metainfo" \
    || fail "the metainfo's releases do not list version $version"
grep -q "<project_license>GPL-3.0-or-later</project_license>" "$metainfo" \
    || fail "the metainfo does not state the project's license, GPL-3.0-or-later"
grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" \
    || fail "the metainfo does not launch $app_id.desktop"

for s in "${sizes[@]}"; do
    png=$root/usr/share/icons/hicolor/${s}x${s}/apps/$app_id.png
    file "$png" | grep -q "PNG image data, $s x $s," \
        || fail "$(basename "$(dirname "$(dirname "$png")")") icon is not a ${s}x${s} PNG: $(file -b "$png")"
done
cmp -s "$root/usr/share/icons/hicolor/scalable/apps/$app_id.svg" "$source/resources/icons/gatewatch.svg" \
    || fail "the scalable icon is not resources/icons/gatewatch.svg"

# --- Man page: troff without warnings, and it names the commands.
man=$work/gatewatch.1
gzip -dc "$root/usr/share/man/man1/gatewatch.1.gz" >"$man" || fail "the man page is not gzip"
out=$(groff -man -ww -z "$man" 2>&1)
[[ -z "$out" ]] || fail "groff -man -ww finds problems in the man page: $out"
text=$(groff -man -Tutf8 "$man" 2>/dev/null | sed 's/.\x08//g')
for section in NAME SYNOPSIS DESCRIPTION COMMANDS FILES ENVIRONMENT SIGNALS "EXIT STATUS" \
    EXAMPLES "SEE ALSO"; do
    grep -q "^$section" <<<"$text" || fail "the man page has no $section section"
done

# --- The recorder's unit and user.
unit=$root/usr/lib/systemd/system/gatewatch-recorder.service
# Verified with the unpacked root's gatewatch standing in for /usr/bin/gatewatch.
sed "s|/usr/bin/gatewatch|$bin|g" "$unit" >"$work/gatewatch-recorder.service"
out=$(cd "$work" && systemd-analyze verify --man=no ./gatewatch-recorder.service 2>&1) \
    || fail "systemd-analyze verify: $out"
[[ -z "$out" ]] || fail "systemd-analyze verify: $out"
grep -qx "User=gatewatch" "$unit" || fail "the recorder does not run as the gatewatch user"
# The user as systemd-sysusers creates it at install time, in a root of its own.
mkdir -p "$work/users/etc"
touch "$work/users/etc/passwd" "$work/users/etc/group"
out=$(systemd-sysusers --root="$work/users" "$root/usr/lib/sysusers.d/gatewatch.conf" 2>&1) \
    || fail "systemd-sysusers cannot apply sysusers.d/gatewatch.conf: $out"
grep -qE '^gatewatch:x:[0-9]+:[0-9]+:[^:]*:/var/lib/gatewatch:/usr/sbin/nologin$' \
    "$work/users/etc/passwd" \
    || fail "sysusers.d/gatewatch.conf does not make a system user gatewatch without a login: \
$(cat "$work/users/etc/passwd")"

echo "check-deb: $(basename "$deb") ($(du -k "$deb" | cut -f1) KB) is sound"
echo "Depends: $(field Depends)"
