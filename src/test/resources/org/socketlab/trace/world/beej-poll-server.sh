#!/bin/bash
# Starts Beej's poll chat server the way students do: in the background, then two nc clients at once, the second's
# line passed on to the first, then kills the server. Usage: beej-poll-server.sh SERVER PORT
server=$1 port=$2
"$server" "$port" &
hex=$(printf '%04X' "$port")
for i in $(seq 100); do grep -q ":$hex 00000000:0000 0A" /proc/net/tcp && break; sleep 0.1; done
sleep 1.5 | nc -N 127.0.0.1 "$port" &
sleep 0.5
printf 'hello, everyone\n' | nc -N 127.0.0.1 "$port"
wait %2
kill %1
wait
