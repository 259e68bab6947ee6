#!/usr/bin/env bash
# Checks the app-image made by `mvn package` (target/socketlab), without installing it:
#  1. bin/socketlab runs the command line (no JavaFX toolkit, no display) and prints nothing but the lessons;
#  2. through the launcher, a lesson makes real socket calls (FFM) and the JDK prints no warning; the same run on
#     the bundled java without the launcher's --enable-native-access must warn (shows this check can fail);
#  3. the launcher uses the AOT cache (-Xlog:aot says "Using AOT-linked classes: true");
#  4. the launcher starts nothing but the bundled java: no shell, no package query (strace; required when CI=true).
# Usage: bash packaging/check-app-image.sh   (after `mvn -B package -DskipTests`)
set -euo pipefail
cd "$(dirname "$0")/.."
image=$PWD/target/socketlab
fail() { echo "check-app-image: FAIL: $*" >&2; exit 1; }
[[ -x $image/bin/socketlab ]] || fail "no app-image: run 'mvn -B package -DskipTests' first"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$image/bin/socketlab" lessons 2>&1) || fail "socketlab lessons exited with $?: $out"
grep -qE '^ *tcp-basics ' <<<"$out" || fail "socketlab lessons does not list tcp-basics: $out"
if grep -qiE 'warning|javafx|glass|prism' <<<"$out"; then fail "unexpected output from the command line: $out"; fi
echo "check-app-image: socketlab lessons lists $(grep -cE "^ +[a-z0-9-]+ " <<<"$out") lessons"

out=$("$image/bin/socketlab" run tcp-basics --journal tcp.jsonl 2>&1) || fail "socketlab run tcp-basics exited with $?: $out"
if grep -qi 'warning' <<<"$out"; then fail "the JDK warned: $out"; fi
grep -q '"call":"accept"' tcp.jsonl || fail "no real accept call in the journal"
out=$("$image/lib/runtime/bin/java" -m org.socketlab/org.socketlab.Main run tcp-basics 2>&1) || true
grep -q 'WARNING.*enable-native-access' <<<"$out" || fail "without --enable-native-access the JDK did not warn: this check would miss it"
echo "check-app-image: real socket calls through the launcher, no native-access warning (and one without its option)"

out=$(JAVA_TOOL_OPTIONS='-Xlog:aot=info:stdout' "$image/bin/socketlab" lessons 2>&1) || fail "socketlab lessons with -Xlog:aot failed"
grep -q 'Using AOT-linked classes: true' <<<"$out" || fail "the launcher does not use the AOT cache: $out"
echo "check-app-image: the launcher uses the AOT cache"

if command -v strace >/dev/null; then
    strace -f -qq -e trace=execve -o execs "$image/bin/socketlab" lessons >/dev/null 2>&1 || fail "socketlab lessons under strace failed"
    started=$(grep -o 'execve("[^"]*"' execs | cut -d'"' -f2 | sort -u | tr '\n' ' ')
    # The lessons run in the private lab network: the launcher starts lib/labnet, which starts Java (launcher.c).
    [[ $started == "$image/bin/socketlab $image/lib/labnet $image/lib/runtime/bin/java " ]] \
        || fail "the launcher started more than labnet and Java: $started"
    echo "check-app-image: the launcher started only: $started"
    # JavaFX's putenv("GDK_BACKEND=x11") must find the name already there (launcher.c): Java starts with it.
    strace -f -qq -v -s 4096 -e trace=execve -o envs "$image/bin/socketlab" lessons >/dev/null 2>&1 || fail "socketlab lessons under strace -v failed"
    grep 'runtime/bin/java"' envs | grep -q '"GDK_BACKEND=x11"' || fail "Java starts without GDK_BACKEND=x11 in its environment"
    echo "check-app-image: Java starts with GDK_BACKEND=x11 in its environment"
elif [[ ${CI:-} == true ]]; then
    fail "strace is not installed (Debian: apt-get install strace); the no-shell check needs it"
else
    echo "check-app-image: strace not installed, the no-shell check is skipped (CI=true makes this a failure)"
fi
echo "check-app-image: OK"
