#!/bin/bash
# Starts the Java NIO echo server in the background, as a student does, and sends it two clients with nc.
# Usage: NioEchoServer.sh JAVA CLASSPATH PORT
java=$1
classpath=$2
port=$3
"$java" -cp "$classpath" NioEchoServer "$port" &
for attempt in $(seq 1 100); do
    nc -z 127.0.0.1 "$port" && break
    sleep 0.2
done
for i in 1 2; do
    echo "hola $i" | nc -N 127.0.0.1 "$port"
done
kill %1
wait
