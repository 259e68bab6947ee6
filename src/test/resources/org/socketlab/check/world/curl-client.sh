#!/bin/sh
# curl's telnet:// scheme as a plain TCP client: the request on its stdin.
printf 'GET\n' | curl -s telnet://"$1":"$2"
