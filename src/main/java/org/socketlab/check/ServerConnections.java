package org.socketlab.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The server side of the connections to one port as the kernel's table shows them ({@code /proc/net/tcp} and
 * {@code tcp6} of the program's network: this program's own, or a contained program's room's): whether any is still open on
 * the server's side, that is ESTABLISHED, CLOSE_WAIT or SYN_RECEIVED. Once a server has closed every connection it
 * took, each is in LAST_ACK, TIME_WAIT or gone, and nothing the lab's clients did is left for it to do (a shutdown()
 * gets there too, with the descriptor still open: the caller also waits for the program to be asleep).
 */
final class ServerConnections {
    /** This program's own network's tables (a program not contained shares them). */
    static final List<Path> HERE = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    /** ESTABLISHED, SYN_RECV and CLOSE_WAIT in the kernel's numbering ({@code include/net/tcp_states.h}). */
    private static final Set<String> OPEN = Set.of("01", "03", "08");

    private ServerConnections() {
    }

    /**
     * Whether no connection to {@code port} is still open on the server's side in {@code tables} (tcp, then tcp6);
     * false when the table is unreadable.
     */
    static boolean noneOpen(int port, List<Path> tables) {
        String local = String.format(":%04X", port);
        for (Path table : tables) {
            List<String> lines;
            try {
                lines = Files.readAllLines(table, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                if (table.endsWith("tcp6")) continue; // no IPv6 here
                return false;
            }
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).trim().split("\\s+");
                if (f.length < 4 || !f[1].endsWith(local)) continue;
                if (f[2].endsWith(":0000")) continue; // the listener
                if (OPEN.contains(f[3])) return false;
            }
        }
        return true;
    }
}
