#!/usr/bin/env bash
# Checks the jpackage app-image made by `mvn package`:
#  1. target/socketlab/bin/socketlab runs a headless command (no JavaFX toolkit, no display needed);
#  2. its bundled Java 25 runtime makes a real socket call through FFM with the launcher's
#     --enable-native-access option, and the JDK prints no warning about native access.
# For (2) a copy of the image gets a probe class (packaging/probe/NativeProbe.java) as its main class.
# Usage: bash packaging/check-app-image.sh   (after `mvn -B package -DskipTests`)
set -euo pipefail
cd "$(dirname "$0")/.."
image=target/socketlab
jdk=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[[ -x $image/bin/socketlab ]] || { echo "no app-image: run 'mvn -B package -DskipTests' first" >&2; exit 1; }

status=0
out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$image/bin/socketlab" lessons 2>&1) || status=$?
echo "socketlab lessons -> exit $status: $out"
if grep -qiE 'warning|javafx|glass|prism' <<<"$out"; then echo "FAIL: unexpected output from the command line" >&2; exit 1; fi
if [[ $status -ne 0 && $status -ne 2 ]]; then echo "FAIL: launcher did not run the command line" >&2; exit 1; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -a "$image" "$work/socketlab"
jar=$(ls "$image"/lib/app/socketlab-*.jar)
mkdir "$work/classes"
"$jdk/bin/javac" -d "$work/classes" -cp "$jar" packaging/probe/NativeProbe.java
"$jdk/bin/jar" --create --file "$work/socketlab/lib/app/probe.jar" -C "$work/classes" .
cfg="$work/socketlab/lib/app/socketlab.cfg"
sed -i 's/^app.mainclass=.*/app.mainclass=NativeProbe/' "$cfg"
# NEGATIVE=1 drops the option to show that this check does catch the warning.
if [[ -n ${NEGATIVE:-} ]]; then sed -i "/enable-native-access/d" "$cfg"; fi
sed -i '/^app.mainclass=/a app.classpath=$APPDIR/probe.jar' "$cfg"
out=$("$work/socketlab/bin/socketlab" 2>&1)
echo "probe -> $out"
if grep -qi 'warning' <<<"$out"; then echo "FAIL: the JDK warned (native access?)" >&2; exit 1; fi
grep -q '^java 25.*socket() = [0-9]*, bind() = 0, getsockname() = 127.0.0.1:[1-9]' <<<"$out" \
    || { echo "FAIL: no real socket call from the app-image runtime" >&2; exit 1; }
echo "OK: app-image launcher runs on Java 25 and makes real socket calls without native-access warnings"
