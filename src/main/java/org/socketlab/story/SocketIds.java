package org.socketlab.story;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * Which socket a kernel event is about, by identity, not by fd number. A socket is its kernel inode: the fd number is
 * reused as soon as it is closed (a closed connection still changes state in TIME_WAIT under the number a new socket
 * took), and once every endpoint is a process of its own every one has an fd 3. The calls say which socket each fd
 * named ({@code inode}, {@code made_inodes}); {@code state} and {@code queue} events carry their socket's inode.
 *
 * <p>A kernel event is <em>foreign</em> to the events told when its socket is one no call of them (or of the events
 * before them, {@link #learn}) named, while their calls name that same endpoint and fd as another socket: a socket
 * closed before they begin (the previous session's listener seen CLOSED, an old connection leaving TIME_WAIT), whose
 * number a socket of theirs took. It is not told: drawn, it would read as the new socket's.
 *
 * <p>A view that starts where a session starts ({@link #sessionStart}) knows every socket of the session: there a
 * kernel event about a socket no call named is another session's whatever its fd, as long as the endpoint's calls
 * name their sockets (journals written before calls carried inodes, and a traced program's calls, do not: their
 * events are told as before).
 */
public final class SocketIds {
    /** Inodes some call named. */
    private final Set<Long> named = new HashSet<>();
    /** endpoint/fd where calls named a socket, to the inodes they named there. */
    private final Map<String, Set<Long>> byFd = new HashMap<>();
    /** Endpoints whose calls name their sockets' inodes. */
    private final Set<String> naming = new HashSet<>();
    private final boolean sessionStart;

    /** Nothing known before the events: they may start anywhere in a session. */
    public SocketIds() {
        this(false);
    }

    private SocketIds(boolean sessionStart) {
        this.sessionStart = sessionStart;
    }

    /** Nothing before the events, which start a session: a socket no call of theirs named is another session's. */
    public static SocketIds sessionStart() {
        return new SocketIds(true);
    }

    /** The sockets the calls of {@code events} named. */
    public static SocketIds of(List<Event> events) {
        SocketIds ids = new SocketIds();
        ids.learn(events);
        return ids;
    }

    /** What the calls before the events named (read only through this one); null when nothing. */
    private @Nullable SocketIds before;

    /**
     * These ids and, on top (nothing copied: a window tells its story on every frame), the sockets the calls of
     * {@code events} named.
     */
    SocketIds with(List<Event> events) {
        SocketIds ids = new SocketIds(sessionStart);
        ids.before = this;
        ids.learn(events);
        return ids;
    }

    /** Learns the sockets the calls of {@code events} named (the events before a view's, let go). */
    public void learn(List<Event> events) {
        for (Event e : events) learn(e);
    }

    /** Learns the sockets the call {@code e} named, if it is a call. */
    public void learn(Event e) {
        if (!(e.payload() instanceof Payload.Call c)) return;
        if (c.fd() != null) name(e.endpoint(), c.fd(), c.inode());
        List<Integer> made = c.madeFds();
        for (int i = 0; i < made.size() && i < c.madeInodes().size(); i++)
            name(e.endpoint(), made.get(i), c.madeInodes().get(i));
    }

    private void name(String endpoint, int fd, @Nullable Long inode) {
        if (inode == null) return;
        named.add(inode);
        naming.add(endpoint);
        byFd.computeIfAbsent(EndpointFd.key(endpoint, fd), k -> new HashSet<>()).add(inode);
    }

    /** Whether some call named this socket. */
    public boolean named(long inode) {
        return named.contains(inode) || before != null && before.named(inode);
    }

    private boolean names(String endpoint) {
        return naming.contains(endpoint) || before != null && before.names(endpoint);
    }

    /** Whether some call named a socket at this endpoint and fd. */
    private boolean namedAt(String key) {
        return byFd.containsKey(key) || before != null && before.namedAt(key);
    }

    /** Whether {@code e}, a state or queue event, is about a socket the events told do not have (see above). */
    public boolean foreign(Event e) {
        Long inode;
        int fd;
        switch (e.payload()) {
            case Payload.State s -> {
                inode = s.inode();
                fd = s.fd();
            }
            case Payload.Queue q -> {
                inode = q.inode();
                fd = q.fd();
            }
            default -> {
                return false;
            }
        }
        if (inode == null || named(inode)) return false;
        if (sessionStart && names(e.endpoint())) return true;
        return namedAt(EndpointFd.key(e.endpoint(), fd));
    }
}
