#!/usr/bin/env bash
# A pyenv shim, as pyenv rehash writes one into ~/.pyenv/shims (python3 on a PATH with pyenv first): it runs pyenv
# from the user's home, whose absolute path is written into the shim. In the room that home is not shown, so bash says
# "/home/student/.pyenv/libexec/pyenv: No such file or directory" and exits 127 before any Python runs.
set -e
[ -n "$PYENV_DEBUG" ] && set -x

program="${0##*/}"

export PYENV_ROOT="/home/student-not-in-the-room/.pyenv"
exec "/home/student-not-in-the-room/.pyenv/libexec/pyenv" exec "$program" "$@"
