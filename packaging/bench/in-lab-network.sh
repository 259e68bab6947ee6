#!/usr/bin/env bash
# Runs a benchmark class of the tests (one with a main method: LessonRunBenchmark, LessonPhasesBenchmark) inside the
# private lab network, where the window, `socketlab run` and `quiz` run their labs and tcpdump runs through the broker.
# `mvn test` cannot measure that: a surefire fork does not inherit the broker's descriptor (Java closes every
# descriptor above 2 in the programs it starts), so its labs capture on the host's loopback (root) or not at all.
#
#   bash packaging/bench/in-lab-network.sh [--user nobody] CLASS [-Dname=value...]
#   bash packaging/bench/in-lab-network.sh --user nobody org.socketlab.bench.LessonRunBenchmark -Drounds=7
#
# Builds the classes and labnet first (mvn -B -q test-compile). --user nobody (as root): runs as uid 65534, as a
# student would, from a copy of the classes and jars that user can read. Needs a JDK 25 under /usr/lib/jvm.
set -euo pipefail
cd "$(dirname "$0")/../.."

user=""
if [[ ${1:-} == --user ]]; then user=$2; shift 2; fi
[[ $# -ge 1 ]] || { echo "in-lab-network: which benchmark class?" >&2; exit 2; }
class=$1; shift
java=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1)
[[ -n $java ]] || { echo "in-lab-network: no JDK 25 under /usr/lib/jvm" >&2; exit 1; }

mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
classpath="$PWD/target/test-classes:$PWD/target/classes:$(cat target/bench-classpath.txt)"
run=(target/native/labnet enter -- "$java" --enable-native-access=ALL-UNNAMED "$@" -cp "$classpath" "$class")

if [[ -n $user ]]; then
    [[ $(id -u) == 0 ]] || { echo "in-lab-network: --user needs root" >&2; exit 1; }
    # That user cannot read root's Maven repository or this folder: a copy it can read, removed afterwards. Its own group
    # by number: Debian's nobody is in nogroup, and setpriv takes no user name for a group.
    copy=$(mktemp -d /tmp/socketlab-bench.XXXXXX)
    trap 'rm -rf "$copy"' EXIT
    mkdir -p "$copy/jars"
    cp -r target/classes target/test-classes target/native "$copy/"
    tr ':' '\n' <target/bench-classpath.txt | while read -r jar; do [[ -n $jar ]] && cp "$jar" "$copy/jars/"; done
    chmod -R a+rX "$copy"
    cd "$copy"
    run=(setpriv --reuid="$user" --regid="$(id -g "$user")" --clear-groups env HOME="$copy" native/labnet enter -- "$java"
        --enable-native-access=ALL-UNNAMED "$@" -cp "$copy/test-classes:$copy/classes:$copy/jars/*" "$class")
fi
exec "${run[@]}"
