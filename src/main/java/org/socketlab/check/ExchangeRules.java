package org.socketlab.check;

import static org.socketlab.check.Evidence.ROOT;
import static org.socketlab.check.Evidence.call;
import static org.socketlab.check.Evidence.fail;
import static org.socketlab.check.Evidence.pass;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Errno;
import org.socketlab.syscall.SysCall;

/**
 * The rules about what the program exchanged with the lab's peers and how it ended: echo, short sends handled,
 * surviving a reset peer, serving clients at once, the exit code, reading the whole reply, waiting before a resend.
 */
final class ExchangeRules {
    /** Calls a program may make on a socket between a short send and its next send: waits and their settings. */
    private static final Set<SysCall> SETTINGS = EnumSet.of(SysCall.EPOLL_CTL, SysCall.FCNTL, SysCall.FCNTL64,
            SysCall.SETSOCKOPT, SysCall.GETSOCKOPT);
    /** The signal alarm() sends: a program without a handler for it dies of it. */
    private static final int SIGALRM = 14;
    /** The least time between a send and its resend that counts as having waited for the answer. */
    private static final long RESEND_WAIT_NS = 100_000_000;
    /** What a wait that ran out of time (or was cut by a signal, alarm's way) returns. */

    private final Evidence run;

    ExchangeRules(Evidence run) {
        this.run = run;
    }

    Verdict echo() {
        List<LabResult.Client> clients = run.lab.clients();
        for (LabResult.Client c : clients) {
            if (c.same()) continue;
            // Nothing came back from a program that had ended by itself: its end is the cause, told with its code or
            // its signal (an exited server, Beej's listener after its first datagram), not what an echo loop did.
            if (c.received() == 0 && run.outcome.endedDuringPlays() && run.outcome.exitCode() != null
                    && !run.outcome.timedOut())
                return run.outcome.signal() > 0
                        ? fail(Rule.ECHO, "check.why.echo.killed", run.lastCallSeq(), c.play() + 1, c.number(),
                                run.outcome.signal(), run.signalName())
                        : fail(Rule.ECHO, "check.why.echo.ended", run.lastCallSeq(), c.play() + 1, c.number(),
                                run.outcome.exitCode());
            if (run.check.plays().get(c.play()) instanceof CheckFile.Clients p && p.greeting() != null)
                return c.received() == 0
                        ? fail(Rule.ECHO, "check.why.greeting.nothing", run.seqFor(c), c.play() + 1, c.number(),
                                p.greeting(), problemOfNothing(c))
                        : fail(Rule.ECHO, "check.why.greeting.differs", run.seqFor(c), c.play() + 1, c.number(),
                                p.greeting(), c.received(), problem(c));
            // Zero bytes are not "part of it": the program closed (or never answered) before sending anything.
            if (c.received() == 0)
                return fail(Rule.ECHO, "check.why.echo.nothing", run.seqFor(c), c.play() + 1, c.number(), c.sent(),
                        problemOfNothing(c));
            LabResult.Difference d = c.difference();
            if (d != null) // not a part of what was sent: other bytes
                return fail(Rule.ECHO, "check.why.echo.differentBytes", run.seqFor(c), c.play() + 1, c.number(),
                        c.sent(), c.received(), d.at(), shownByte(d.expected()), shownByte(d.got()));
            return fail(Rule.ECHO, "check.why.echo.differs", run.seqFor(c), c.play() + 1, c.number(), c.sent(),
                    c.received(), problem(c));
        }
        long bytes = clients.stream().mapToLong(LabResult.Client::sent).sum();
        if (clients.isEmpty()) return fail(Rule.ECHO, "check.why.echo.none", run.lastSeq());
        // Greeted clients send nothing: what they got is the greeting and the end, not "the 0 bytes they sent".
        if (bytes == 0 && clients.stream().allMatch(c -> run.check.plays().get(c.play()) instanceof CheckFile.Clients p
                && p.greeting() != null))
            return pass(Rule.ECHO, "check.why.greeting.ok", null, clients.size());
        return pass(Rule.ECHO, "check.why.echo.ok", null, clients.size(), bytes);
    }

