package org.socketlab.ui.statemachine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.socketlab.i18n.Messages;
import org.socketlab.i18n.Names;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.kernel.SocketState;
import org.socketlab.kernel.TcpFlag;
import org.socketlab.kernel.TcpState;
import org.socketlab.kernel.TcpTransitions;
import org.socketlab.story.table.SocketRow;
import org.socketlab.story.table.SocketTracker;
import org.socketlab.syscall.Errno;
import org.socketlab.syscall.SysCall;
import org.socketlab.ui.common.Replayable;
import org.socketlab.ui.common.Texts;

/**
 * Maps the journal to what the state machine shows: which sockets sit in which state (badges in their
 * endpoint's colour) and the last transition as arrows on the diagram. Plain beans, no toolkit needed.
 */
public final class StateMachineViewModel implements Replayable {
    /** A socket shown in a state; {@code open} false when its fd is closed and only the connection remains. */
    public record Badge(String endpoint, int fd, boolean open) {
    }

    /** How a change is drawn: what the journal says happened between the two states the kernel showed. */
    public enum How {
        /** One arrow of the diagram. */
        DIRECT,
        /** Normal steps the kernel went through faster than it was sampled (a connect, a FIN exchange): dashed. */
        PASSING,
        /** An RST arrived: any synchronized state goes straight to CLOSED (RFC 9293 section 3.10.7.4). */
        RST_RECEIVED,
        /** This socket aborted (close() with SO_LINGER 0 or with unread data) and sent RST: straight to CLOSED. */
        RST_SENT,
        /**
         * This socket sent RST after its process had ended: no process held it (an orphan in FIN_WAIT, say), so the
         * kernel answered the data that still came with RST (issue 57: it was told as SO_LINGER 0 or unread data).
         */
        ORPHAN_RST,
        /** No segment in the journal explains the change, so no arrow is drawn rather than invent the states between. */
        UNSEEN,
        /**
         * The socket's process ended (killed or exited) and the kernel closed its fds: the RFC's close() arrow, the
         * kernel's doing, not a call of the program's.
         */
        PROCESS_ENDED,
        /**
         * The peer's kernel answered the SYN with an RST (nothing listened there): connect() returned ECONNREFUSED and the
         * socket went from SYN_SENT to CLOSED. No close() was called (issue 78: it was told as the close() arrow).
         */
        REFUSED,
        /** An ICMP unreachable ended the connect: it returned EHOSTUNREACH or ENETUNREACH, no close() was called. */
        UNREACHABLE,
        /** The kernel gave up: the SYN (or the data, or keepalive's probes) went unanswered, the call got ETIMEDOUT. */
        TIMED_OUT
    }

    /**
     * The last change: the arrows it took ({@code path}) and {@link How} it is drawn. {@code path} is empty for
     * {@link How#UNSEEN} (and for a change the diagram has no arrow for).
     */
    public record Moved(long seq, String endpoint, int fd, SocketState from, SocketState to, List<TcpDiagram.Edge> path,
            How how) {
        /** True when the arrows are what the kernel did, not states filled in between two samples. */
        public boolean direct() {
            return how != How.PASSING;
        }
    }

    /** A socket named by its endpoint and fd: the one the newest call was made on. */
    public record Chosen(String endpoint, int fd) {
    }

