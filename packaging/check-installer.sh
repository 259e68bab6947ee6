#!/usr/bin/env bash
# Checks the Debian installer end to end, as root on a Debian machine (CI's kind; no desktop needed):
#  1. builds it: mvn -B package -DskipTests -Pdeb  (jlinked runtime, the project's launcher, the trained AOT cache);
#  2. installs it with dpkg -i, and checks /usr/bin/socketlab is on the PATH, the desktop entry (Education;Network)
#     and its icon are in place, and the package's only maintainer scripts put labnet's AppArmor profile in place
#     and take it away (the profile itself only where AppArmor 4 is, and it must parse there);
#  3. runs `socketlab lessons` and `socketlab run tcp-basics` from the PATH (real sockets), and checks the launcher
#     uses the AOT cache and starts no shell or other program on its way to Java (strace);
#  4. removes it with dpkg --purge and checks nothing is left.
# Any error, and any line saying "warning" or "error" from dpkg or the program, fails the check.
# Usage: sudo bash packaging/check-installer.sh   (set SKIP_BUILD=1 to check an already built .deb)
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "check-installer: FAIL: $*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || fail "run as root (dpkg -i and dpkg --purge need it)"

# To build: gcc (the launcher), dpkg-deb (in dpkg); to run the window later: GTK 3 (the package depends on it);
# strace (the no-shell check); tcpdump (captured segments; without it the lesson runs on inferred ones).
packages=(gcc libc6-dev libgtk-3-0 strace tcpdump)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "check-installer: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ -z ${SKIP_BUILD:-} ]]; then
    mvn -B -q package -DskipTests -Pdeb
fi
debs=(target/installer/socketlab_*_amd64.deb)
[[ -f ${debs[0]} ]] || fail "no .deb in target/installer"
deb=${debs[0]}
size=$(stat -c %s "$deb")
echo "check-installer: $deb is $((size / 1000000)) MB"
((size <= 35000000)) || fail "the .deb is over 35 MB"

# Two maintainer scripts only, each putting in place or taking away labnet's AppArmor profile (lib/apparmor/install.sh,
# which does nothing where AppArmor does not restrict namespaces): nothing that could fail without a menu system.
scripts=$(dpkg-deb --ctrl-tarfile "$deb" | tar -t | grep -E 'preinst|postinst|prerm|postrm' | sort | tr '\n' ' ' || true)
[[ $scripts == "./postinst ./prerm " ]] || fail "the package's maintainer scripts are not postinst and prerm: $scripts"
for script in postinst prerm; do
    calls=$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO "./$script" | grep -vE '^(#!/bin/sh|set -e)$' || true)
    [[ $calls == *"/usr/lib/socketlab/lib/apparmor/install.sh "* && $(grep -c . <<<"$calls") == 1 ]] \
        || fail "$script does more than labnet's AppArmor profile: $calls"
done

if dpkg-query -W socketlab >/dev/null 2>&1; then
    echo "check-installer: removing an earlier socketlab"
    dpkg --purge socketlab >/dev/null
fi

log=$(mktemp)
work=$(mktemp -d)
trap 'rm -rf "$log" "$work"' EXIT
quiet() {  # runs a command, shows its output, fails on a non-zero exit or on a warning or error line
    local what=$1; shift
    if ! "$@" >"$log" 2>&1; then cat "$log"; fail "$what exited with $?"; fi
    cat "$log"
    # A warning or error as programs print them (dpkg: "warning:", the JVM: "WARNING:"), not a lesson titled "Errors: ..."
    if grep -qE '[Ww]arning:|WARNING|[Ee]rror:|ERROR|Exception' "$log"; then fail "$what printed a warning or an error"; fi
}

quiet "dpkg -i" dpkg -i "$deb"
[[ $(command -v socketlab) == /usr/bin/socketlab ]] || fail "socketlab is not /usr/bin/socketlab on the PATH"
desktop=/usr/share/applications/socketlab.desktop
[[ -f $desktop ]] || fail "no desktop entry $desktop"
grep -qx 'Categories=Education;Network;' "$desktop" || fail "the desktop entry is not under Education;Network"
grep -qx 'Icon=socketlab' "$desktop" || fail "the desktop entry names no icon"
[[ -f /usr/share/icons/hicolor/256x256/apps/socketlab.png ]] || fail "the icon is not installed"
if command -v desktop-file-validate >/dev/null; then quiet "desktop-file-validate" desktop-file-validate "$desktop"; fi
# labnet's AppArmor profiles are put in place only where AppArmor 4 is (abi/4.0: Ubuntu >= 23.10), and must parse there.
apparmor_profile=/etc/apparmor.d/socketlab-labnet
if [[ -e /etc/apparmor.d/abi/4.0 && ! ( -d /sys/kernel/security/apparmor
        && ! -e /sys/kernel/security/apparmor/features/domain/stack ) ]]; then
    [[ -f $apparmor_profile ]] || fail "AppArmor 4 is here but $apparmor_profile was not installed"
    if command -v apparmor_parser >/dev/null; then
        quiet "apparmor_parser -Q -K" apparmor_parser -Q -K "$apparmor_profile"
    fi
