#!/bin/bash
# Starts the pthread echo server in the background, as a student does, and sends it three clients with nc.
# Usage: pthread-echo-server.sh SERVER PORT
server=$1
port=$2
"$server" "$port" &
for attempt in $(seq 1 100); do
    nc -z 127.0.0.1 "$port" && break
    sleep 0.2
done
for i in 1 2 3; do
    echo "hola $i" | nc -N 127.0.0.1 "$port"
done
kill %1
wait
