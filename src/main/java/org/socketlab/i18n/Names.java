package org.socketlab.i18n;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The journal's stable identifiers as a reader sees them, in one language: endpoints ({@code client-2} is
 * "Cliente 2") and the datagram states (UNBOUND, BOUND, CONNECTED are the lab's words, not the RFC's, so they are
 * translated; TCP states keep their RFC 9293 names in every language). Every painter names things through here.
 */
public final class Names {
    /** A traced program's thread (issue 79, journal/ThreadEndpoints): "thread 2 of Program 4242". */
    private static final Pattern THREAD = Pattern.compile("program-([0-9]+)-thread-([0-9]+)");
    private static final Pattern NUMBERED = Pattern.compile("(client|server|program)-([0-9]+)");

    private Names() {
    }

    /** "Server", "Client 2", "Lab", "Kernel"; an unknown id is shown as it is. */
    public static String endpoint(String id, Messages m) {
        Matcher thread = THREAD.matcher(id);
        if (thread.matches()) return m.get("endpoint.thread", thread.group(2), thread.group(1));
        Matcher numbered = NUMBERED.matcher(id);
        if (numbered.matches())
            return m.get("endpoint.numbered", m.get("endpoint." + numbered.group(1)), numbered.group(2));
        String key = "endpoint." + id;
        return m.has(key) ? m.get(key) : id;
    }

    /**
     * A state as shown beside the {@code other} end of its change ({@code from} for a {@code to}, and back): a datagram
     * socket's CLOSED is said in the datagram states' words, so no change reads half translated ("ASOCIADO -> CLOSED").
     */
    public static String state(String state, String other, Messages m) {
        if ("CLOSED".equals(state) && other != null && m.has("state.udp." + other) && m.has("state.datagram.CLOSED"))
            return m.get("state.datagram.CLOSED");
        return state(state, m);
    }

    /** A socket state as shown: RFC names for TCP, the datagram states translated. */
    public static String state(String state, Messages m) {
        if (state == null) return null;
        String key = "state.udp." + state;
        return m.has(key) ? m.get(key) : state;
    }
}
