package org.socketlab.check;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
     * SocketLab stopped it, a server's normal end); whether its time limit ran out; the socket fds its main process
     * still had open when the plays were over (null when unknown, for example it had already ended).
     */
    record Outcome(boolean started, Integer exitCode, boolean timedOut, Set<Integer> socketsAtEnd,
            boolean endedDuringPlays) {
    }

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
            out.add(new Verdict(v.rule(), v.passed(), v.key(), v.args(), v.seq(), entry.hint()));
        }
        return out;
    }

    private Verdict judge(Rule rule) {
        if (!outcome.started()) return fail(rule, "check.why.notStarted", lastSeq(), exitText());
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
        };
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

    // ---- the rules ----

    private Verdict pattern() {
        List<Event> root = root();
        List<String> names = root.stream().map(e -> call(e).call()).toList();
        int bad = check.pattern().firstMismatch(names);
        if (bad < 0) return pass(Rule.PATTERN, "check.why.pattern.ok", null, names.size());
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
        // there is a leak (a fork server's parent that never closes its copy, a thread that forgot). A program that
        // already ended is judged from its journal: the accepted sockets its main process never closed.
        Map<Integer, Event> lastAccept = new HashMap<>();
        Map<Integer, Event> openInRoot = new LinkedHashMap<>();
        int accepted = 0;
        for (Event e : calls) {
            Payload.Call c = call(e);
            if (c.call().startsWith("accept") && !c.failed()) {
                accepted++;
                if (e.endpoint().equals(ROOT) || !lastAccept.containsKey((int) c.result()))
                    lastAccept.put((int) c.result(), e);
                if (e.endpoint().equals(ROOT)) openInRoot.put((int) c.result(), e);
            }
            if (c.call().equals("close") && !c.failed() && c.fd() != null && e.endpoint().equals(ROOT))
                openInRoot.remove(c.fd());
        }
        if (accepted == 0) return fail(Rule.ACCEPTED_CLOSED, "check.why.accepted.none", lastSeq());
        List<Integer> leaked = outcome.socketsAtEnd() != null
                ? outcome.socketsAtEnd().stream().filter(lastAccept::containsKey).sorted().toList()
                : List.copyOf(openInRoot.keySet());
        Map<Integer, Event> where = outcome.socketsAtEnd() != null ? lastAccept : openInRoot;
        if (leaked.isEmpty()) return pass(Rule.ACCEPTED_CLOSED, "check.why.accepted.ok", null, accepted);
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
        for (Event e : root()) {
            if (e.seq() <= listen.seq()) continue;
            Payload.Call c = call(e);
            if (c.call().equals("close") && c.fd() != null && c.fd() == fd)
                return fail(Rule.LISTENER_OPEN, "check.why.listener.closed", e.seq(), fd);
        }
        if (outcome.endedDuringPlays())
            return fail(Rule.LISTENER_OPEN, "check.why.listener.ended", lastSeq(), exitText());
        if (outcome.socketsAtEnd() != null && !outcome.socketsAtEnd().contains(fd))
            return fail(Rule.LISTENER_OPEN, "check.why.listener.gone", listen.seq(), fd);
        long accepts = calls.stream().filter(e -> call(e).call().startsWith("accept") && !call(e).failed()).count();
        return pass(Rule.LISTENER_OPEN, "check.why.listener.ok", listen.seq(), fd, accepts);
    }

    private String exitText() {
        return outcome.exitCode() == null ? "?" : String.valueOf(outcome.exitCode());
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
        if (Boolean.FALSE.equals(lab.aliveAfterReset) || outcome.endedDuringPlays())
            return fail(Rule.SURVIVES_RESET, "check.why.reset.died", seq != null ? seq : lastSeq(), exitText());
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
            String key = outcome.exitCode() > 128 ? "check.why.exit.signal" : "check.why.exit.code";
            return fail(Rule.EXIT_ZERO, key, lastSeq(), outcome.exitCode(), outcome.exitCode() - 128);
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
        return pass(Rule.TIMEOUT_RETRY, "check.why.retry.ok", ack.seq(), lab.datagramsReceived);
    }
}
