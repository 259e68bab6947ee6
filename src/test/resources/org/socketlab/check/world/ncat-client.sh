#!/bin/sh
# Nmap's ncat as a client.
printf 'GET\n' | ncat "$1" "$2"
