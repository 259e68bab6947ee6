package org.socketlab.check;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a check file may ask of a program. Each is judged from evidence: the journal of the program's real calls, the
 * kernel's own table of its open descriptors, and what SocketLab's own lab sockets sent and got back.
 */
public enum Rule {
    /** The program's calls (its main process) follow the check file's call pattern. */
    PATTERN("pattern"),
    /** Every connection the server accepted was closed again (none left open in the process once its client left). */
    ACCEPTED_CLOSED("accepted-closed"),
    /** The program closed each socket it opened before it exited (a client). */
    NO_FD_AT_EXIT("no-fd-at-exit"),
    /** The listening socket stays open, and accepting, across every client. */
    LISTENER_OPEN("listener-open"),
    /** Every lab client got back exactly the bytes it sent. */
    ECHO("echo"),
    /** A send or write that took fewer bytes than asked is followed by another one for the rest. */
    SHORT_SEND("short-send"),
    /** A client that resets its connection does not end the server: the next clients are served. */
    SURVIVES_RESET("survives-reset"),
    /** Several lab clients connected at once are all served while all of them are connected. */
    CONCURRENT("concurrent"),
    /** The program ended by itself with exit code 0 within the time limit. */
    EXIT_ZERO("exit-zero"),
    /** A client read the lab server's whole reply, however many pieces it came in. */
    WHOLE_REPLY("whole-reply"),
    /** A UDP client whose datagram got no answer waited a limited time and sent it again. */
    TIMEOUT_RETRY("timeout-retry"),
    /**
     * Every process the server forked has ended and been reaped two seconds after the last client left: no child still
     * waiting for nothing, no zombie.
     */
    CHILDREN_EXIT("children-exit"),
    /** Each process the server forked follows the check file's {@code child_pattern} (at least one child). */
    CHILD_PATTERN("child-pattern");

    private final String id;

    Rule(String id) {
        this.id = id;
    }

    /** The name check files and reports use ({@code accepted-closed}). */
    public String id() {
        return id;
    }

    /** Whether the rule is about a server under test (false: about a client), or about either. */
    boolean forServer() {
        return this != NO_FD_AT_EXIT && this != EXIT_ZERO && this != WHOLE_REPLY && this != TIMEOUT_RETRY;
    }

    boolean forClient() {
        return this == PATTERN || this == NO_FD_AT_EXIT || this == EXIT_ZERO || this == WHOLE_REPLY
                || this == TIMEOUT_RETRY;
    }

    public static Optional<Rule> of(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }
}
