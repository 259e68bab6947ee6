package org.socketlab.lab;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.LabNetwork;
import org.socketlab.capture.SecondHost;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.syscall.Os;
import org.socketlab.syscall.SockAddr;

/**
 * Where the lab's sockets may go. IP: loopback only, unless the user explicitly opts in to other interfaces.
 * Unix-domain: only the lab's own private folder ({@link LabFolder}), whatever that opt-in says; a relative path is a
 * name in it. A Linux abstract name ({@code @name}) belongs to a network namespace, so it is the lab's own only in the
 * private lab network (its broker has no name: labnet hands it to the lab's program as an inherited socket); on this
 * computer's network it is refused, as another program's could answer. The addresses of the lab's two hosts
 * ({@link SecondHost}) are allowed exactly when the lab has them, and refused everywhere else.
 */
public final class AddressPolicy {
    private volatile boolean nonLoopbackAllowed;
    /** The lab's folder; null for a policy without a lab (whose Unix paths are only checked as names). */
    private final @Nullable LabFolder folder;
    private final boolean privateNetwork;

    /** A policy without a lab: nothing is ever called with it. */
    public AddressPolicy() {
        this(null, LabNetwork.host());
    }

    AddressPolicy(@Nullable LabFolder folder, LabNetwork network) {
        this(folder, network, false);
    }

    /** @param twoHosts whether the lab has its second host (then, and only then, the hosts' addresses are allowed) */
    AddressPolicy(@Nullable LabFolder folder, LabNetwork network, boolean twoHosts) {
        this.folder = folder;
        this.privateNetwork = network.isPrivate();
        this.hostAddresses = twoHosts && privateNetwork;
    }

    /** Whether the lab's two hosts exist (in the private lab network): their link addresses may be used. */
    private volatile boolean hostAddresses;

    /** The lab now has its two hosts, or no longer ({@link Lab#useHosts}): their addresses are allowed exactly then. */
    void allowHostAddresses(boolean twoHosts) {
        this.hostAddresses = twoHosts && privateNetwork;
    }

    /** The addresses of the lab's hosts on their link ({@link SecondHost}): nowhere else are they anyone's. */
    static final Set<String> HOST_ADDRESSES = Set.of(SecondHost.CLIENT_ADDRESS, SecondHost.SERVER_ADDRESS,
            SecondHost.NO_HOST_ADDRESS);

    public boolean nonLoopbackAllowed() {
        return nonLoopbackAllowed;
    }

    public void allowNonLoopback(boolean allowed) {
        this.nonLoopbackAllowed = allowed;
    }

    /** Refuses an address the lab must not use, with a {@link LocalizedException} saying why. */
    public void check(SockAddr address) {
        resolve(address);
    }

    /**
     * The address as the kernel is to get it: a Unix-domain name becomes its absolute path in the lab's folder (the
     * folder is made on first use). Refuses, with a {@link LocalizedException} saying why, what {@link #check} refuses.
     */
    public SockAddr resolve(SockAddr address) {
        if (address instanceof SockAddr.Unix u) return unix(u);
        if (address instanceof SockAddr.Inet4 ip && HOST_ADDRESSES.contains(hostOf(ip))) {
            // Inside the lab network with its second host only: never on this computer's network, whatever the opt-in.
            if (!hostAddresses) throw new LocalizedException("input.address.labHostsOnly", address.text());
            return address;
        }
        if (!address.isLoopback() && !nonLoopbackAllowed)
            throw new LocalizedException("input.address.notLoopback", address.text());
        return address;
    }

    private SockAddr unix(SockAddr.Unix u) {
        String path = u.path();
        if (path.isEmpty()) return u; // unnamed: what accept and recvfrom report, never a place
        if (isAbstract(path)) {
            if (!privateNetwork) throw new LocalizedException("input.address.unixAbstractHost", path);
            return u;
        }
        if (folder == null) {
            LabFolder.name(path); // no lab, no folder: an absolute path is outside it
            return u;
        }
        String resolved = folder.resolve(path).toString();
        if (resolved.getBytes(StandardCharsets.UTF_8).length >= 104)
            throw new LocalizedException("input.address.unixTooLong", resolved);
        return new SockAddr.Unix(resolved);
    }

    private static String hostOf(SockAddr.Inet4 ip) {
        String text = ip.text();
        return text.substring(0, text.lastIndexOf(':'));
    }

    /** Whether a Unix-domain path is a name in Linux's abstract namespace ({@code @name}); elsewhere it is a file. */
    public static boolean isAbstract(String path) {
        return path.startsWith("@") && Os.current() == Os.LINUX;
    }
}
