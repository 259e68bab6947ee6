#!/bin/sh
# Starts a program the way students do: in the background from a shell, which then waits for it and passes on its
# exit code. Usage: sh launch.sh PROGRAM [ARGS...]
"$@" &
wait $!
