package org.socketlab.lab;

import org.socketlab.i18n.LocalizedException;
import org.socketlab.syscall.SockAddr;

/** Loopback only, unless the user explicitly opts in to other interfaces. */
public final class AddressPolicy {
    private volatile boolean nonLoopbackAllowed;

    public boolean nonLoopbackAllowed() {
        return nonLoopbackAllowed;
    }

    public void allowNonLoopback(boolean allowed) {
        this.nonLoopbackAllowed = allowed;
    }

    public void check(SockAddr address) {
        if (address != null && !address.isLoopback() && !nonLoopbackAllowed)
            throw new LocalizedException("input.address.notLoopback", address.text());
    }
}
