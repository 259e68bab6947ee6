package org.socketlab.story;

import org.jspecify.annotations.Nullable;

/**
 * The addresses of one socket's connection, as the journal tells them: its peer from connect() or accept(), its own
 * address from bind() or getsockname(), or from the first SYN it sent (a port the kernel picked). A state change is
 * placed only at a segment of this connection.
 */
final class SocketConnection {
    @Nullable
    String local, peer;
    boolean listener;
    /** The wire's protocol of the socket ({@code tcp}, {@code udp}) when its socket() call said it; null otherwise. */
    @Nullable
    String proto;

    /** An address as the wire writes it: an IPv4-mapped IPv6 address ({@code [::ffff:127.0.0.1]:80}) as IPv4. */
    static @Nullable String wireAddress(@Nullable String address) {
        if (address == null) return null;
        if (address.startsWith("[::ffff:") && address.contains("]:") && address.indexOf('.') > 0)
            return address.substring("[::ffff:".length(), address.indexOf("]:"))
                    + address.substring(address.indexOf("]:") + 1);
        return address;
    }

    static boolean isWildcard(String address) {
        return address.startsWith("0.0.0.0:") || address.startsWith("[::]:") || address.endsWith(":0");
    }
}
