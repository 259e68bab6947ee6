package org.socketlab.check;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.socketlab.lab.Event;
import org.socketlab.lab.Payload;

/**
 * Judges each rule of a check file from the evidence of one run: the journal of the program's real calls (its main
 * process is the endpoint {@code program}, its other processes and threads {@code program-PID}), what the lab's
 * sockets saw ({@link LabResult}), and how the program ended ({@link Outcome}). Every verdict points at the journal
 * event that shows it when there is one.
 */
final class Judge {
    private static final String ROOT = "program";
    private static final Set<String> OUTPUT = Set.of("send", "sendto", "write");
    private static final Set<String> INPUT = Set.of("recv", "recvfrom", "read", "recvmsg", "readv");
    private static final Set<String> WAITS = Set.of("poll", "ppoll", "select", "pselect6", "_newselect", "epoll_ctl",
            "epoll_wait", "epoll_pwait", "epoll_pwait2", "fcntl", "fcntl64", "setsockopt", "getsockopt");

    /**
     * How the run ended: whether the program started at all; its exit code when it ended by itself (null when
     * SocketLab stopped it, a server's normal end); whether its time limit ran out; the sockets its main process still
     * had open when the plays were over, each fd with its socket's inode (null when unknown: it had already ended, or
     * its descriptor table cannot be read).
     */
    record Outcome(boolean started, Integer exitCode, boolean timedOut, Map<Integer, Long> socketsAtEnd,
            boolean endedDuringPlays, int port, List<Child> childrenAtEnd) {
        Outcome(boolean started, Integer exitCode, boolean timedOut, Map<Integer, Long> socketsAtEnd,
                boolean endedDuringPlays) {
            this(started, exitCode, timedOut, socketsAtEnd, endedDuringPlays, 0, null);
        }

        /** The signal that ended the program (strace exits with 128 + N when it dies of signal N), else 0. */
        int signal() {
            return exitCode != null && exitCode > 128 && exitCode < 160 ? exitCode - 128 : 0;
        }
    }

    /** A process the server forked, still there after its last client left: waiting for nothing, or a zombie. */
    record Child(int pid, boolean zombie) {
    }

    /** The names of the signals a student's program dies of, by number on Linux. */
    private static final Map<Integer, String> SIGNALS = Map.ofEntries(Map.entry(1, "SIGHUP"), Map.entry(2, "SIGINT"),
            Map.entry(4, "SIGILL"), Map.entry(6, "SIGABRT"), Map.entry(7, "SIGBUS"), Map.entry(8, "SIGFPE"),
            Map.entry(9, "SIGKILL"), Map.entry(11, "SIGSEGV"), Map.entry(13, "SIGPIPE"), Map.entry(14, "SIGALRM"),
            Map.entry(15, "SIGTERM"), Map.entry(24, "SIGXCPU"), Map.entry(25, "SIGXFSZ"));
    /** The least time between a send and its resend that counts as having waited for the answer. */
    private static final long RESEND_WAIT_NS = 100_000_000;
    /** What a wait that ran out of time (or was cut by a signal, alarm's way) returns. */
    private static final Set<String> TIMED_OUT = Set.of("EAGAIN", "EWOULDBLOCK", "EINTR", "ERESTARTSYS",
            "ERESTARTNOHAND", "ERESTART_RESTARTBLOCK", "ETIMEDOUT");

    private final CheckFile check;
    private final List<Event> events;
    private final LabResult lab;
    private final Outcome outcome;
    /** The program's calls, with their seq and endpoint. */
    private final List<Event> calls = new ArrayList<>();

    Judge(CheckFile check, List<Event> events, LabResult lab, Outcome outcome) {
        this.check = check;
        this.events = events;
        this.lab = lab;
        this.outcome = outcome;
        for (Event e : events) if (e.endpoint().startsWith(ROOT) && e.payload() instanceof Payload.Call) calls.add(e);
    }

    List<Verdict> verdicts() {
        List<Verdict> out = new ArrayList<>();
        for (CheckFile.RuleEntry entry : check.rules()) {
            Verdict v = judge(entry.rule());
            out.add(new Verdict(v.rule(), v.passed(), v.key(), v.args(), v.seq(), entry.hint(), entry.weight()));
        }
        return out;
    }

