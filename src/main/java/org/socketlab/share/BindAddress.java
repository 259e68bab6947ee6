package org.socketlab.share;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.socketlab.capture.LabNetwork;
import org.socketlab.i18n.LocalizedException;

/**
 * The one address a share listens on: an address of this machine, written as digits (a name would be a DNS lookup,
 * and could name another machine), never the wildcard (it would serve every network this machine is on). The
 * loopback address unless the instructor picks the lecture hall's.
 */
public final class BindAddress {
    /** Where a share listens unless told: only this machine can reach it. */
    public static final String LOOPBACK = "127.0.0.1";

    private BindAddress() {
    }

    /**
     * The address {@code text} names; refused in one line (with this machine's addresses) when it is not an address of
     * this machine written as digits, or is the wildcard.
     */
    public static InetAddress parse(String text) {
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(text.strip());
        } catch (IllegalArgumentException notDigits) {
            throw new LocalizedException("share.bind.notAddress", text, String.join(" ", choices()));
        }
        if (address.isAnyLocalAddress())
            throw new LocalizedException("share.bind.wildcard", text, String.join(" ", choices()));
        if (!ofThisMachine(address))
            throw new LocalizedException(
                    LabNetwork.current().isPrivate() ? "share.bind.notInLab" : "share.bind.notHere",
                    text, String.join(" ", choices()));
        return address;
    }

    private static boolean ofThisMachine(InetAddress address) {
        try {
            return address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    /** This machine's addresses a share may listen on, as an instructor picks among them: loopback first. */
    public static List<String> choices() {
        List<String> all = new ArrayList<>();
        all.add(LOOPBACK);
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) continue;
                for (InetAddress a : Collections.list(nif.getInetAddresses()))
                    if (!(a instanceof Inet6Address six && six.isLinkLocalAddress())) all.add(a.getHostAddress());
            }
        } catch (SocketException e) {
            // only loopback can be offered
        }
        return List.copyOf(all);
    }

    /** The address as a URL's host: an IPv6 address in brackets. */
    static String inUrl(InetAddress address) {
        String host = address.getHostAddress();
        int zone = host.indexOf('%');
        if (zone >= 0) host = host.substring(0, zone);
        return address instanceof Inet6Address ? "[" + host + "]" : host;
    }
}
