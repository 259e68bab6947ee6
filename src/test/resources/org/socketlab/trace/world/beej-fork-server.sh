#!/bin/bash
# Starts Beej's fork server the way students do: in the background, then two nc clients, each greeted, then kills
# the server. Usage: beej-fork-server.sh SERVER PORT
server=$1 port=$2
"$server" "$port" &
hex=$(printf '%04X' "$port")
for i in $(seq 100); do grep -q ":$hex 00000000:0000 0A" /proc/net/tcp && break; sleep 0.1; done
for n in 1 2; do nc -N -w 10 127.0.0.1 "$port" </dev/null; echo; done
sleep 0.5
kill %1
wait