    /**
     * Everything the diagram draws, as of one moment. {@code chosen}: the TCP socket the newest call on a TCP socket was
     * made on (the one its pane then shows), or null.
     */
    public record Picture(Map<String, List<Badge>> tcp, Map<String, List<Badge>> udp, Moved lastTcp, Moved lastUdp,
            Chosen chosen) {
        public static final Picture EMPTY = new Picture(Map.of(), Map.of(), null, null);

        public Picture(Map<String, List<Badge>> tcp, Map<String, List<Badge>> udp, Moved lastTcp, Moved lastUdp) {
            this(tcp, udp, lastTcp, lastUdp, null);
        }

        /**
         * The state that matters now, the one a drawing keeps in view with where it can go next: where the chosen
         * socket is (its open fd before a closed one of the same number; not once it is closed and over, in CLOSED),
         * else where the last TCP change ended while a socket is there, else the first state a socket is in (a
         * connection over, the one still in TIME_WAIT), else where the last change ended, else null.
         */
        public String focus() {
            String closed = null;
            if (chosen != null)
                for (Map.Entry<String, List<Badge>> at : tcp.entrySet())
                    for (Badge b : at.getValue())
                        if (b.endpoint().equals(chosen.endpoint()) && b.fd() == chosen.fd()) {
                            if (b.open()) return at.getKey();
                            if (!at.getKey().equals(TcpDiagram.nodeOf(TcpState.CLOSED))) closed = at.getKey();
                        }
            if (closed != null) return closed;
            String ended = lastTcp == null
                    ? null
                    : lastTcp.path().isEmpty() ? TcpDiagram.nodeOf(lastTcp.to()) : lastTcp.path().getLast().to();
            if (ended != null && !tcpAt(ended).isEmpty()) return ended;
            return TcpDiagram.NODES.stream().map(TcpDiagram.Node::id).filter(id -> !tcpAt(id).isEmpty()).findFirst()
                    .orElse(ended);
        }

        public List<Badge> tcpAt(String nodeId) {
            return tcp.getOrDefault(nodeId, List.of());
        }
        public List<Badge> udpAt(String state) {
            return udp.getOrDefault(state, List.of());
        }
    }

    private final Texts texts;
    private SocketTracker tracker = new SocketTracker();
    /** The sockets after the events a replay no longer includes ({@link #older}); empty for a short session. */
    private SocketTracker before = new SocketTracker();
    private final ReadOnlyObjectWrapper<Picture> picture = new ReadOnlyObjectWrapper<>(this, "picture", Picture.EMPTY);
    private Moved lastTcp, lastUdp;
    /**
     * The socket of the newest call that named one while the tracker does not know it yet (an accepted socket comes
     * with its first state), and that of the newest such call on a TCP socket.
     */
    private Chosen lastCalled, chosenTcp;
    /**
     * Per socket (the tracker's id: a reused fd number is another socket), the journal seq of its last state event: where
     * the evidence for its next change starts.
     */
    private final Map<Long, Long> lastStateSeq = new HashMap<>();
    /** RST and FIN segments seen so far, in journal order: the evidence of how a connection ended. */
    private final List<Ending> endings = new ArrayList<>();
    /** Per endpoint, the journal seq at which its process was last sent a signal or ended (killed or exited). */
    private final Map<String, Long> processEnded = new HashMap<>();
    /**
     * The calls that can end a socket, newest last: a close() of an fd, and a call that failed because the kernel
     * ended the connection (ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, ETIMEDOUT). What moved a socket to CLOSED is read
     * from them, never assumed to be a close().
     */
    private final List<Ended> endedBy = new ArrayList<>();

    /** A call on {@code endpoint}'s fd {@code fd} that ended its socket: {@code how} null for a close(). */
    private record Ended(long seq, String endpoint, int fd, How how) {
        boolean of(String endpoint, int fd) {
            return this.endpoint.equals(endpoint) && this.fd == fd;
        }
    }

    /** The cause a failed call's errno names, or null when that errno does not end a connection. */
    private static How failure(String errnoName) {
        Errno errno = Errno.named(errnoName);
        if (errno == null) return null;
        return switch (errno) {
            case ECONNREFUSED -> How.REFUSED;
            case EHOSTUNREACH, ENETUNREACH -> How.UNREACHABLE;
            case ETIMEDOUT -> How.TIMED_OUT;
            default -> null;
        };
    }

    /** An RST or FIN segment: which endpoints it joined, when it was journaled. */
    private record Ending(long seq, String from, String to, boolean rst) {
        boolean touches(String endpoint) {
            return from.equals(endpoint) || to.equals(endpoint);
        }
    }
    private final StringBinding caption, timeWaitNote;

