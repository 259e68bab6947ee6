package org.socketlab.codegen;

import java.util.List;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * A journal read as programs: every call each endpoint made, with its real arguments and what the kernel answered,
 * in journal order. Each endpoint's steps are one program; where the session turned from another endpoint to this
 * one, the step says so ({@link Step#after()}), so a program can wait there and a pair of programs can be run in
 * the lesson's order. Calls that were never made (a cancelled wait) are not in the journal as calls, so not here.
 *
 * @param places    the distinct ports and Unix paths the session named, in order of first use: the programs'
 *                  arguments, the same position in every program of the session
 * @param endpoints the endpoints in order of their first call
 */
public record CodeScript(List<Place> places, List<String> endpoints, List<Step> steps) {

    public CodeScript {
        places = List.copyOf(places);
        endpoints = List.copyOf(endpoints);
        steps = List.copyOf(steps);
    }

    /**
     * A program argument: a port (for AF_INET and AF_INET6 addresses) or a Unix-domain path.
     *
     * @param var the variable that holds it in a program ({@code port}, {@code path}, {@code port2}...)
     */
    public record Place(int index, String var, boolean path, int port, String pathText) {
        /** The value the session used, as given on a command line. */
        public String value() {
            return path ? pathText : String.valueOf(port);
        }
    }

    /**
     * One call of one endpoint.
     *
     * @param nonBlocking the socket had O_NONBLOCK when the call was made
     * @param after       the endpoint whose call came just before this one, when it was another; else null
     * @param made        the journaled call itself
     */
    public record Step(long seq, String endpoint, Op op, long result, Integer errno, String errnoName,
            boolean nonBlocking,
            String after, Payload.Call made) {
        public boolean failed() {
            return result == -1;
        }
        public String call() {
            return Op.call(op);
        }
        /** The call as the journal writes it, strace-like (written when asked: a long session has thousands). */
        public String line() {
            return CallFormat.line(made);
        }
    }

    /** The steps of one endpoint: its program. */
    public List<Step> of(String endpoint) {
        return steps.stream().filter(s -> s.endpoint().equals(endpoint)).toList();
    }

    /** Every call of the journal. */
    public static CodeScript of(List<Event> events) {
        return upTo(events, Long.MAX_VALUE);
    }

    /** The calls journaled up to and including {@code seq}: the session as it was at that moment. */
    public static CodeScript upTo(List<Event> events, long seq) {
        return new ScriptReader().read(events, seq);
    }
}