else
    [[ ! -e $apparmor_profile ]] || fail "$apparmor_profile was installed where AppArmor 4 is not"
fi

cd "$work"  # the journal and transcript land here, not in the source tree
quiet "socketlab lessons" socketlab lessons
grep -qE '^ *tcp-basics ' "$log" || fail "socketlab lessons does not list tcp-basics"
quiet "socketlab run tcp-basics" socketlab run tcp-basics --journal tcp.jsonl --markdown tcp.md
[[ -s tcp.jsonl && -s tcp.md ]] || fail "socketlab run wrote no journal or transcript"
grep -q '"call":"accept"' tcp.jsonl || fail "the journal has no real accept call"

JAVA_TOOL_OPTIONS='-Xlog:aot=info:stdout' socketlab lessons >"$log" 2>&1 || fail "socketlab lessons with -Xlog:aot failed"
grep -q 'Using AOT-linked classes: true' "$log" || { cat "$log"; fail "the installed launcher does not use the AOT cache"; }
echo "check-installer: the installed launcher uses the AOT cache ($(grep -m1 -o 'Opened AOT cache .*' "$log"))"

strace -f -qq -e trace=execve -o "$work/execs" socketlab lessons >/dev/null 2>&1 || fail "socketlab lessons under strace failed"
programs=$(grep -o 'execve("[^"]*"' "$work/execs" | cut -d'"' -f2 | sort -u | tr '\n' ' ')
echo "check-installer: the launcher started: $programs"
# The lessons run in the private lab network: the launcher starts lib/labnet, which starts Java (launcher.c).
[[ $programs == "/usr/bin/socketlab /usr/lib/socketlab/lib/labnet /usr/lib/socketlab/lib/runtime/bin/java " ]] \
    || fail "the launcher started something besides labnet and Java (a shell or a package query?)"
cd - >/dev/null

quiet "dpkg --purge" dpkg --purge socketlab
for left in /usr/lib/socketlab /usr/bin/socketlab "$desktop" /usr/share/icons/hicolor/256x256/apps/socketlab.png \
            "$apparmor_profile"; do
    [[ ! -e $left && ! -L $left ]] || fail "$left is still there after dpkg --purge"
done
echo "check-installer: OK: $deb installs, runs from the PATH (lessons, run tcp-basics), uses its AOT cache, and purges cleanly"

# The .rpm, when built (-Prpm): this Debian machine cannot install it for real, so check what it would install.
rpms=(target/installer/x86_64/socketlab-*.x86_64.rpm)
if [[ -f ${rpms[0]} ]] && command -v rpm >/dev/null; then
    rpm=${rpms[0]}
    files=$(rpm -qlp "$rpm" 2>/dev/null)
    for want in /usr/bin/socketlab /usr/lib/socketlab/bin/socketlab /usr/lib/socketlab/lib/socketlab.aot "$desktop" \
                /usr/share/icons/hicolor/256x256/apps/socketlab.png /usr/lib/socketlab/LICENSE; do
        grep -qx "$want" <<<"$files" || fail "$rpm does not install $want"
    done
    # Its only scripts, like the .deb's, put labnet's AppArmor profile in place and take it away.
    rpm_scripts=$(rpm -qp --scripts "$rpm" 2>/dev/null)
    [[ $(grep -c 'scriptlet' <<<"$rpm_scripts") == 2 && $(grep -c 'postinstall scriptlet' <<<"$rpm_scripts") == 1
        && $(grep -c 'preuninstall scriptlet' <<<"$rpm_scripts") == 1 ]] \
        || fail "$rpm's scripts are not one postinstall and one preuninstall: $rpm_scripts"
    [[ -z $(grep -v -e 'scriptlet' -e '^$' -e '/usr/lib/socketlab/lib/apparmor/install.sh ' <<<"$rpm_scripts") ]] \
        || fail "$rpm's scripts do more than labnet's AppArmor profile: $rpm_scripts"
    rpm -qp --requires "$rpm" 2>/dev/null | grep -qx gtk3 || fail "$rpm does not require gtk3"
    [[ $(rpm -qp --queryformat '%{LICENSE}' "$rpm" 2>/dev/null) == Apache-2.0 ]] || fail "$rpm has no Apache-2.0 licence"
    echo "check-installer: OK: $rpm installs the same files, /usr/bin/socketlab included, its scripts only the AppArmor profile's"
fi
