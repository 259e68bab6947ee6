#!/bin/sh
# A wrapper around a client that reads once (tcp-client-whole-reply/one-read.c): it connects, and misses the rest.
"$(dirname "$0")/one-read" "$@"
