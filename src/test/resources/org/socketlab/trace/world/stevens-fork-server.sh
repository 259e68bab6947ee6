#!/bin/bash
# Starts the Stevens-style fork server the way students do: in the background, then three nc clients one after
# another, each echoed a line, then kills the server. Usage: stevens-fork-server.sh SERVER PORT
server=$1 port=$2
"$server" "$port" &
# Until it listens (read from /proc, not with a socket of this shell's).
hex=$(printf '%04X' "$port")
for i in $(seq 100); do grep -q ":$hex 00000000:0000 0A" /proc/net/tcp && break; sleep 0.1; done
for n in 1 2 3; do printf 'line %s\n' "$n" | nc -N -w 10 127.0.0.1 "$port"; done
sleep 0.5
kill %1
wait
