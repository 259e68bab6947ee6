package org.socketlab.story;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Messages;
import org.socketlab.i18n.Names;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.IcmpMessage;
import org.socketlab.kernel.TcpFlag;
import org.socketlab.kernel.TcpOptions;
import org.socketlab.kernel.TcpState;

/** The words of the story, in a language: the one naming of endpoints, and the labels every painter draws. */
public final class StoryText {
    private StoryText() {
    }

    /**
     * The endpoint as people read it: {@code Client}, {@code Client 2}, {@code Server}, {@code Kernel} (where the lab has no socket), in the
     * language; an id the program does not know stays as it is.
     */
    public static String endpointName(String endpoint, Messages m) {
        return Names.endpoint(endpoint, m);
    }

    /**
     * What the story knows of the end where the lab has no socket ({@code external}): "no socket listening on port
     * 5000" when the kernel answered for that port with RST (ICMP port unreachable for UDP), else its port; empty when
     * nothing is known.
     */
    public static String externalNote(Beat.Refusal r, Messages m) {
        return externalNote(r, m, "");
    }

    /**
     * The same, said at its moment ({@code when} empty: beside the segment) or in the past with the moment
     * ({@code when} ".then": in the lifeline's header, which stays while the server may listen on that port later).
     */
    private static String externalNote(Beat.Refusal r, Messages m, String when) {
        if (r.answered())
            return r.port().isEmpty()
                    ? m.get("story.external.refusedThere" + when)
                    : m.get((r.tcp() ? "story.external.refused" : "story.external.unreachable") + when, r.port());
        return r.port().isEmpty() ? "" : m.get("story.external.port", r.port());
    }

    /** One end of a segment as a line names it: the endpoint, or the kernel with what it did at that port. */
    public static String end(Beat.Segment s, boolean from, Messages m) {
        return end(from ? s.segment().from() : s.segment().to(), s.retold(), m);
    }

    /**
     * The end {@code endpoint} of a segment as a line names it: the endpoint; for {@code external} the kernel (on two
     * machines the kernel of its host, "the kernel of h2") with what it did at that port.
     */
    public static String end(String endpoint, Beat.Retold retold, Messages m) {
        if (!endpoint.equals(ExternalEnds.EXTERNAL)) return endpointName(endpoint, m);
        Beat.Machine machine = retold.refused().machine();
        String name = machine != null ? m.get("story.external.machine", machine.host()) : endpointName(endpoint, m);
        String note = externalNote(retold.refused(), m);
        return note.isEmpty() ? name : m.get("story.external.named", name, note);
    }

    /**
     * The note under the {@code external} lifeline's name: what every segment there says of it when they agree (one
     * refused port), else the first known one; empty when none is known. Said in the past, with its moment ("at
     * connect(), no socket was listening on port 5000"): the header stays while a server may listen there later.
     */
    public static String externalNote(List<Beat> beats, Messages m) {
        String note = "";
        for (Beat b : beats)
            if (b instanceof Beat.Segment s && s.retold().refused() != Beat.Refusal.NONE) {
                String n = externalNote(s.retold().refused(), m, ".then");
                if (note.isEmpty()) note = n;
                else if (!note.equals(n) && !n.isEmpty()) return m.get("story.external.several");
            }
        return note;
    }

    /** A lifeline's role under its endpoint's name: program or kernel. */
    public static String role(Lifeline.Role role, Messages m) {
        return m.get(role == Lifeline.Role.PROGRAM ? "story.role.program" : "story.role.kernel");
    }

    /** A call's label at its moment: {@code connect(5, 127.0.0.1:5000) …} as it enters, the strace line once it returned. */
    public static String call(Beat.Call c) {
        return (c.library() ? LibraryCalls.GETADDRINFO + "() › " : "") + call(c.call(), c.moment());
    }

    public static String call(Payload.Call call, Beat.Moment moment) {
        return moment == Beat.Moment.ENTRY ? CallFormat.entry(call) + " …" : CallFormat.line(call);
    }

    /**
     * {@code [SYN, ACK] seq 0 ack 1 len 0} when captured; {@code [SYN] seq ? len 0 (inferred)} when deduced: an
     * inferred segment never pretends to know its numbers.
     */
    public static String segment(Beat.Segment beat, Messages m) {
        return segment(beat.segment(), beat.relSeq(), beat.relAck(), beat.retold(), m);
    }

