package org.socketlab.lab;

import java.util.Set;
import java.util.regex.Pattern;
import org.socketlab.capture.SecondHost;
import org.socketlab.journal.HostName;

/**
 * Where a two-machine lab's endpoints live (issue 40): the first host is the lab network's own namespace (where
 * SocketLab runs, {@value SecondHost#CLIENT_ADDRESS} on the link), the second the one the broker makes
 * ({@value SecondHost#SERVER_ADDRESS}); {@code onSecond} names the endpoints whose processes start there, every other
 * endpoint is on the first. {@code onFirst} names the first's as a lesson file declared them (empty: every endpoint not
 * on the second). The names are the lesson's words for its machines, shown on the diagram's lifelines.
 */
public record LabHosts(String first, String second, Set<String> onFirst, Set<String> onSecond) {
    /** {@code socketlab run LESSON --two-hosts}: the server on the second machine, the clients on the first. */
    public static final LabHosts SERVER_APART = new LabHosts("h1", "h2", Set.of(), Set.of(Lab.SERVER));
    /** A host's name: one short word, as a lesson file writes it and a journal carries it. */
    public static final Pattern NAME = HostName.NAME;

    public LabHosts {
        onFirst = Set.copyOf(onFirst);
        onSecond = Set.copyOf(onSecond);
    }

    /** Whether the endpoint has a host: declared on one, or on the first when the first's are not listed. */
    public boolean places(String endpoint) {
        return onSecond.contains(endpoint) || onFirst.isEmpty() || onFirst.contains(endpoint);
    }

    /** Whether {@code address} (dotted IPv4) is one of the hosts' addresses on their link. */
    public static boolean isHostAddress(String address) {
        return SecondHost.CLIENT_ADDRESS.equals(address) || SecondHost.SERVER_ADDRESS.equals(address);
    }

    /** Whether the endpoint's process runs on the second host. */
    public boolean isOnSecond(String endpoint) {
        return onSecond.contains(endpoint);
    }

    /** The name of the host the endpoint lives on. */
    public String hostOf(String endpoint) {
        return isOnSecond(endpoint) ? second : first;
    }

    /** The endpoint's host's address on the link. */
    public String addressOf(String endpoint) {
        return isOnSecond(endpoint) ? SecondHost.SERVER_ADDRESS : SecondHost.CLIENT_ADDRESS;
    }
}
