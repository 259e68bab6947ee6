#!/bin/sh
# Installs (install) or removes (remove) SocketLab's AppArmor profile, from the .deb's and .rpm's scripts.
# Only where AppArmor 4 is (abi/4.0): older parsers do not know the `userns` rule, and do not restrict namespaces.
set -e
profile=/etc/apparmor.d/socketlab-labnet
shipped=/usr/lib/socketlab/lib/apparmor/socketlab-labnet
case "$1" in
install)
    if [ -d /etc/apparmor.d ] && [ -e /etc/apparmor.d/abi/4.0 ]; then
        cp "$shipped" "$profile"
        if command -v apparmor_parser >/dev/null 2>&1 && [ -d /sys/kernel/security/apparmor ]; then
            apparmor_parser -r -T -W "$profile" || echo "socketlab: the AppArmor profile could not be loaded; the lab network may be refused" >&2
        fi
    fi
    ;;
remove)
    if [ -e "$profile" ]; then
        if command -v apparmor_parser >/dev/null 2>&1 && [ -d /sys/kernel/security/apparmor ]; then
            apparmor_parser -R "$profile" 2>/dev/null || true
        fi
        rm -f "$profile"
    fi
    ;;
esac
exit 0