    /**
     * As {@link #segment(Payload.Segment, Long, Long, Messages)}, then what the story tells of it: lost (dropped by the
     * lab network, never arrived), a retransmission and the time waited since the first copy, a duplicate ACK, its SACK
     * blocks.
     */
    public static String segment(Payload.Segment s, @Nullable Long relSeq, @Nullable Long relAck, Beat.Retold retold,
            Messages m) {
        String told = retold(s, retold, m);
        return segment(s, relSeq, relAck, m) + (told.isEmpty() ? "" : " " + told);
    }

    /** Only what the story tells besides the header ({@code SACK 4-7 — duplicate ACK}); empty when nothing. */
    public static String retold(Payload.Segment s, Beat.Retold retold, Messages m) {
        List<String> parts = new ArrayList<>();
        if (!retold.sack().isEmpty()) parts.add("SACK " + String.join(", ", retold.sack()));
        if (retold.sentAgainAfterNs() != null)
            parts.add(m.get("story.retransmission", millis(retold.sentAgainAfterNs(), m)));
        if (retold.duplicateAck()) parts.add(m.get("story.duplicateAck"));
        Beat.Machine machine = retold.refused().machine(); // its arrow starts beside the kernel that made it
        if (machine != null && retold.drawnAt(s.from()).equals(retold.drawnAt(s.to())))
            parts.add(m.get("story.external.ownKernel", machine.host()));
        if (s.lost()) parts.add(m.get("story.lost"));
        if (s.link() != null) parts.add(passage(s.link(), m));
        return String.join(" — ", parts);
    }

    /**
     * What SocketLab's wire between the machines did with it, from the wire's own word: how long it took to cross, or
     * that it overtook an earlier segment, arrived twice, was lost or dropped on the way.
     */
    public static String passage(Payload.Passage link, Messages m) {
        String ms = millis(link.delayNs(), m);
        String told = switch (link.fate()) {
            case Payload.Passage.LOST -> m.get("story.link.lost");
            case Payload.Passage.DROPPED -> m.get("story.link.dropped");
            case Payload.Passage.REORDERED -> m.get("story.link.reordered", ms);
            case Payload.Passage.DUPLICATED -> m.get("story.link.duplicated", ms);
            default -> m.get("story.link.delivered", ms);
        };
        // "104 ms to cross" on a 50 ms link: the wire, a process of its own, read the packet 54 ms after it left
        return link.arrived() && link.wireLateNs() >= WIRE_LATE_TOLD_NS
                ? m.get("story.link.wireLate", told, millis(link.wireLateNs(), m))
                : told;
    }

    /** A wait for the wire shorter than this is not told: it reads a frame within a millisecond when not starved. */
    static final long WIRE_LATE_TOLD_NS = 2_000_000;

    /**
     * Milliseconds, one decimal under 10 ms (a fast retransmission), whole above; the decimal mark is the reader's
     * language's ("4,4 ms" in Spanish).
     */
    static String millis(long ns, Messages m) {
        double ms = ns / 1e6;
        return ms < 10 ? String.format(m.lang().locale(), "%.1f", ms) : String.valueOf(Math.round(ms));
    }

    public static String segment(Payload.Segment s, @Nullable Long relSeq, @Nullable Long relAck, Messages m) {
        StringBuilder sb = new StringBuilder();
        if (!s.proto().equals("tcp")) sb.append(s.proto().toUpperCase(Locale.ROOT)).append(' ');
        if (s.proto().equals("icmp")) sb.append(icmpWords(s.flags(), m)).append(' ');
        else if (!s.flags().isEmpty()) sb.append('[').append(String.join(", ", s.flags())).append("] ");
        if (s.proto().equals("tcp")) {
            if (s.captured() && relSeq != null) {
                sb.append("seq ").append(relSeq).append(' ');
                if (relAck != null && s.has(TcpFlag.ACK)) sb.append("ack ").append(relAck).append(' ');
            } else if (!s.captured()) {
                sb.append("seq ? "); // deduced: the numbers were never seen
            }
        }
        if (!s.proto().equals("icmp")) sb.append("len ").append(s.len());
        // The MSS a SYN offers: what the two-machines lesson compares (65495 on the loopback, 1460 on the link).
        Integer mss = s.proto().equals("tcp") && s.has(TcpFlag.SYN) ? TcpOptions.of(s.packet()).mss() : null;
        if (mss != null) sb.append(" MSS ").append(mss);
        String text = sb.toString().strip();
        return s.captured() ? text : text + " " + m.get("story.inferred");
    }