    public StateMachineViewModel(Texts texts) {
        this.texts = texts;
        caption = Bindings.createStringBinding(() -> describe(picture.get().lastTcp(), texts.messages()), picture,
                texts.messagesProperty());
        timeWaitNote = Bindings
                .createStringBinding(() -> picture.get().tcpAt(TcpDiagram.nodeOf(TcpState.TIME_WAIT)).isEmpty()
                        ? ""
                        : texts.messages().get("ui.statemachine.timeWait"), picture, texts.messagesProperty());
    }

    public Texts texts() {
        return texts;
    }

    /** "Client 2 · fd 5": a badge's endpoint in the current language and its fd. */
    public String badgeText(Badge b) {
        return badgeText(b, texts.messages());
    }

    /**
     * "Server · fd 3": the endpoint and the fd said as such ("Server 3" read as the endpoint Server 3 after a fork,
     * issue 57).
     */
    public static String badgeText(Badge b, Messages m) {
        return m.get("ui.statemachine.badge", Names.endpoint(b.endpoint(), m), String.valueOf(b.fd()));
    }

    public ReadOnlyObjectProperty<Picture> pictureProperty() {
        return picture.getReadOnlyProperty();
    }

    public Picture picture() {
        return picture.get();
    }

    /** One line saying what the last TCP transition was, in the current language. */
    public StringBinding caption() {
        return caption;
    }

    /** New events, in journal order. */
    public void onEvents(List<Event> batch) {
        boolean changed = false;
        tracker.ahead(batch); // a replay's batch is in the rows' order
        for (Event e : batch) {
            if (e.payload() instanceof Payload.Segment seg && "tcp".equals(seg.proto())
                    && (seg.has(TcpFlag.RST) || seg.has(TcpFlag.FIN))) {
                Ending ending = new Ending(e.seq(), seg.from(), seg.to(), seg.has(TcpFlag.RST));
                endings.add(ending);
                changed |= lateReset(ending);
            }
            // SocketLab's kill(2) as well as the exit itself: the observer may see the sockets close between the two.
            if (e.payload() instanceof Payload.Process p
                    && (Payload.Process.EXITED.equals(p.event()) || p.endingSignal()))
                processEnded.put(e.endpoint(), e.seq());
            if (e.payload() instanceof Payload.Process p && Payload.Process.STARTED.equals(p.event()))
                processEnded.remove(e.endpoint()); // a new process for the endpoint: its sockets have one again
            var moved = tracker.accept(e);
            if (e.payload() instanceof Payload.Call c) {
                called(e.endpoint(), c);
                changed |= endedByCall(e, c);
            }
            // Asked at the call, and at each state reading until the tracker knows the socket (few rows each time).
            if (lastCalled != null && (e.payload() instanceof Payload.Call || e.payload() instanceof Payload.State))
                resolveCalled();
            changed |= e.payload() instanceof Payload.Call || moved.isPresent();
            moved.ifPresent(this::remember);
        }
        if (changed) picture.set(draw());
    }

    /**
     * Shows the states as they were after exactly these events (the journal up to the playback cursor), which follow
     * the events given to {@link #older}.
     */
    public void replay(List<Event> upToCursor) {
        tracker = before.copy();
        lastTcp = null;
        lastUdp = null;
        lastCalled = null;
        chosenTcp = null;
        lastStateSeq.clear();
        endings.clear();
        processEnded.clear();
        endedBy.clear();
        onEvents(upToCursor);
        picture.set(draw());
    }

    /**
     * Events the replays no longer include (the diagram let them go): the sockets they made are where replays start.
     * Their last move and the FIN/RST evidence are not kept: the diagram no longer shows those moments.
     */
    public void older(List<Event> events) {
        before.accept(events);
    }

    /**
     * A page of a journal file: the sockets its earlier events left ({@code sockets}, tracked off the FX thread while
     * the page was read) are where replays start. Before the page's first events.
     */
    public void startAfter(SocketTracker sockets) {
        before = sockets.copy();
    }

    /** The socket a call was made on: the one it made (socket, accept), else the one it named. */
    private void called(String endpoint, Payload.Call c) {
        Integer fd = c.madeFds().isEmpty() ? c.fd() : c.madeFds().getFirst();
        if (fd != null) lastCalled = new Chosen(endpoint, fd);
    }