    private Verdict judge(Rule rule) {
        if (!outcome.started()) {
            Event bound = wrongPort();
            if (bound != null) return wrongPortVerdict(rule, bound);
            return fail(rule, "check.why.notStarted", lastSeq(), exitText());
        }
        if (rule != Rule.PATTERN && check.role() == CheckFile.Role.SERVER) {
            // Every client is refused when the program listens elsewhere: that, not "accepted no connection", is why.
            Event bound = wrongPort();
            if (bound != null) return wrongPortVerdict(rule, bound);
        }
        return switch (rule) {
            case PATTERN -> pattern();
            case ACCEPTED_CLOSED -> acceptedClosed();
            case NO_FD_AT_EXIT -> noFdAtExit();
            case LISTENER_OPEN -> listenerOpen();
            case ECHO -> echo();
            case SHORT_SEND -> shortSend();
            case SURVIVES_RESET -> survivesReset();
            case CONCURRENT -> concurrent();
            case EXIT_ZERO -> exitZero();
            case WHOLE_REPLY -> wholeReply();
            case TIMEOUT_RETRY -> timeoutRetry();
            case CHILDREN_EXIT -> childrenExit();
            case CHILD_PATTERN -> childPattern();
        };
    }

    /** The program's first bind to a port other than the one it was given (a server's hard-coded port), or null. */
    private Event wrongPort() {
        if (outcome.port() <= 0) return null;
        for (Event e : calls) {
            Payload.Call c = call(e);
            if (!c.call().equals("bind") || c.failed()) continue;
            int port = portOf(c.args().getOrDefault("addr", ""));
            if (port > 0 && port != outcome.port()) return e;
        }
        return null;
    }

    private Verdict wrongPortVerdict(Rule rule, Event bound) {
        return fail(rule, "check.why.port.wrong", bound.seq(), portOf(call(bound).args().getOrDefault("addr", "")),
                outcome.port());
    }