    /** Why nothing came back to a client: the connection's end before any byte is the program's close. */
    private static String problemOfNothing(LabResult.Client c) {
        return "short".equals(c.problem()) || c.problem() == null ? "@check.problem.closed" : problem(c);
    }

    /** A byte as a reason shows it: the character when it is a printable ASCII one, and its value in hex. */
    static String shownByte(int b) {
        String hex = String.format(Locale.ROOT, "0x%02x", b & 0xff);
        return b >= 0x21 && b < 0x7f ? "'" + (char) b + "' (" + hex + ")" : hex;
    }

    private static String problem(LabResult.Client c) {
        return "@check.problem." + (c.problem() == null ? "none" : c.problem());
    }

    Verdict shortSend() {
        int shorts = 0;
        for (int i = 0; i < run.calls.size(); i++) {
            Event e = run.calls.get(i);
            Payload.Call c = call(e);
            if (!c.is(SysCall::sendsData) || c.fd() == null) continue;
            long asked;
            try {
                asked = Long.parseLong(c.arg(CallArg.LEN, "?"));
            } catch (NumberFormatException notANumber) {
                continue;
            }
            boolean again = c.failed() && c.failedWith(Errno::wouldBlock);
            if (!again && (c.failed() || c.result() >= asked)) continue;
            shorts++;
            // The next call of the same process or thread on that socket must send again (waits in between are fine).
            Event next = null;
            for (int j = i + 1; j < run.calls.size() && next == null; j++) {
                Event f = run.calls.get(j);
                Payload.Call d = call(f);
                if (!f.endpoint().equals(e.endpoint()) || d.fd() == null || !d.fd().equals(c.fd())) continue;
                if (d.is(SysCall::waitsForReadiness) || d.is(SETTINGS::contains)) continue;
                next = f;
            }
            if (next == null || !call(next).is(SysCall::sendsData))
                return fail(Rule.SHORT_SEND, again ? "check.why.short.eagain" : "check.why.short.ignored", e.seq(),
                        c.call(), c.result(), asked, next == null ? "-" : call(next).call());
        }
        if (shorts == 0) return pass(Rule.SHORT_SEND, "check.why.short.none", null);
        return pass(Rule.SHORT_SEND, "check.why.short.ok", null, shorts);
    }

    Verdict survivesReset() {
        int resetPlay = -1;
        for (int i = 0; i < run.check.plays().size(); i++)
            if (run.check.plays().get(i) instanceof CheckFile.Reset) resetPlay = i;
        Event resetAccept = run.lab.resetPort == 0 ? null : run.acceptOf(run.lab.resetPort);
        if (resetAccept == null && run.lab.resetPort != 0) resetAccept = run.firstAcceptAfter(run.lab.resetAfterSeq);
        Long seq = null;
        for (Event e : run.calls) {
            Payload.Call c = call(e);
            if (resetAccept != null && e.seq() > resetAccept.seq()
                    && c.failedWith(Errno::connectionBroken)) {
                seq = e.seq();
                break;
            }
        }
        if (seq == null && resetAccept != null) seq = resetAccept.seq();
        if (Boolean.FALSE.equals(run.lab.aliveAfterReset) || run.outcome.endedDuringPlays()) {
            // It ended before the reset client was even accepted: the reset is not the cause.
            if (resetAccept == null)
                return fail(Rule.SURVIVES_RESET, "check.why.reset.endedBefore", run.lastSeq(),
                        run.outcome.signal() > 0 ? run.signalName() : run.exitText());
            Long where = seq != null ? seq : run.lastSeq();
            if (run.outcome.signal() > 0)
                return fail(Rule.SURVIVES_RESET, "check.why.reset.signal", where, run.outcome.signal(),
                        run.signalName());
            if (run.outcome.exitCode() != null)
                return fail(Rule.SURVIVES_RESET, "check.why.reset.exited", where, run.outcome.exitCode());
            return fail(Rule.SURVIVES_RESET, "check.why.reset.died", where, run.exitText());
        }
        final int after = resetPlay;
        List<LabResult.Client> later = run.lab.clients().stream().filter(c -> c.play() > after).toList();
        // The rule judges surviving, not echoing: a later client that got an answer (any bytes), or whose connection
        // the program accepted, was served by a program that survived; one that got nothing was not, unless the
        // clients before the reset got nothing either (then the reset is not why: echo says what is wrong). Accepted
        // is enough: a program that writes a greeting and closes with the client's bytes unread sends an RST that
        // may destroy the greeting before it is read (the kernel's race; a lane-1 run saw it with greeting_server.py).
        boolean answeredBefore = run.lab.clients().stream().filter(c -> c.play() < after)
                .allMatch(c -> c.same() || c.received() > 0);
        for (LabResult.Client c : later)
            if (!c.same() && c.received() == 0 && answeredBefore
                    && (c.localPort() == 0 || run.acceptOf(c.localPort()) == null))
                return fail(Rule.SURVIVES_RESET, "check.why.reset.notServed", run.seqFor(c), c.play() + 1, c.number(),
                        problem(c));
        if (later.stream().anyMatch(c -> !c.same()))
            return pass(Rule.SURVIVES_RESET, "check.why.reset.alive", seq, later.size());
        return pass(Rule.SURVIVES_RESET, "check.why.reset.ok", seq, later.size());
    }