    /**
     * Whether the newest call's socket is a TCP one: its open fd of that number (a closed TCP socket's fd number may
     * already name a datagram socket), else the TCP socket the call just closed. Unknown yet: asked again later.
     */
    private void resolveCalled() {
        SocketRow closed = null;
        for (SocketRow r : tracker.rows(0)) {
            if (!r.endpoint().equals(lastCalled.endpoint()) || r.fd() != lastCalled.fd()) continue;
            if (r.open()) {
                if (r.kind().tcp()) chosenTcp = lastCalled;
                lastCalled = null;
                return;
            }
            if (r.kind().tcp()) closed = r;
        }
        if (closed != null) {
            chosenTcp = lastCalled;
            lastCalled = null;
        }
    }

    private void remember(SocketTracker.Transition t) {
        Long since = lastStateSeq.put(t.socket(), t.seq());
        if (t.kind().tcp()) {
            lastTcp = tcpMove(t, since == null ? 0 : since);
        } else if (t.kind().udp()) {
            List<TcpDiagram.Edge> path = TcpDiagram.path(TcpDiagram.nodeOf(t.from()), TcpDiagram.nodeOf(t.to()),
                    TcpDiagram.UDP_EDGES);
            lastUdp = new Moved(t.seq(), t.endpoint(), t.fd(), t.from(), t.to(), path,
                    path.size() == 1 ? How.DIRECT : How.PASSING);
        }
    }

    /**
     * The arrows of a TCP change, never inventing what the kernel skipped. A change to CLOSED out of a synchronized
     * state is an RST when one touched the endpoint since the socket's last state event; states between two
     * samples are filled in only when they are the normal way (a connect, a FIN exchange with its FIN journaled).
     */
    private Moved tcpMove(SocketTracker.Transition t, long since) {
        // An accepted socket was born in the listener's queue: its way to ESTABLISHED went through SYN_RECEIVED.
        SocketState from = t.accepted() && t.from() == TcpState.CLOSED ? TcpState.LISTEN : t.from();
        boolean closing = t.to() == TcpState.CLOSED && synchronizedState(from);
        Moved told = toldByCall(t, since, closing);
        if (told != null) return told;
        if (closing) {
            for (int i = endings.size() - 1; i >= 0 && endings.get(i).seq() > since; i--) {
                Ending e = endings.get(i);
                if (e.rst() && e.touches(t.endpoint())) return reset(t, e);
            }
        }
        List<TcpDiagram.Edge> path = TcpDiagram.path(TcpDiagram.nodeOf(from), TcpDiagram.nodeOf(t.to()),
                TcpDiagram.EDGES);
        if (path.size() == 1 && from.equals(t.from()))
            return new Moved(t.seq(), t.endpoint(), t.fd(), t.from(), t.to(), path,
                    t.to() == TcpState.CLOSED && processEnded.getOrDefault(t.endpoint(), -1L) > since
                            ? How.PROCESS_ENDED
                            : How.DIRECT);
        boolean finSeen = endings.stream().anyMatch(e -> !e.rst() && e.seq() > since && e.touches(t.endpoint()));
        if (closing && !finSeen)
            return new Moved(t.seq(), t.endpoint(), t.fd(), t.from(), t.to(), List.of(), How.UNSEEN);
        return new Moved(t.seq(), t.endpoint(), t.fd(), t.from(), t.to(), path,
                path.isEmpty() ? How.UNSEEN : How.PASSING);
    }

