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

    static boolean isWildcard(String address) {
        return address.startsWith("0.0.0.0:") || address.startsWith("[::]:") || address.endsWith(":0");
    }
}
