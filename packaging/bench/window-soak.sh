#!/usr/bin/env bash
# The packaged window in a long session (issue 23, "bounded in a long session"): the real app-image on an X display of
# its own (Xvfb 1280x720 and openbox), run as an ordinary user, watches a real program (File -> Watch a program...,
# driven with xdotool) that sends and receives 64 bytes over loopback until the window has journaled EVENTS events:
# its calls under strace, its sockets' states and its captured segments. Prints the java process's RSS every 10,000
# events, its peak, and its RSS once the window has rested after the last event.
#
#   bash packaging/bench/window-soak.sh [--launcher target/socketlab/bin/socketlab] [--events 100000] [--paced] [--nmt]
#
# --paced: bursts of about 2,000 events with a 2 s pause after each (a lecture's presses come with pauses; the
# window rests between them), instead of one burst as fast as strace lets the program go (about 6,000 events a second).
# --nmt: the JVM's native memory tracking on (a little slower), and at rest where the RSS goes: the JVM's own
# summary (needs a JDK 25's jcmd: JCMD=/path/to/jcmd, else the one on the PATH) and the process's mappings by kind.
# Needs: Xvfb, openbox, xdotool, python3, strace, setpriv (Debian: xvfb openbox xdotool python3 strace util-linux).
# Run as root it runs the window as nobody (uid 65534), as a student would; otherwise as the calling user.
set -euo pipefail

launcher=target/socketlab/bin/socketlab
events=100000
paced=0
nmt=0
while (($#)); do
    case $1 in
        --launcher) launcher=$2; shift 2 ;;
        --events) events=$2; shift 2 ;;
        --paced) paced=1; shift ;;
        --nmt) nmt=1; shift ;;
        *) echo "window-soak: unknown option $1" >&2; exit 2 ;;
    esac
done
for tool in Xvfb openbox xdotool python3 strace setpriv; do
    command -v "$tool" >/dev/null || { echo "window-soak: $tool is not installed" >&2; exit 1; }
done
launcher=$(realpath "$launcher")
[[ -x $launcher ]] || { echo "window-soak: no launcher at $launcher (mvn -B package -DskipTests)" >&2; exit 1; }

work=$(mktemp -d /tmp/socketlab-soak.XXXXXX)
chmod 755 "$work"
as_user=()
if [[ $(id -u) == 0 ]]; then
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    chown 65534:65534 "$work"
fi
display=:$((40 + RANDOM % 50))
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# The watched program: one connection to itself, 64 bytes sent and received for ever (the window is closed under it).
cat > "$work/soak.py" <<'EOF'
import socket, sys, time
paced = sys.argv[1] == "1"
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(1)
client = socket.socket(); client.connect(server.getsockname())
accepted, _ = server.accept()
data = b"x" * 64
n = 0
while True:
    client.send(data)
    accepted.recv(64)
    n += 1
    if paced and n % 500 == 0:
        time.sleep(2)
EOF

setsid Xvfb "$display" -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
export DISPLAY=$display
for _ in $(seq 100); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
setsid openbox >/dev/null 2>&1 &
pids+=($!)

# Its own temporary folder, so the session's recording (one JSON line an event) is the one counted here.
java_options="-Djava.io.tmpdir=$work"
[[ $nmt == 1 ]] && java_options+=" -XX:NativeMemoryTracking=summary"
HOME=$work JDK_JAVA_OPTIONS=$java_options SOCKETLAB_STARTUP_TRACE=1 \
    setsid "${as_user[@]}" "$launcher" >"$work/window.log" 2>&1 &
pids+=($!)
for _ in $(seq 600); do grep -q complete "$work/window.log" 2>/dev/null && break; sleep 0.1; done
grep -q complete "$work/window.log" || { echo "window-soak: the window did not open" >&2; cat "$work/window.log" >&2; exit 1; }
sleep 2
java=$(pgrep -n -x java -u "$([[ ${#as_user[@]} -gt 0 ]] && echo 65534 || id -u)" || true) # not labnet, its parent
[[ -n $java ]] || { echo "window-soak: no java process" >&2; exit 1; }
rss() { awk '/^VmRSS:/{print $2}' "/proc/$java/status"; }
echo "window-soak: $(date -u +%FT%TZ), ${as_user[*]:-as $(id -un)}, 1280x720, $([[ $paced == 1 ]] && echo paced || echo one burst), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  window open:       RSS $(rss) kB"

# File -> Watch a program...: the toolbar's first menu (its place on this 1280x720 screen with openbox), its
# second item from the end; then the command line and Enter (Start).
wid=$(xdotool search --name '^SocketLab$' | head -n 1)
xdotool windowactivate --sync "$wid" >/dev/null 2>&1 || true
xdotool mousemove 110 45 click 1
sleep 1
xdotool key Up Up Return
sleep 1.5
xdotool type --delay 5 "python3 $work/soak.py $paced"
xdotool key Return

for _ in $(seq 100); do ls "$work"/socketlab-session-*.jsonl >/dev/null 2>&1 && break; sleep 0.1; done
journal=$(ls -t "$work"/socketlab-session-*.jsonl | head -n 1)
started=$(date +%s)
next=10000
while :; do
    n=$(wc -l <"$journal")
    while ((n >= next && next <= events)); do
        printf '  %7d events:    RSS %d kB (%.0f s)\n' "$next" "$(rss)" "$(($(date +%s) - started))"
        next=$((next + 10000))
    done
    ((n >= events)) && break
    (($(date +%s) - started > 1800)) && { echo "window-soak: only $n events in 30 minutes" >&2; exit 1; }
    sleep 0.2
done
pkill -f "$work/soak.py" || true # the watch ends; the window stays open
# At rest: once nothing is drawn any more (the TIME_WAIT countdown ends after a minute), RSS settles.
last=0
still=0
for i in $(seq 120); do
    sleep 1
    now=$(rss)
    if ((now >= last - 1024 && now <= last + 1024)); then still=$((still + 1)); else still=0; fi
    ((still >= 10)) && break
    last=$now
done
echo "  at rest afterwards: RSS $(rss) kB ($i s after the last event); peak $(awk '/^VmHWM:/{print $2}' "/proc/$java/status") kB"
echo "  load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ $nmt == 1 ]]; then
    echo "  mappings at rest (kB, /proc/$java/smaps: Rss by what is mapped):"
    awk '/^[0-9a-f]+-[0-9a-f]+ /{name=($6==""?"[anonymous]":$6)} /^Rss:/{rss[name]+=$2}
         END{for (n in rss) if (rss[n] >= 1024) printf "    %8d  %s\n", rss[n], n}' "/proc/$java/smaps" | sort -rn
    "${as_user[@]}" "${JCMD:-jcmd}" "$java" VM.native_memory summary | grep -E '^(Total|-) ' | sed 's/^/    /'
fi
