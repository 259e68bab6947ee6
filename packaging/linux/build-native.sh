#!/bin/sh
# SocketLab's native programs, and the one place that says how they are compiled (issue 53: the flags had drifted
# between three copies). Into TARGET/native:
#   socketlab-endpoint  each lab endpoint's process (endpoint.c), linked against the system's glibc so that its
#                       getaddrinfo loads the NSS modules of the glibc it runs with (decision 0007);
#   labnet              the private lab network (labnet/*.c), linked statically, so that LD_PRELOAD and
#                       LD_LIBRARY_PATH never run code inside it;
#   socketlab-wire      the link between the lab's two hosts (wire.c, issue 55), linked statically as labnet is;
#   socketlab-launcher  the app-image's bin/socketlab (launcher.c).
# Each is rebuilt only when one of its sources, or this script, is newer. Run by Maven's compile phase (pom.xml,
# exec-maven-plugin) and by packaging/Bundle.java, which copies them into the app-image:
#   sh build-native.sh BASEDIR TARGET             the programs as they ship, into TARGET/native
#   sh build-native.sh BASEDIR TARGET sanitized   labnet, the endpoint and the wire with AddressSanitizer and UBSan,
#                                                 into TARGET/native-sanitized (the lane of SanitizedLabnetTest and
#                                                 SanitizedWireTest; not static, as ASan needs)
# The link's settings and their bounds are link-settings.h's, which labnet and the wire both include (issue 76).
set -eu
base=$1
mode=${3:-shipped}
src=$base/packaging/linux
warnings='-Wall -Wextra -Werror'
case $mode in
    shipped) out=$2/native flags="-O2 -s $warnings" static=-static ;;
    sanitized)
        out=$2/native-sanitized static=
        flags="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined $warnings" ;;
    *) echo "usage: sh build-native.sh BASEDIR TARGET [sanitized]" >&2; exit 2 ;;
esac
if ! command -v gcc >/dev/null 2>&1; then
    echo "SocketLab needs a C compiler to build its native programs: install gcc and the static C library (Debian, Ubuntu: sudo apt-get install gcc libc6-dev; Fedora: sudo dnf install gcc glibc-static)" >&2
    exit 1
fi
mkdir -p "$out"
# build NAME LINKING SOURCE... (the sources' .c files are compiled; any of them, .h included, newer means rebuilt)
build() {
    name=$1 linking=$2
    shift 2
    stale=0
    [ -x "$out/$name" ] && [ ! "$0" -nt "$out/$name" ] || stale=1
    for f in "$@"; do [ "$f" -nt "$out/$name" ] && stale=1; done
    if [ $stale = 1 ]; then
        for f in "$@"; do shift; case $f in *.c) set -- "$@" "$f" ;; esac; done
        # shellcheck disable=SC2086 # the flags are a word list
        # a name of this run's own: two tests' builds at once (the sanitizer lane's) each rename a whole program
        gcc $linking $flags -o "$out/$name.tmp.$$" "$@"
        chmod 755 "$out/$name.tmp.$$"
        mv "$out/$name.tmp.$$" "$out/$name"
    fi
}
build socketlab-endpoint '' "$src/endpoint.c"
build labnet "$static" "$src"/labnet/*.c "$src"/labnet/*.h "$src/link-settings.h"
build socketlab-wire "$static" "$src/wire.c" "$src/link-settings.h"
[ "$mode" = shipped ] && build socketlab-launcher '' "$src/launcher.c"
exit 0
