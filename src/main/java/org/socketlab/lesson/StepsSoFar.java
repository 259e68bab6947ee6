package org.socketlab.lesson;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.SafeName;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockType;

/**
 * What the steps read so far have set up, that the next step is checked against: the sockets named (each on its
 * endpoint), which of them listen or called recvfrom(), and each endpoint's call left waiting.
 */
final class StepsSoFar {
    /** A step's endpoint: {@code server}, {@code client}, {@code server-2}... */
    static final Pattern ENDPOINT = Pattern.compile("(server|client)(-[2-9]|-[1-9][0-9]+)?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

    /** What is known of a named socket while reading: its endpoint and family. */
    record Named(String endpoint, @Nullable Domain domain, @Nullable SockType type) {
    }

    final Map<String, Named> names = new HashMap<>();
    /** Sockets that called recvfrom(): only they may reply to {@value Step#FROM_PLACEHOLDER}. */
    final Set<String> receivedFrom = new HashSet<>();
    /** Sockets that called listen(): only they have an accept queue. */
    final Set<String> listeners = new HashSet<>();
    /** Per endpoint, the step whose call was left waiting ({@code "wait": false}) and not yet finished or reset. */
    final Map<String, Step> waiting = new HashMap<>();

    /** A socket name a step introduces ({@code "as"}): well formed and not used before. */
    void newName(String name, Named named) {
        SafeName.check("as", name);
        if (!NAME.matcher(name).matches()) throw new LocalizedException("lesson.error.badName", name);
        if (names.containsKey(name)) throw new LocalizedException("lesson.error.duplicateName", name);
        names.put(name, named);
    }

    /** The socket {@code socket} names, which must be {@code endpoint}'s. */
    Named owned(String socket, String endpoint) {
        Named named = names.get(socket);
        if (named == null) throw new LocalizedException("lesson.error.unknownSocket", socket);
        if (!named.endpoint().equals(endpoint))
            throw new LocalizedException("lesson.error.otherEndpoint", socket, named.endpoint(), endpoint);
        return named;
    }

    /** Refuses a step of {@code endpoint} while a call it started still waits: it is finished or reset first. */
    void requireIdle(String endpoint) {
        Step busy = waiting.get(endpoint);
        if (busy != null)
            throw new LocalizedException("lesson.error.endpointBusy", endpoint, busy.call(),
                    String.valueOf(busy.number()));
    }
}
