#!/bin/sh
# OpenBSD netcat as a client: the request on its stdin, -N to shut down its sending side at the end of stdin.
printf 'GET\n' | nc -N "$1" "$2"