    /** The port of an address as journals write it ({@code 127.0.0.1:3490}, {@code [::1]:3490}), else -1. */
    static int portOf(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) return -1;
        try {
            return Integer.parseInt(address.substring(colon + 1).trim());
        } catch (NumberFormatException notAPort) {
            return -1;
        }
    }

    private static Verdict pass(Rule rule, String key, Long seq, Object... args) {
        return new Verdict(rule, true, key, strings(args), seq, null);
    }

    private static Verdict fail(Rule rule, String key, Long seq, Object... args) {
        return new Verdict(rule, false, key, strings(args), seq, null);
    }

    private static List<String> strings(Object... args) {
        List<String> s = new ArrayList<>();
        for (Object a : args) s.add(String.valueOf(a));
        return s;
    }

    private static Payload.Call call(Event e) {
        return (Payload.Call) e.payload();
    }

    private List<Event> root() {
        return calls.stream().filter(e -> e.endpoint().equals(ROOT)).toList();
    }

    private Long lastSeq() {
        return events.stream().filter(e -> e.endpoint().startsWith(ROOT)).reduce((a, b) -> b).map(Event::seq)
                .orElse(null);
    }

    /** The seq of the program's last call (its last act before it ended), else of its last event. */
    private Long lastCallSeq() {
        return calls.isEmpty() ? lastSeq() : calls.getLast().seq();
    }

    // ---- the rules ----

    private Verdict pattern() {
        // Every process and thread of the program, in the order the calls happened, and only the calls the pattern
        // names: a poll loop, a thread per client or socketserver reach the same calls in their own way.
        List<Event> root = calls.stream().filter(e -> check.pattern().names(call(e).call())).toList();
        List<String> names = root.stream().map(e -> call(e).call()).toList();
        int bad = check.pattern().firstMismatch(names);
        if (bad < 0) return pass(Rule.PATTERN, "check.why.pattern.ok", null, names.size());
        if (bad >= names.size() && outcome.signal() > 0) // cut short by its death, not by its design
            return fail(Rule.PATTERN, "check.why.pattern.killed", lastCallSeq(), outcome.signal(), signalName(),
                    check.pattern().source());
        if (bad >= names.size())
            return fail(Rule.PATTERN, "check.why.pattern.tooShort", names.isEmpty() ? null : root.getLast().seq(),
                    check.pattern().source());
        return fail(Rule.PATTERN, "check.why.pattern.unexpected", root.get(bad).seq(), names.get(bad),
                check.pattern().source());
    }

    /** The listening fd of the main process (its first successful listen), or null. */
    private Event listen() {
        return root().stream().filter(e -> call(e).call().equals("listen") && !call(e).failed()).findFirst()
                .orElse(null);
    }

    private Verdict acceptedClosed() {
        // The kernel's own table of the main process's descriptors once every client left: an accepted socket still
        // there is a leak (a fork server's parent that never closes its copy, a thread that forgot, a dup kept). A
        // socket is followed by its inode where the journal names it: a number an accepted socket had may hold another
        // socket by now (closed and reused), and an accepted socket may be held under another number (dup). A program
        // that already ended is judged from its journal: the accepted sockets its main process never closed.
        Map<Integer, Event> lastAccept = new HashMap<>();
        Map<Long, Event> acceptedInodes = new HashMap<>();
        Map<Integer, Event> openInRoot = new LinkedHashMap<>();
        Set<Long> madeBySocket = new HashSet<>();
        int accepted = 0;
        for (Event e : calls) {
            Payload.Call c = call(e);
            if (c.call().startsWith("accept") && !c.failed()) {
                accepted++;
                int fd = (int) c.result();
                if (e.endpoint().equals(ROOT) || !lastAccept.containsKey(fd)) lastAccept.put(fd, e);
                Long inode = c.inodeOf(fd);
                if (inode != null) acceptedInodes.putIfAbsent(inode, e);
                if (e.endpoint().equals(ROOT)) openInRoot.put(fd, e);
            }
            if (c.call().equals("close") && !c.failed() && c.fd() != null && e.endpoint().equals(ROOT))
                openInRoot.remove(c.fd());
            if (c.call().equals("socket") && !c.failed()) {
                madeBySocket.add(c.inodeOf((int) c.result()));
                // The number now names the socket() one: an earlier accept's socket is not found under it any more.
                if (e.endpoint().equals(ROOT)) lastAccept.remove((int) c.result());
            }
        }
        // A socket is made once: an inode a socket() call made was not an accept's. strace's line for an accept can be
        // read after the program closed that fd and reused its number (a contained run's fds are read then), so the
        // inode read for it is the newer socket's; that accept's socket is then known by its number only.
        acceptedInodes.keySet().removeAll(madeBySocket);
        if (accepted == 0) return fail(Rule.ACCEPTED_CLOSED, "check.why.accepted.none", lastSeq());
        Map<Integer, Event> where = new HashMap<>();
        if (outcome.socketsAtEnd() != null) {
            for (var held : outcome.socketsAtEnd().entrySet()) {
                Event byInode = held.getValue() == null ? null : acceptedInodes.get(held.getValue());
                Event byNumber = lastAccept.get(held.getKey());
                // The number's last accept counts only when the journal does not say which socket it made.
                if (byInode != null) where.put(held.getKey(), byInode);
                else
                    if (byNumber != null && call(byNumber).inodeOf(held.getKey()) == null)
                        where.put(held.getKey(), byNumber);
            }
        } else {
            where.putAll(openInRoot);
        }
        List<Integer> leaked = where.keySet().stream().sorted().toList();
        if (leaked.isEmpty()) return pass(Rule.ACCEPTED_CLOSED, "check.why.accepted.ok", null, accepted);
        if (outcome.socketsAtEnd() == null && outcome.signal() > 0) // it died holding the connection it was serving
            return fail(Rule.ACCEPTED_CLOSED, "check.why.accepted.killed", lastCallSeq(), outcome.signal(),
                    signalName(), leaked.getFirst());
        return fail(Rule.ACCEPTED_CLOSED, "check.why.accepted.leaked", where.get(leaked.getFirst()).seq(),
                leaked.size(), leaked.getFirst(), accepted);
    }

    private Verdict noFdAtExit() {
        if (outcome.exitCode() == null)
            return fail(Rule.NO_FD_AT_EXIT, "check.why.notEnded", lastSeq(), check.limits().seconds());
        Map<Integer, Event> open = new LinkedHashMap<>();
        for (Event e : root()) {
            Payload.Call c = call(e);
            if (c.failed()) continue;
            if (c.call().equals("socket") || c.call().startsWith("accept")) open.put((int) c.result(), e);
            if (c.call().equals("close") && c.fd() != null) open.remove(c.fd());
        }
        if (open.isEmpty()) return pass(Rule.NO_FD_AT_EXIT, "check.why.noFd.ok", null);
        Map.Entry<Integer, Event> first = open.entrySet().iterator().next();
        return fail(Rule.NO_FD_AT_EXIT, "check.why.noFd.open", first.getValue().seq(), first.getKey(),
                call(first.getValue()).call());
    }

    private Verdict listenerOpen() {
        Event listen = listen();
        if (listen == null) return fail(Rule.LISTENER_OPEN, "check.why.listener.none", lastSeq());
        int fd = call(listen).fd();
        // The listening socket itself, by its inode where the journal names it (else its number, as before).
        Long inode = call(listen).inode();
        Event closed = null;
        for (Event e : root()) {
            if (e.seq() <= listen.seq()) continue;
            Payload.Call c = call(e);
            if (!c.call().equals("close") || c.fd() == null) continue;
            boolean same = inode != null && c.inode() != null ? inode.equals(c.inode()) : c.fd() == fd;
            if (same) {
                closed = e;
                break;
            }
        }
        long accepts = calls.stream().filter(e -> call(e).call().startsWith("accept") && !call(e).failed()).count();
        // A program that ended: the cause is that it ended (its code or its signal), where it stopped accepting.
        if (outcome.endedDuringPlays() && outcome.exitCode() != null) {
            Long where = closed != null ? closed.seq() : lastCallSeq();
            if (outcome.signal() > 0)
                return fail(Rule.LISTENER_OPEN, "check.why.listener.killed", where, outcome.signal(), signalName(),
                        accepts);
            return fail(Rule.LISTENER_OPEN, "check.why.listener.exited", where, outcome.exitCode(), accepts);
        }
        if (closed != null) return fail(Rule.LISTENER_OPEN, "check.why.listener.closed", closed.seq(), fd);
        if (outcome.endedDuringPlays())
            return fail(Rule.LISTENER_OPEN, "check.why.listener.ended", lastSeq(), exitText());
        if (outcome.socketsAtEnd() != null && !(inode != null
                ? outcome.socketsAtEnd().containsValue(inode)
                : outcome.socketsAtEnd().containsKey(fd)))
            return fail(Rule.LISTENER_OPEN, "check.why.listener.gone", listen.seq(), fd);
        return pass(Rule.LISTENER_OPEN, "check.why.listener.ok", listen.seq(), fd, accepts);
    }

    private String exitText() {
        return outcome.exitCode() == null ? "?" : String.valueOf(outcome.exitCode());
    }

    private String signalName() {
        return SIGNALS.getOrDefault(outcome.signal(), "SIG" + outcome.signal());
    }

    /**
     * Each other process or thread of the program that made a call the child pattern names must follow it (a forked
     * child's own calls, in order); a thread that only serves is judged alike, which is what a "fork" assignment asks.
     */
    private Verdict childPattern() {
        CallPattern p = check.childPattern();
        Map<String, List<Event>> byChild = new LinkedHashMap<>();
        for (Event e : calls)
            if (!e.endpoint().equals(ROOT) && p.names(call(e).call()))
                byChild.computeIfAbsent(e.endpoint(), k -> new ArrayList<>()).add(e);
        if (byChild.isEmpty()) return fail(Rule.CHILD_PATTERN, "check.why.child.none", lastCallSeq(), p.source());
        for (List<Event> own : byChild.values()) {
            List<String> names = own.stream().map(e -> call(e).call()).toList();
            int bad = p.firstMismatch(names);
            if (bad < 0) continue;
            if (bad >= names.size())
                return fail(Rule.CHILD_PATTERN, "check.why.child.tooShort", own.getLast().seq(), p.source());
            return fail(Rule.CHILD_PATTERN, "check.why.child.unexpected", own.get(bad).seq(), names.get(bad),
                    p.source());
        }
        return pass(Rule.CHILD_PATTERN, "check.why.child.ok", null, byChild.size());
    }

    private Verdict childrenExit() {
        List<Child> left = outcome.childrenAtEnd();
        long forks = events.stream().map(Event::endpoint).filter(p -> p.startsWith(ROOT + "-")).distinct().count();
        if (left == null || left.isEmpty()) return pass(Rule.CHILDREN_EXIT, "check.why.children.ok", null, forks);
        List<Child> zombies = left.stream().filter(Child::zombie).toList();
        Child first = zombies.isEmpty() ? left.getFirst() : zombies.getFirst();
        // The child's own first call (strace's clone is not journaled as a call): where that process began.
        String child = ROOT + "-" + first.pid();
        Long seq = calls.stream().filter(e -> e.endpoint().equals(child)).map(Event::seq).findFirst()
                .orElse(lastSeq());
        if (!zombies.isEmpty())
            return fail(Rule.CHILDREN_EXIT, "check.why.children.zombies", seq, zombies.size(), first.pid());
        return fail(Rule.CHILDREN_EXIT, "check.why.children.alive", seq, left.size(), first.pid());
    }

    /** The program's accept of the lab client with this local port (the accept's peer), or null. */
    private Event acceptOf(int localPort) {
        String peer = ":" + localPort;
        for (Event e : calls) {
            Payload.Call c = call(e);
            if (c.call().startsWith("accept") && c.args().getOrDefault("peer", "").endsWith(peer)) return e;
            if (c.call().equals("recvfrom") && c.args().getOrDefault("from", "").endsWith(peer)) return e;
        }
        return null;
    }

    /** The first accept (or recvfrom) of the program after {@code seq}: a peer's connection when no address shows. */
    private Event firstAcceptAfter(long seq) {
        for (Event e : calls) {
            Payload.Call c = call(e);
            if (e.seq() > seq && !c.failed() && (c.call().startsWith("accept") || c.call().equals("recvfrom")))
                return e;
        }
        return null;
    }

    private Long seqFor(LabResult.Client client) {
        Event e = client.localPort() == 0 ? null : acceptOf(client.localPort());
        if (e == null) e = firstAcceptAfter(client.afterSeq());
        return e != null ? e.seq() : lastSeq();
    }

    private Verdict echo() {
        List<LabResult.Client> clients = lab.clients();
        for (LabResult.Client c : clients) {
            if (c.same()) continue;
            if (check.plays().get(c.play()) instanceof CheckFile.Clients p && p.greeting() != null)
                return fail(Rule.ECHO, "check.why.greeting.differs", seqFor(c), c.play() + 1, c.number(),
                        p.greeting(), c.received(), problem(c));
            return fail(Rule.ECHO, "check.why.echo.differs", seqFor(c), c.play() + 1, c.number(), c.sent(),
                    c.received(), problem(c));
        }
        long bytes = clients.stream().mapToLong(LabResult.Client::sent).sum();
        if (clients.isEmpty()) return fail(Rule.ECHO, "check.why.echo.none", lastSeq());
        return pass(Rule.ECHO, "check.why.echo.ok", null, clients.size(), bytes);
    }

    private static String problem(LabResult.Client c) {
        return "@check.problem." + (c.problem() == null ? "none" : c.problem());
    }

    private Verdict shortSend() {
        int shorts = 0;
        for (int i = 0; i < calls.size(); i++) {
            Event e = calls.get(i);
            Payload.Call c = call(e);
            if (!OUTPUT.contains(c.call()) || c.fd() == null) continue;
            long asked;
            try {
                asked = Long.parseLong(c.args().getOrDefault("len", "?"));
            } catch (NumberFormatException notANumber) {
                continue;
            }
            boolean again = c.failed() && ("EAGAIN".equals(c.errnoName()) || "EWOULDBLOCK".equals(c.errnoName()));
            if (!again && (c.failed() || c.result() >= asked)) continue;
            shorts++;
            // The next call of the same process or thread on that socket must send again (waits in between are fine).
            Event next = null;
            for (int j = i + 1; j < calls.size() && next == null; j++) {
                Event f = calls.get(j);
                Payload.Call d = call(f);
                if (!f.endpoint().equals(e.endpoint()) || d.fd() == null || !d.fd().equals(c.fd())) continue;
                if (WAITS.contains(d.call())) continue;
                next = f;
            }
            if (next == null || !(OUTPUT.contains(call(next).call()) || call(next).call().equals("sendmsg")
                    || call(next).call().equals("writev")))
                return fail(Rule.SHORT_SEND, again ? "check.why.short.eagain" : "check.why.short.ignored", e.seq(),
                        c.call(), c.result(), asked, next == null ? "-" : call(next).call());
        }
        if (shorts == 0) return pass(Rule.SHORT_SEND, "check.why.short.none", null);
        return pass(Rule.SHORT_SEND, "check.why.short.ok", null, shorts);
    }

    private Verdict survivesReset() {
        int resetPlay = -1;
        for (int i = 0; i < check.plays().size(); i++)
            if (check.plays().get(i) instanceof CheckFile.Reset) resetPlay = i;
        Event resetAccept = lab.resetPort == 0 ? null : acceptOf(lab.resetPort);
        if (resetAccept == null && lab.resetPort != 0) resetAccept = firstAcceptAfter(lab.resetAfterSeq);
        Long seq = null;
        for (Event e : calls) {
            Payload.Call c = call(e);
            if (resetAccept != null && e.seq() > resetAccept.seq()
                    && ("ECONNRESET".equals(c.errnoName()) || "EPIPE".equals(c.errnoName()))) {
                seq = e.seq();
                break;
            }
        }
        if (seq == null && resetAccept != null) seq = resetAccept.seq();
        if (Boolean.FALSE.equals(lab.aliveAfterReset) || outcome.endedDuringPlays()) {
            // It ended before the reset client was even accepted: the reset is not the cause.
            if (resetAccept == null)
                return fail(Rule.SURVIVES_RESET, "check.why.reset.endedBefore", lastSeq(),
                        outcome.signal() > 0 ? signalName() : exitText());
            Long where = seq != null ? seq : lastSeq();
            if (outcome.signal() > 0)
                return fail(Rule.SURVIVES_RESET, "check.why.reset.signal", where, outcome.signal(), signalName());
            if (outcome.exitCode() != null)
                return fail(Rule.SURVIVES_RESET, "check.why.reset.exited", where, outcome.exitCode());
            return fail(Rule.SURVIVES_RESET, "check.why.reset.died", where, exitText());
        }
        final int after = resetPlay;
        List<LabResult.Client> later = lab.clients().stream().filter(c -> c.play() > after).toList();
        for (LabResult.Client c : later)
            if (!c.same())
                return fail(Rule.SURVIVES_RESET, "check.why.reset.notServed", seqFor(c), c.play() + 1, c.number());
        return pass(Rule.SURVIVES_RESET, "check.why.reset.ok", seq, later.size());
    }

    private Verdict concurrent() {
        for (int i = 0; i < check.plays().size(); i++) {
            if (!(check.plays().get(i) instanceof CheckFile.Clients p) || !p.atOnce() || p.count() < 2) continue;
            final int play = i;
            List<LabResult.Client> those = lab.clients().stream().filter(c -> c.play() == play).toList();
            long served = those.stream().filter(LabResult.Client::same).count();
            if (served < p.count()) {
                LabResult.Client first = those.stream().filter(c -> !c.same()).findFirst().orElse(null);
                return fail(Rule.CONCURRENT, "check.why.concurrent.not", first == null ? lastSeq() : seqFor(first),
                        served, p.count());
            }
        }
        return pass(Rule.CONCURRENT, "check.why.concurrent.ok", null);
    }

    private Verdict exitZero() {
        if (outcome.exitCode() == null)
            return fail(Rule.EXIT_ZERO, "check.why.notEnded", lastSeq(), check.limits().seconds());
        if (outcome.exitCode() != 0) {
            if (outcome.signal() > 0)
                return fail(Rule.EXIT_ZERO, "check.why.exit.signal", lastSeq(), outcome.exitCode(), signalName());
            return fail(Rule.EXIT_ZERO, "check.why.exit.code", lastSeq(), outcome.exitCode());
        }
        return pass(Rule.EXIT_ZERO, "check.why.exit.ok", lastSeq());
    }

    private Verdict wholeReply() {
        // The socket that connected to the lab server, and what the program read on it.
        Event connect = root().stream().filter(e -> call(e).call().equals("connect") && !call(e).failed()).findFirst()
                .orElse(null);
        if (connect == null) return fail(Rule.WHOLE_REPLY, "check.why.reply.noConnect", lastSeq());
        int fd = call(connect).fd();
        long read = 0;
        Event last = connect;
        for (Event e : root()) {
            Payload.Call c = call(e);
            if (e.seq() <= connect.seq() || c.fd() == null || c.fd() != fd) continue;
            if (c.call().equals("close")) break;
            if (INPUT.contains(c.call()) && !c.failed()) {
                read += c.result();
                last = e;
            }
        }
        if (lab.replySent == 0) return fail(Rule.WHOLE_REPLY, "check.why.reply.noRequest", connect.seq());
        // The whole reply as the play says: a client that stops reading early also stops the lab server sending.
        long whole = check.plays().stream().filter(p -> p instanceof CheckFile.Server)
                .mapToLong(p -> ((CheckFile.Server) p).replyBytes()).findFirst().orElse(lab.replySent);
        if (read < whole) return fail(Rule.WHOLE_REPLY, "check.why.reply.short", last.seq(), read, whole);
        return pass(Rule.WHOLE_REPLY, "check.why.reply.ok", last.seq(), read);
    }

    /**
     * The first send that repeats an earlier one with no wait in between that ran out of time (a recv that failed with
     * EAGAIN or EINTR, a poll, select or epoll_wait that returned 0), or null: a client that sends again at once floods
     * the network and never gives the answer a chance.
     */
    private Event resentWithoutWaiting() {
        boolean sent = false, waited = false;
        long sentNs = 0;
        for (Event e : root()) {
            Payload.Call c = call(e);
            if (c.call().startsWith("send") && !c.failed()) {
                // A wait cut by alarm's signal leaves no call in the journal (strace prints "= ? ERESTARTSYS"): the
                // time that passed since the last send shows it.
                if (sent && !waited && e.atNs() - sentNs < RESEND_WAIT_NS) return e;
                sent = true;
                sentNs = e.atNs();
                waited = false;
            } else if (INPUT.contains(c.call()) && c.failed() && TIMED_OUT.contains(c.errnoName())) {
                waited = true;
            } else
                if (WAITS.contains(c.call()) && c.call().matches("p?poll|.*select.*|epoll_p?wait2?")
                        && !c.failed() && c.result() == 0) {
                            waited = true;
                        }
        }
        return null;
    }

    private Verdict timeoutRetry() {
        int drop = check.plays().stream().filter(p -> p instanceof CheckFile.Server).map(p -> (CheckFile.Server) p)
                .findFirst().map(CheckFile.Server::drop).orElse(0);
        if (lab.datagramsReceived <= drop) {
            // Never sent again: find the wait that never ended (a blocked recvfrom), else the last call.
            Long seq = null;
            for (Event e : events)
                if (e.endpoint().startsWith(ROOT) && (e.payload() instanceof Payload.Blocked
                        || e.payload() instanceof Payload.Cancelled))
                    seq = e.seq();
            // strace prints a call that never returned only when the program is killed inside it (and not as a call):
            // then the evidence is its last call, the datagram it sent before waiting for ever.
            if (seq == null && !calls.isEmpty()) seq = calls.getLast().seq();
            return fail(Rule.TIMEOUT_RETRY, "check.why.retry.never", seq != null ? seq : lastSeq(),
                    lab.datagramsReceived, drop);
        }
        Event ack = null;
        byte[] reply = check.plays().stream().filter(p -> p instanceof CheckFile.Server)
                .map(p -> ((CheckFile.Server) p).reply()).findFirst().orElse("").getBytes(StandardCharsets.UTF_8);
        for (Event e : calls) {
            Payload.Call c = call(e);
            if (INPUT.contains(c.call()) && !c.failed() && c.data() != null
                    && Arrays.equals(c.data(), reply)) {
                ack = e;
                break;
            }
        }
        if (ack == null) return fail(Rule.TIMEOUT_RETRY, "check.why.retry.noAck", lastSeq(), lab.datagramsReceived);
        Event hasty = resentWithoutWaiting();
        if (hasty != null) return fail(Rule.TIMEOUT_RETRY, "check.why.retry.noWait", hasty.seq(), call(hasty).call());
        return pass(Rule.TIMEOUT_RETRY, "check.why.retry.ok", ack.seq(), lab.datagramsReceived);
    }
}