    /**
     * A change to CLOSED that a call of this socket explains: SYN_SENT to CLOSED is the close() arrow only when close()
     * was called; a connect that failed says why (the RST that refused it, an ICMP unreachable, a timeout). Without
     * either, an RST that came since refused it; else nothing explains it. Null: the other rules decide.
     */
    private Moved toldByCall(SocketTracker.Transition t, long since, boolean closing) {
        if (t.to() != TcpState.CLOSED || !(closing || t.from() == TcpState.SYN_SENT)) return null;
        Ended last = null;
        for (Ended e : endedBy) if (e.seq() > since && e.of(t.endpoint(), t.fd())) last = e;
        if (last != null && last.how() == null) return null; // a close(): the diagram's arrow, or the rules after
        if (last != null) return new Moved(t.seq(), t.endpoint(), t.fd(), t.from(), t.to(), List.of(), last.how());
        if (closing || processEnded.getOrDefault(t.endpoint(), -1L) > since) return null; // told by the rules after
        for (int i = endings.size() - 1; i >= 0 && endings.get(i).seq() > since; i--)
            if (endings.get(i).rst() && endings.get(i).to().equals(t.endpoint()))
                return new Moved(t.seq(), t.endpoint(), t.fd(), t.from(), t.to(), List.of(), How.REFUSED);
        // No close() and no failed call yet: the connect's answer may be journaled after this change (endedByCall).
        return new Moved(t.seq(), t.endpoint(), t.fd(), t.from(), t.to(), List.of(), How.UNSEEN);
    }

    /**
     * A close() or a failed call: remembered, and when the socket's change to CLOSED was journaled before it (the kernel's
     * sample came first), that change is told by it now. Returns whether the last change was told anew.
     */
    private boolean endedByCall(Event e, Payload.Call c) {
        if (c.fd() == null) return false;
        How how = c.failed() ? failure(c.errnoName()) : null;
        boolean close = !c.failed() && c.is(SysCall.CLOSE);
        if (how == null && !close) return false;
        endedBy.add(new Ended(e.seq(), e.endpoint(), c.fd(), how));
        if (how == null) return false;
        if (lastTcp == null || !lastTcp.endpoint().equals(e.endpoint()) || lastTcp.fd() != c.fd()
                || lastTcp.to() != TcpState.CLOSED || lastTcp.how() != How.UNSEEN)
            return connectNeverSampled(e, c, how);
        lastTcp = new Moved(lastTcp.seq(), lastTcp.endpoint(), lastTcp.fd(), lastTcp.from(), lastTcp.to(), List.of(),
                how);
        return true;
    }

    /**
     * A connect() the kernel ended faster than it was sampled (on loopback an RST answers the SYN at once): its socket
     * was never seen out of CLOSED, yet its SYN left and the answer came, so it went SYN_SENT to CLOSED. Told with the
     * call's cause rather than "no TCP transition yet" under a refused connect (issue 78's walk, one machine).
     * ENETUNREACH is left out: with no route the kernel refuses before any SYN, the socket never left CLOSED.
     */
    private boolean connectNeverSampled(Event e, Payload.Call c, How how) {
        if (!c.is(SysCall.CONNECT) || Errno.named(c.errnoName()) == Errno.ENETUNREACH) return false;
        for (SocketRow r : tracker.rows(0)) {
            if (!r.open() || !r.endpoint().equals(e.endpoint()) || r.fd() != c.fd()) continue;
            if (!r.kind().tcp() || r.state() != TcpState.CLOSED || lastStateSeq.containsKey(r.id())) return false;
            lastTcp = new Moved(e.seq(), e.endpoint(), c.fd(), TcpState.SYN_SENT, TcpState.CLOSED, List.of(), how);
            return true;
        }
        return false;
    }

    private Moved reset(SocketTracker.Transition t, Ending e) {
        return new Moved(t.seq(), t.endpoint(), t.fd(), t.from(), t.to(),
                List.of(TcpDiagram.rstEdge(TcpDiagram.nodeOf(t.from())).orElseThrow()), rstHow(t.endpoint(), e));
    }

    /** Who sent the RST that ended {@code endpoint}'s socket: it, a socket whose process had ended, or the peer. */
    private How rstHow(String endpoint, Ending e) {
        if (!e.from().equals(endpoint)) return How.RST_RECEIVED;
        return processEnded.getOrDefault(endpoint, Long.MAX_VALUE) < e.seq() ? How.ORPHAN_RST : How.RST_SENT;
    }