    Verdict concurrent() {
        for (int i = 0; i < run.check.plays().size(); i++) {
            if (!(run.check.plays().get(i) instanceof CheckFile.Clients p) || !p.atOnce() || p.count() < 2) continue;
            final int play = i;
            List<LabResult.Client> those = run.lab.clients().stream().filter(c -> c.play() == play).toList();
            long served = those.stream().filter(LabResult.Client::same).count();
            if (served < p.count()) {
                LabResult.Client first = those.stream().filter(c -> !c.same()).findFirst().orElse(null);
                return fail(Rule.CONCURRENT,
                        run.check.proto() == CheckFile.Proto.UDP
                                ? "check.why.concurrent.notUdp"
                                : "check.why.concurrent.not",
                        first == null ? run.lastSeq() : run.seqFor(first),
                        served, p.count());
            }
        }
        return pass(Rule.CONCURRENT, "check.why.concurrent.ok", null);
    }

    Verdict exitZero() {
        if (run.outcome.exitCode() == null)
            return fail(Rule.EXIT_ZERO, "check.why.notEnded", run.lastSeq(), run.check.limits().seconds());
        if (run.outcome.exitCode() != 0) {
            if (run.outcome.signal() > 0)
                return fail(Rule.EXIT_ZERO, "check.why.exit.signal", run.lastSeq(), run.outcome.exitCode(),
                        run.signalName());
            return fail(Rule.EXIT_ZERO, "check.why.exit.code", run.lastSeq(), run.outcome.exitCode());
        }
        return pass(Rule.EXIT_ZERO, "check.why.exit.ok", run.lastSeq());
    }

