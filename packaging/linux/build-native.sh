#!/bin/sh
# The compile phase's native programs (issue 38 item 4): socketlab-endpoint (each lab endpoint's process), linked
# against the system's glibc so that its getaddrinfo loads the NSS modules of the glibc it runs with (decision 0007),
# and labnet (the private lab network), linked statically, as the app-image's, into TARGET/native. Rebuilt only when
# the source is newer. Run by Maven (pom.xml, exec-maven-plugin in the compile phase): sh build-native.sh BASEDIR TARGET
set -eu
base=$1
out=$2/native
if ! command -v gcc >/dev/null 2>&1; then
    echo "SocketLab needs a C compiler to build its native programs: install gcc and the static C library (Debian, Ubuntu: sudo apt-get install gcc libc6-dev; Fedora: sudo dnf install gcc glibc-static)" >&2
    exit 1
fi
mkdir -p "$out"
build() {
    if [ ! -x "$out/$1" ] || [ "$base/packaging/linux/$2" -nt "$out/$1" ] || [ "$0" -nt "$out/$1" ]; then
        gcc $3 -O2 -s -Wall -Wextra -Werror -o "$out/$1.tmp" "$base/packaging/linux/$2"
        chmod 755 "$out/$1.tmp"
        mv "$out/$1.tmp" "$out/$1"
    fi
}
build socketlab-endpoint endpoint.c ''
build labnet labnet.c -static