    /**
     * An ICMP message in words ("host unreachable", "port unreachable"), as a student reads it next to EHOSTUNREACH;
     * one without a name here keeps its type and code ({@code [TYPE_3_CODE_13]}).
     */
    public static String icmpWords(List<String> names, Messages m) {
        List<String> words = new ArrayList<>();
        for (String name : names)
            words.add(IcmpMessage.named(name).map(icmp -> m.get("story.icmp." + icmp.name().toLowerCase(Locale.ROOT)))
                    .orElse("[" + name + "]"));
        return String.join(", ", words);
    }

    /** {@code fd 4 ESTABLISHED}, or {@code fd 4 TIME_WAIT 59 s} with the time the kernel still keeps it. */
    public static String state(Payload.State s, Messages m) {
        return state(s, Beat.Passage.NONE, m);
    }

    /**
     * As {@link #state(Payload.State, Messages)}, as the story tells it: {@code former fd 4 TIME_WAIT 60 s} once the
     * descriptor was closed, {@code fd 4 LAST_ACK (deduced)} for a state no reading saw.
     */
    public static String state(Payload.State s, Beat.Passage passage, Messages m) {
        String to = s.timeWaitMs() == null
                ? Names.state(s.to(), s.from(), m)
                : m.get("story.state.timeWait", s.to(), String.valueOf(Math.round(s.timeWaitMs() / 1000.0)));
        // TIME_WAIT's timer ran out, a minute after the close: said, or its CLOSED reads as the close of whatever socket
        // the number named last (a UDP socket's fd 3 CLOSED beside it, in order-after-loss)
        if (s.fromState() == TcpState.TIME_WAIT && s.toState() == TcpState.CLOSED)
            to = m.get("story.state.timeWaitOver", to);
        String told = m.get(passage.formerFd() ? "story.state.former" : "story.state", String.valueOf(s.fd()), to);
        return passage.deducedBy() != null ? m.get("story.state.deduced", told) : told;
    }

    /** A state beat's label: {@link #state(Payload.State, Beat.Passage, Messages)}. */
    public static String state(Beat.State s, Messages m) {
        return state(s.state(), s.passage(), m);
    }

    /**
     * What a state line says after its label: the state before and who read it; the states passed between the two
     * readings, deduced; for a deduced state, that no reading saw it and the segment that made it.
     */
    public static String stateMeaning(Beat.State beat, Messages m) {
        Payload.State s = beat.state();
        Beat.Passage p = beat.passage();
        String was = Names.state(s.from(), s.to(), m);
        if (p.deducedBy() != null) {
            String segment = "[" + String.join(", ", p.deducedBy().flags()) + "]";
            return m.get(p.deducedBy().sent() ? "story.state.deduced.sent" : "story.state.deduced.received", was,
                    segment);
        }
        String via = String.join(", ", p.via());
        String meaning = p.inQueue()
                ? m.get("story.state.meaning.inQueue", s.source(), via)
                : p.via().isEmpty()
                        ? m.get("story.state.meaning", was, s.source())
                        : m.get("story.state.meaning.via", was, s.source(), via);
        return meaning + (s.toState() == TcpState.TIME_WAIT ? "; " + m.get("cli.transcript.timeWait") : "");
    }

    /** As {@link #queue(Payload.Queue, boolean, Messages)}, said not to be bytes where it is not. */
    public static String queue(Beat.Queue q, Messages m) {
        return queue(q.queue(), q.listener(), q.sendQueue(), q.formerFd(), m);
    }

    /** A connection's queues and, when Send-Q counts no bytes that will ever leave, a word saying so. */
    public static String queue(Payload.Queue q, boolean listener, Beat.SendQueue sendQueue, boolean former,
            Messages m) {
        String told = queue(q, listener, former, m);
        return switch (sendQueue) {
            case BYTES -> told;
            case NEVER_CONNECTED -> m.get("story.queue.notBytes", told);
            case CONNECTION_GONE -> m.get("story.queue.neverSent", told);
        };
    }

