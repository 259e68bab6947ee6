#!/bin/sh
# ncat as a keep-listening echo server (a cat per connection).
exec ncat -l -k -p "$1" -e /bin/cat