    /** A captured RST journaled just after the change it caused still explains it, if nothing else did. */
    private boolean lateReset(Ending e) {
        if (!e.rst() || lastTcp == null || lastTcp.how() != How.UNSEEN || !e.touches(lastTcp.endpoint())
                || !synchronizedState(lastTcp.from()) || lastTcp.to() != TcpState.CLOSED)
            return false;
        lastTcp = new Moved(lastTcp.seq(), lastTcp.endpoint(), lastTcp.fd(), lastTcp.from(), lastTcp.to(),
                List.of(TcpDiagram.rstEdge(TcpDiagram.nodeOf(lastTcp.from())).orElseThrow()),
                rstHow(lastTcp.endpoint(), e));
        return true;
    }

    /** RFC 9293's synchronized states: an RST in one of them ends the connection at once. */
    private static boolean synchronizedState(SocketState s) {
        return s instanceof TcpState t && TcpTransitions.SYNCHRONIZED.contains(t);
    }

    private Picture draw() {
        Map<String, List<Badge>> tcp = new LinkedHashMap<>(), udp = new LinkedHashMap<>();
        // A socket a fork() shared is in both processes until one closes it: a badge for each ("Server 2 · fd 4").
        Map<Long, List<SocketIdentities.Holder>> shared = tracker.sharedHolders();
        for (SocketRow r : tracker.rows(0)) {
            if (r.state() == null) continue;
            Map<String, List<Badge>> into = r.kind().tcp() ? tcp : r.kind().udp() ? udp : null;
            if (into == null) continue;
            List<Badge> in = into.computeIfAbsent(TcpDiagram.nodeOf(r.state()), k -> new ArrayList<>());
            List<SocketIdentities.Holder> holders = shared.get(r.id());
            if (holders == null) in.add(new Badge(r.endpoint(), r.fd(), r.open()));
            else for (SocketIdentities.Holder h : holders) in.add(new Badge(h.endpoint(), h.fd(), true));
        }
        tcp.replaceAll((k, v) -> List.copyOf(v));
        udp.replaceAll((k, v) -> List.copyOf(v));
        return new Picture(Map.copyOf(tcp), Map.copyOf(udp), lastTcp, lastUdp, chosenTcp);
    }

    /** "client fd 5: SYN_SENT -> ESTABLISHED (rcv SYN,ACK / ACK)", an RST, or the states passed too fast to see. */
    public static String describe(Moved m, Messages messages) {
        if (m == null) return messages.get("ui.statemachine.caption.none");
        String who = messages.get("ui.statemachine.caption.socket",
                Names.endpoint(m.endpoint(), messages), String.valueOf(m.fd()));
        String from = m.from().journalName(), to = m.to().journalName();
        return switch (m.how()) {
            case RST_RECEIVED -> messages.get("ui.statemachine.caption.rstReceived", who, from, to);
            case RST_SENT -> messages.get("ui.statemachine.caption.rstSent", who, from, to);
            case ORPHAN_RST -> messages.get("ui.statemachine.caption.orphanRst", who, from, to);
            case UNSEEN -> messages.get("ui.statemachine.caption.unseen", who, from, to);
            case DIRECT -> messages.get("ui.statemachine.caption.direct", who, from, to,
                    messages.get(m.path().getFirst().labelKey()));
            case PROCESS_ENDED -> messages.get("ui.statemachine.caption.processEnded", who, from, to);
            case REFUSED -> messages.get("ui.statemachine.caption.refused", who, from, to);
            case UNREACHABLE -> messages.get("ui.statemachine.caption.unreachable", who, from, to);
            case TIMED_OUT -> messages.get("ui.statemachine.caption.timedOut", who, from, to);
            case PASSING -> {
                List<String> between = new ArrayList<>();
                for (int i = 0; i < m.path().size() - 1; i++) between.add(m.path().get(i).to());
                String via = between.isEmpty() ? m.path().getFirst().from() : String.join(", ", between);
                yield messages.get("ui.statemachine.caption.via", who, from, to, via);
            }
        };
    }

    /** While a socket sits in TIME_WAIT: the RFC's 2MSL against the fixed time Linux keeps it; else empty. */
    public StringBinding timeWaitNote() {
        return timeWaitNote;
    }
}
