#!/bin/sh
# Installs (install) or removes (remove) SocketLab's AppArmor profiles, from the .deb's and .rpm's scripts: the one
# file holds socketlab-labnet (labnet, allowed its namespaces), socketlab-lab, socketlab-tcpdump-nft and socketlab-strace (what labnet
# runs, stacked on it: no user namespace; no capability, or only the lab's network ones). apparmor_parser -r loads
# the four, -R takes the four away.
# Only where AppArmor 4 is (abi/4.0): older parsers do not know the `userns` rule, and do not restrict namespaces.
# Not on a running kernel that cannot stack profiles (every kernel that restricts namespaces can): there nothing labnet
# runs could be started under socketlab-lab, so the profile would stop SocketLab rather than guard it.
set -e
profile=/etc/apparmor.d/socketlab-labnet
shipped=/usr/lib/socketlab/lib/apparmor/socketlab-labnet
case "$1" in
install)
    if [ -d /sys/kernel/security/apparmor ] && [ ! -e /sys/kernel/security/apparmor/features/domain/stack ]; then
        exit 0
    fi
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
