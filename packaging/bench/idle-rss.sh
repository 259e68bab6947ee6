#!/usr/bin/env bash
# The idle window's memory (issue 62): the real app-image on an X display of its own (Xvfb 1280x720 and openbox), run as
# an ordinary user through its launcher, left alone; WAIT seconds after the launch, the java process's VmRSS. The lab's
# other processes (labnet, its broker, tcpdump, the endpoints) are summed apart and named, never in the java figure.
# RUNS launches, one after the other, each with a fresh HOME; prints each run, then the median and the load average.
#
#   bash packaging/bench/idle-rss.sh [--launcher target/socketlab/bin/socketlab] [--runs 5] [--wait 15]
#                                    [--java-options "-Dprism.disableRegionCaching=false"] [--smaps]
#
# --java-options: JDK_JAVA_OPTIONS for the window's JVM (an option to try without a new build; one the AOT cache was
# not trained with may make the JVM refuse the cache: check with -Xlog:aot). --smaps: the java process's largest
# mappings at the moment of the figure (heap, the AOT cache, libjvm, X shared memory, the C library's arenas).
# Needs: Xvfb, openbox, python3, setpriv (Debian: xvfb openbox python3 util-linux).
# Run as root it runs the window as nobody (uid 65534), as a student would; otherwise as the calling user.
# It ends only the processes it started, by their pid.
set -euo pipefail

launcher=target/socketlab/bin/socketlab
runs=5
wait=15
java_options=""
smaps=0
while (($#)); do
    case $1 in
        --launcher) launcher=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --wait) wait=$2; shift 2 ;;
        --java-options) java_options=$2; shift 2 ;;
        --smaps) smaps=1; shift ;;
        *) echo "idle-rss: unknown option $1" >&2; exit 2 ;;
    esac
done
for tool in Xvfb openbox python3 setpriv; do
    command -v "$tool" >/dev/null || { echo "idle-rss: $tool is not installed" >&2; exit 1; }
done
launcher=$(realpath "$launcher")
[[ -x $launcher ]] || { echo "idle-rss: no launcher at $launcher (mvn -B package -DskipTests)" >&2; exit 1; }

as_user=()
if [[ $(id -u) == 0 ]]; then
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    # nobody must reach the app-image: a copy it can read when the build's folder is closed to it
    if ! "${as_user[@]}" test -x "$launcher"; then
        copy=$(mktemp -d /tmp/socketlab-idle-image.XXXXXX)
        cp -a "$(dirname "$(dirname "$launcher")")/." "$copy"
        chmod -R a+rX "$copy"
        chmod 755 "$copy"
        launcher=$copy/bin/socketlab
    fi
fi

display=:$((60 + RANDOM % 30))
while [[ -e /tmp/.X11-unix/X${display#:} ]]; do display=:$((60 + RANDOM % 30)); done

# A process and every descendant, by pid.
tree() {
    echo "$1"
    local child
    for child in $(cat /proc/"$1"/task/*/children 2>/dev/null); do tree "$child"; done
}
rss_kb() { awk '/^VmRSS/{print $2}' /proc/"$1"/status 2>/dev/null || true; }

figures=()
for run in $(seq "$runs"); do
    load_before=$(cut -d' ' -f1-3 /proc/loadavg)
    Xvfb "$display" -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb=$!
    for _ in $(seq 50); do [[ -e /tmp/.X11-unix/X${display#:} ]] && break; sleep 0.1; done
    DISPLAY=$display openbox >/dev/null 2>&1 &
    wm=$!
    sleep 0.5
    home=$(mktemp -d /tmp/socketlab-idle-home.XXXXXX)
    chmod 777 "$home"
    env_args=(PATH=/usr/bin:/bin HOME="$home" DISPLAY="$display" LANG=C.UTF-8)
    [[ -n $java_options ]] && env_args+=(JDK_JAVA_OPTIONS="$java_options")
    "${as_user[@]}" env -i "${env_args[@]}" "$launcher" >"$home/window.log" 2>&1 &
    app=$!
    sleep "$wait"
    java=""
    others=0
    names=""
    for p in $(tree "$app"); do
        if [[ $(cat /proc/"$p"/comm 2>/dev/null) == java ]]; then java=$p; continue; fi
        kb=$(rss_kb "$p")
        [[ -n $kb ]] && { others=$((others + kb)); names+=" $(cat /proc/"$p"/comm 2>/dev/null):$((kb / 1024))"; }
    done
    if [[ -z $java ]]; then
        echo "idle-rss: run $run: no java process after ${wait} s; its output:" >&2
        cat "$home/window.log" >&2
    else
        kb=$(rss_kb "$java")
        figures+=("$kb")
        printf 'idle-rss: run %d, uid %s: java VmRSS %d kB (%.1f MiB); the lab'"'"'s other processes %.1f MiB [%s ]; load average %s -> %s\n' \
            "$run" "$(awk '/^Uid/{print $2}' /proc/"$java"/status)" "$kb" "$(awk "BEGIN{print $kb / 1024}")" \
            "$(awk "BEGIN{print $others / 1024}")" "$names" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)"
        if ((smaps)); then
            python3 - "$java" <<'EOF'
import re, sys
rows = {}
name = None
for line in open(f"/proc/{sys.argv[1]}/smaps"):
    if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
        parts = line.split()
        name = parts[5] if len(parts) > 5 else "anonymous " + parts[0]
    elif line.startswith("Rss:"):
        rows[name] = rows.get(name, 0) + int(line.split()[1])
for name, kb in sorted(rows.items(), key=lambda r: -r[1])[:12]:
    print(f"    {kb:8d} kB  {name}")
EOF
        fi
    fi
    stopping=$(tree "$app")
    kill -TERM "$app" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
    for p in $stopping; do kill -KILL "$p" 2>/dev/null || true; done
    wait "$app" 2>/dev/null || true
    kill "$wm" "$xvfb" 2>/dev/null || true
    wait "$wm" "$xvfb" 2>/dev/null || true
    rm -rf "$home"
done
[[ -n ${copy:-} ]] && rm -rf "$copy"
((${#figures[@]})) || exit 1
printf '%s\n' "${figures[@]}" | sort -n | awk '{v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2;
    printf "idle-rss: median of %d: %.1f MiB (%d kB), from %.1f to %.1f MiB\n", NR, m/1024, m, v[1]/1024, v[NR]/1024}'