    Verdict wholeReply() {
        // The socket that connected to the lab server, and what the program read on it: the main process's, any of its
        // threads'. A connect that returned EINPROGRESS (a connect with a timeout: Python's, curl's, nc's) connected
        // when the kernel said so: poll or select then getsockopt(SO_ERROR), and the socket's first send or receive.
        Event connect = null;
        boolean underway = false;
        for (Event e : run.root()) {
            Payload.Call c = call(e);
            if (!c.is(SysCall.CONNECT) || c.fd() == null) continue;
            if (!c.failed()) {
                connect = e;
                break;
            }
            if (c.failedWith(Errno::connectUnderway) && connectedLater(e)) {
                connect = e;
                underway = true;
                break;
            }
        }
        if (connect == null)
            return fail(Rule.WHOLE_REPLY,
                    run.lab.clientConnected ? "check.why.reply.connectUnseen" : "check.why.reply.noConnect",
                    run.lastSeq());
        int fd = Objects.requireNonNull(call(connect).fd()); // a connect names its socket
        long read = 0;
        Event last = connect;
        for (Event e : run.root()) {
            Payload.Call c = call(e);
            if (e.seq() <= connect.seq() || c.fd() == null || c.fd() != fd) continue;
            if (c.is(SysCall.CLOSE)) break;
            if (c.is(SysCall::receivesData) && !c.failed()) {
                read += c.result();
                last = e;
            }
        }
        if (run.lab.replySent == 0) return fail(Rule.WHOLE_REPLY, "check.why.reply.noRequest", connect.seq());
        // The whole reply as the play says: a client that stops reading early also stops the run.lab server sending.
        long whole = run.check.plays().stream().filter(p -> p instanceof CheckFile.Server)
                .mapToLong(p -> ((CheckFile.Server) p).replyBytes()).findFirst().orElse(run.lab.replySent);
        if (read < whole) return fail(Rule.WHOLE_REPLY, "check.why.reply.short", last.seq(), read, whole);
        return pass(Rule.WHOLE_REPLY, underway ? "check.why.reply.okUnderway" : "check.why.reply.ok", last.seq(), read);
    }

    /**
     * Whether the non-blocking connect {@code connect} completed: a later send or receive on its socket in the same
     * process succeeded, or getsockopt read no error; a connect again that says EISCONN also says it did.
     */
    private boolean connectedLater(Event connect) {
        Integer fd = call(connect).fd();
        for (Event e : run.root()) {
            Payload.Call c = call(e);
            if (e.seq() <= connect.seq() || c.fd() == null || !c.fd().equals(fd)) continue;
            if (c.is(SysCall.CLOSE)) return false;
            if ((c.is(SysCall::sendsData) || c.is(SysCall::receivesData)) && !c.failed()) return true;
            if (c.is(SysCall.CONNECT) && (!c.failed() || c.failedWith(Errno.EISCONN))) return true;
        }
        return false;
    }

    /**
     * The first send that repeats an earlier one with no wait in between that ran out of time (a recv that failed with
     * EAGAIN or EINTR, a poll, select or epoll_wait that returned 0), or null: a client that sends again at once floods
     * the network and never gives the answer a chance.
     */
    private @Nullable Event resentWithoutWaiting() {
        boolean sent = false, waited = false;
        long sentNs = 0;
        for (Event e : run.root()) {
            Payload.Call c = call(e);
            if (c.is(SysCall::sendsData) && !c.failed()) {
                // A wait cut by alarm's signal leaves no call in the journal (strace prints "= ? ERESTARTSYS"): the
                // time that passed since the last send shows it.
                if (sent && !waited && e.atNs() - sentNs < RESEND_WAIT_NS) return e;
                sent = true;
                sentNs = e.atNs();
                waited = false;
            } else if (c.is(SysCall::receivesData) && c.failed() && c.failedWith(Errno::waitEnded)) {
                waited = true;
            } else
                if (c.is(SysCall::waitsForReadiness) && !c.failed() && c.result() == 0) {
                    waited = true;
                }
        }
        return null;
    }

    /**
     * The first wait of the main process that ran out of time or was cut by a signal (a receive that failed with
     * EAGAIN or EINTR: SO_RCVTIMEO, alarm, settimeout; a poll, select or epoll_wait that returned 0), else null.
     */
    private @Nullable Event timedWait() {
        for (Event e : run.root()) {
            Payload.Call c = call(e);
            if (c.is(SysCall::receivesData) && c.failed() && c.failedWith(Errno::waitEnded)) return e;
            if (c.is(SysCall::waitsForReadiness) && !c.failed() && c.result() == 0) return e;
        }
        return null;
    }

    /** A time in ns as a reason says it: seconds, to a tenth. */
    private static String seconds(long ns) {
        return String.format(Locale.ROOT, "%.1f", ns / 1e9);
    }