    /**
     * A mark beside a kernel lifeline, with its endpoint's name where the story {@link #marksNamed names marks}:
     * "Server 2 \u00b7 fd 3: Recv-Q 0, Send-Q 0".
     */
    public static String whose(String endpoint, String mark, boolean named, Messages m) {
        return named ? m.get("story.whose", endpointName(endpoint, m), mark) : mark;
    }

    /**
     * Whether a story's kernel marks name their endpoint: where it has more than its first client and server (a forked
     * child, an added client, a second server), since every process starts at fd 3 and a plain "fd 3: Recv-Q 4" drawn
     * between two lifelines names no socket (issue 57, window review 05). The plain two-endpoint story keeps them
     * short: there each kernel's side says whose they are, and a named listener's queue ran past the diagram's edge
     * at 1024 px in Spanish.
     */
    public static boolean marksNamed(List<Lifeline> lifelines) {
        return lifelines.stream().map(Lifeline::endpoint).anyMatch(e -> Lifeline.hasProgram(e)
                && !e.equals(Payload.Process.CLIENT) && !e.equals(Payload.Process.SERVER));
    }

    /** A listener's accept queue, or a connection's byte queues; "former fd 3" once its close() had returned. */
    public static String queue(Payload.Queue q, boolean listener, boolean former, Messages m) {
        return m.get((listener ? "story.queue.listener" : "story.queue") + (former ? ".former" : ""),
                String.valueOf(q.fd()),
                String.valueOf(q.recvQ()),
                String.valueOf(q.sendQ()));
    }

    /** Why a Send-Q number is not bytes to wait for (empty when it is). */
    public static String sendQueueMeaning(Beat.Queue q, Messages m) {
        String sendQ = String.valueOf(q.queue().sendQ());
        return switch (q.sendQueue()) {
            case BYTES -> "";
            case NEVER_CONNECTED -> m.get("story.queue.notBytes.meaning", sendQ);
            case CONNECTION_GONE -> m.get("story.queue.neverSent.meaning", sendQ);
        };
    }

    /** What TCP is doing: round trip, congestion window, bytes in flight, the peer's window. */
    public static String tcpInfo(Payload.TcpInfo t, Messages m) {
        return m.get("story.tcpInfo", String.valueOf(t.fd()), millis(t.rttUs()), String.valueOf(t.sndCwnd()),
                String.valueOf(t.inFlight()), t.peerWindow() == null ? "?" : String.valueOf(t.peerWindow()));
    }

    /** What the figures are: the kernel's own, its timeout and threshold, where the peer's window came from. */
    public static String tcpInfoMeaning(Payload.TcpInfo t, Messages m) {
        return m.get(Payload.TcpInfo.FROM_TCP_INFO.equals(t.peerWindowFrom())
                ? "story.tcpInfo.meaning"
                : "story.tcpInfo.meaning.captured", millis(t.rttVarUs()), millis(t.rtoUs()),
                t.sndSsthresh() == null ? "∞" : String.valueOf(t.sndSsthresh()), String.valueOf(t.unacked()),
                String.valueOf(t.retransmitted()));
    }

