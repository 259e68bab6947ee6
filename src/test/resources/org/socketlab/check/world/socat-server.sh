#!/bin/sh
# socat as a forking echo server: each connection gets a child that runs cat on it.
exec socat TCP-LISTEN:"$1",reuseaddr,fork EXEC:cat