    Verdict timeoutRetry() {
        int drop = run.check.plays().stream().filter(p -> p instanceof CheckFile.Server).map(p -> (CheckFile.Server) p)
                .findFirst().map(CheckFile.Server::drop).orElse(0);
        if (run.lab.datagramsReceived <= drop) {
            // Never sent again: find the wait that never ended (a blocked recvfrom), else the last call.
            Long seq = null;
            for (Event e : run.events)
                if (e.endpoint().startsWith(ROOT) && (e.payload() instanceof Payload.Blocked
                        || e.payload() instanceof Payload.Cancelled))
                    seq = e.seq();
            // strace prints a call that never returned only when the program is killed inside it (and not as a call):
            // then the evidence is its last call, the datagram it sent before waiting for ever.
            if (seq == null && !run.calls.isEmpty()) seq = run.calls.getLast().seq();
            Event limited = timedWait();
            // A wait a signal cut (alarm's SIGALRM: strace's "= ? ERESTARTSYS", journaled -1 EINTR) is said as such,
            // with how long it waited: the program had a time limit, it did not send again.
            if (limited != null && call(limited).failedWith(Errno.EINTR))
                return fail(Rule.TIMEOUT_RETRY, "check.why.retry.gaveUpSignal", limited.seq(),
                        run.lab.datagramsReceived, drop, seconds(call(limited).blockedNs()),
                        Judge.shown(call(limited)));
            if (limited != null)
                return fail(Rule.TIMEOUT_RETRY, "check.why.retry.gaveUp", limited.seq(), run.lab.datagramsReceived,
                        drop, Judge.shown(call(limited)));
            // A wait cut by a signal leaves no call in the journal (strace prints "= ? ERESTARTSYS"): a program that
            // ended by itself some time after its last send did wait a limited time (alarm), then gave up.
            if (run.outcome.signal() == SIGALRM)
                return fail(Rule.TIMEOUT_RETRY, "check.why.retry.alarmKilled", seq != null ? seq : run.lastSeq(),
                        run.lab.datagramsReceived, drop);
            Event lastSend = run.root().stream().filter(e -> call(e).is(SysCall::sendsData)).reduce((a, b) -> b)
                    .orElse(null);
            Event end = run.root().isEmpty() ? null : run.root().getLast();
            if (run.outcome.exitCode() != null && !run.outcome.timedOut() && run.outcome.signal() == 0
                    && lastSend != null && end != null && end.atNs() - lastSend.atNs() >= RESEND_WAIT_NS)
                return fail(Rule.TIMEOUT_RETRY, "check.why.retry.gaveUpEnded", end.seq(), run.lab.datagramsReceived,
                        drop, seconds(end.atNs() - lastSend.atNs()));
            return fail(Rule.TIMEOUT_RETRY, "check.why.retry.never", seq != null ? seq : run.lastSeq(),
                    run.lab.datagramsReceived, drop);
        }
        Event ack = null;
        byte[] reply = run.check.plays().stream().filter(p -> p instanceof CheckFile.Server)
                .map(p -> ((CheckFile.Server) p).reply()).findFirst().orElse("").getBytes(StandardCharsets.UTF_8);
        for (Event e : run.calls) {
            Payload.Call c = call(e);
            if (c.is(SysCall::receivesData) && !c.failed() && c.data() != null
                    && Arrays.equals(c.data(), reply)) {
                ack = e;
                break;
            }
        }
        if (ack == null)
            return fail(Rule.TIMEOUT_RETRY, "check.why.retry.noAck", run.lastSeq(), run.lab.datagramsReceived);
        Event hasty = resentWithoutWaiting();
        if (hasty != null) return fail(Rule.TIMEOUT_RETRY, "check.why.retry.noWait", hasty.seq(), call(hasty).call());
        return pass(Rule.TIMEOUT_RETRY, "check.why.retry.ok", ack.seq(), run.lab.datagramsReceived);
    }
}