    /** Microseconds as milliseconds with one decimal ({@code 100.2}), the same in every language. */
    public static String millis(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    /** Whether the wire is captured, and why not. */
    public static String capture(Payload.Capture c, Messages m) {
        return m.get(switch (c.status()) {
            case Payload.Capture.STARTED -> "cli.transcript.capture.started";
            case Payload.Capture.STOPPED -> "cli.transcript.capture.stopped";
            default -> "cli.transcript.capture.unavailable";
        }, c.reasonText(m));
    }

    /** Narration in the language, else in any language it has. */
    public static String note(Payload.Note n, Messages m) {
        return Payload.Note.in(n.text(), m.lang().code());
    }

    /** A failed call's errno in plain words ({@code ECONNREFUSED: nobody listens…}); empty when it did not fail. */
    public static String errno(Payload.Call c, Messages m) {
        return c.failed() ? c.errnoName() + ": " + CallFormat.explain(c, m) : "";
    }

    /** {@code accept(3) ... blocked, waiting}. */
    public static String blocked(Payload.Blocked b, Messages m) {
        return m.get("story.blocked", b.call(), CallFormat.waitingArguments(b.call(), b.fd()));
    }

    /** {@code accept(3) cancelled after 200 ms}; {@code send(3) never returned} when its process ended inside it. */
    public static String cancelled(Payload.Cancelled c, Messages m) {
        String args = CallFormat.waitingArguments(c.call(), c.fd());
        if (c.processEnded()) return m.get("story.cancelled.ended", c.call(), args);
        return m.get("story.cancelled", c.call(), args, String.valueOf(c.waitedNs() / 1_000_000));
    }

    /**
     * An endpoint's process: {@code process started, pid 4242 (client)}, {@code kill(4242, SIGTERM) sent by SocketLab},
     * {@code exited (code 0)}, {@code killed by SIGPIPE}.
     */
    public static String process(Payload.Process p, Messages m) {
        return switch (p.event()) {
            case Payload.Process.STARTED ->
                m.get("story.process.started", String.valueOf(p.pid()), m.get("story.process.role." + role(p)));
            case Payload.Process.SIGNAL -> m.get("story.process.signal", String.valueOf(p.pid()), p.signalName());
            // With its parent's descriptors only when the parent held sockets: a fork of a process holding none
            // shares nothing (issue 79).
            case Payload.Process.FORKED -> p.inherited().isEmpty()
                    ? m.get("story.process.forked.bare", String.valueOf(p.pid()), String.valueOf(p.parentPid()))
                    : m.get("story.process.forked", String.valueOf(p.pid()), String.valueOf(p.parentPid()),
                            inherited(p));
            case Payload.Process.LAUNCHED -> p.role() == null
                    ? m.get("story.process.launched.again", String.valueOf(p.pid()))
                    : m.get("story.process.launched", String.valueOf(p.pid()), p.role());
            case Payload.Process.EXECED -> m.get("story.process.execed", String.valueOf(p.pid()), p.role());
            case Payload.Process.ZOMBIE -> m.get("story.process.zombie", String.valueOf(p.parentPid()));
            case Payload.Process.REAPED -> m.get("story.process.reaped", String.valueOf(p.parentPid()));
            case Payload.Process.THREAD ->
                m.get("story.process.thread", String.valueOf(p.pid()), String.valueOf(p.parentPid()));
            case Payload.Process.THREAD_ENDED -> p.code() == null
                    ? m.get("story.process.threadEnded.withProcess")
                    : m.get("story.process.threadEnded", String.valueOf(p.code()), String.valueOf(p.parentPid()));
            default -> p.killed()
                    ? m.get("story.process.killed", p.signalName())
                    : m.get("story.process.exited", String.valueOf(p.code()));
        };
    }

    /** A role this SocketLab names; another (a newer SocketLab's) is told as an endpoint. */
    private static String role(Payload.Process p) {
        return switch (String.valueOf(p.role())) {
            case Payload.Process.CLIENT, Payload.Process.SERVER -> String.valueOf(p.role());
            case Payload.Process.ADDED_CLIENT -> "addedClient";
            default -> "other";
        };
    }

    /** A fork's inherited descriptors as {@code ls -l /proc/PID/fd} shows them: {@code 3 -> socket:[7001]}. */
    private static String inherited(Payload.Process p) {
        if (p.inherited().isEmpty()) return "-";
        StringBuilder b = new StringBuilder();
        p.inherited().forEach((fd, inode) -> b.append(b.isEmpty() ? "" : ", ").append(fd).append(" -> socket:[")
                .append(inode).append(']'));
        return b.toString();
    }

    /** What a process's end did: the kernel closed its descriptors; SIGPIPE, SIGKILL and SIGTERM in a few words. */
    public static String processMeaning(Payload.Process p, Messages m) {
        if (Payload.Process.FORKED.equals(p.event()))
            return p.inherited().isEmpty() ? "" : m.get("story.process.forked.meaning");
        if (Payload.Process.LAUNCHED.equals(p.event()) && p.role() != null)
            return m.get("story.process.launched.meaning");
        if (Payload.Process.ZOMBIE.equals(p.event())) return m.get("story.process.zombie.meaning");
        if (Payload.Process.THREAD.equals(p.event())) return m.get("story.process.thread.meaning");
        if (!Payload.Process.EXITED.equals(p.event())) return "";
        if (!p.killed()) return m.get("story.process.exited.meaning");
        return switch (String.valueOf(p.signalName())) {
            case "SIGPIPE" -> m.get("story.process.killed.SIGPIPE");
            case "SIGKILL" -> m.get("story.process.killed.SIGKILL");
            case "SIGTERM" -> m.get("story.process.killed.SIGTERM");
            default -> m.get("story.process.exited.meaning");
        };
    }

    /**
     * The label of a moment, the same in every painter: the diagram and the SVG write it on the row, the journal pane
     * and the transcript on the line (a segment there with its direction first, {@link #line}).
     */
    public static String label(Beat beat, Messages m) {
        return switch (beat) {
            case Beat.Call c -> call(c);
            case Beat.Blocked b -> blocked(b.blocked(), m);
            case Beat.Cancelled c -> cancelled(c.cancelled(), m);
            case Beat.State s -> state(s, m);
            case Beat.Queue q -> queue(q, m);
            case Beat.TcpInfo t -> tcpInfo(t.info(), m);
            case Beat.Segment s -> segment(s.segment(), s.relSeq(), s.relAck(), m);
            case Beat.Note n -> note(n.note(), m);
            case Beat.Capture c -> capture(c.capture(), m);
            case Beat.Process p -> process(p.process(), m);
        };
    }

    /** A moment as one line of text: its label, a segment's with its direction ({@code Client → Server [SYN] …}). */
    public static String line(Beat beat, Messages m) {
        if (beat instanceof Beat.Segment s)
            return end(s, true, m) + " → " + end(s, false, m) + " " + label(beat, m);
        return label(beat, m);
    }

    /**
     * A moment as a whole line, for the journal pane, the transcript and a terminal: its {@link #line} and its
     * {@link #meaning} after a dash (a blocked call's after a space: "… blocked, waiting for …").
     */
    public static String told(Beat beat, Messages m) {
        String meaning = meaning(beat, m);
        return line(beat, m) + (meaning.isEmpty() ? "" : (beat instanceof Beat.Blocked ? " " : " — ") + meaning);
    }

    /**
     * What a line says after its label (empty when nothing): a call's entry, a failed call's errno explained, what a
     * blocked call waits for, the state a socket was in and who reported it, what an accept queue is, whether a segment
     * was seen or deduced and what it retells (a retransmission, a duplicate ACK, SACK, lost).
     */
    public static String meaning(Beat beat, Messages m) {
        return switch (beat) {
            case Beat.Call c when c.library() -> (c.moment() == Beat.Moment.ENTRY
                    ? m.get("story.call.entered") + "; "
                    : c.call().failed() ? errno(c.call(), m).replaceAll("\\.$", "") + "; " : "")
                    + m.get("story.call.library", LibraryCalls.GETADDRINFO + "()");
            case Beat.Call c when c.moment() == Beat.Moment.ENTRY -> m.get("story.call.entered");
            case Beat.Call c -> c.call().failed() ? errno(c.call(), m) : "";
            case Beat.Blocked b -> m.get("story.blocked.meaning", m.get(CallFormat.waitsForKey(b.blocked().call())));
            case Beat.Cancelled c when c.cancelled().processEnded() -> m.get("story.cancelled.ended.meaning");
            case Beat.Cancelled c -> m.get("story.cancelled.meaning");
            case Beat.State s -> stateMeaning(s, m);
            case Beat.Queue q -> q.listener() ? m.get("story.queue.listener.meaning") : sendQueueMeaning(q, m);
            case Beat.TcpInfo t -> tcpInfoMeaning(t.info(), m);
            case Beat.Segment s when !s.captured() -> ""; // its label says it was deduced
            case Beat.Segment s -> {
                String told = retold(s.segment(), s.retold(), m);
                yield m.get("cli.transcript.captured") + (told.isEmpty() ? "" : "; " + told);
            }
            case Beat.Note n -> "";
            case Beat.Capture c -> "";
            case Beat.Process p -> processMeaning(p.process(), m);
        };
    }
}
