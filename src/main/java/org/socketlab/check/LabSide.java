package org.socketlab.check;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.socketlab.syscall.Libc;

/**
 * What SocketLab plays against the program under test, with real sockets on the loopback of the program's network
 * ({@link LabSocket}: a contained program's room has a network of its own, where its endpoint makes them; the program
 * sees ordinary peers; its own calls are what the journal records). Every wait has a time limit, so a program that
 * never answers costs seconds, not the run. What each socket saw goes into a {@link LabResult}.
 */
final class LabSide {
    private final Libc libc;
    private final LabSocket.Maker sockets;
    private final CheckFile check;
    private final int port;
    private final LabResult result;
    private final BooleanSupplier programAlive;
    /** The seq of the program's latest call: it stops growing when the program waits (or is done). */
    private final LongSupplier programActivity;
    /** Whether the program has accepted, after a seq, the lab connection from a local port. */
    private final AcceptSeen accepted;
    private final CheckRun.Phases phases;
    /** How long a lab client waits for one echo, or to connect ({@link Waits#labSocket()}). */
    private final int waitMs;
    /** How a wait for the program counts its silences (not the time SocketLab's reader of its record is behind). */
    private final Patience patience;
    private final Waits waits;
    private volatile boolean stopping;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<LabServer> servers = new ArrayList<>();

    /** Whether the program accepted, after {@code sinceSeq}, the lab connection whose local port is {@code port}. */
    @FunctionalInterface
    interface AcceptSeen {
        boolean since(long sinceSeq, int port);
    }

    LabSide(Libc libc, LabSocket.Maker sockets, CheckFile check, int port, LabResult result,
            BooleanSupplier programAlive, LongSupplier programActivity, AcceptSeen accepted, CheckRun.Phases phases,
            Waits waits, BooleanSupplier recordBehind) {
        this.libc = libc;
        this.sockets = sockets;
        this.waits = waits;
        this.waitMs = waits.labSocketMs();
        this.patience = new Patience(waitMs, recordBehind);
        this.programActivity = programActivity;
        this.accepted = accepted;
        this.phases = phases;
        this.check = check;
        this.port = port;
        this.result = result;
        this.programAlive = programAlive;
    }

    // ---- a server under test: SocketLab plays its clients ----

    /** Plays every client play of the check file in order, against the program listening on the port. */
    void playClients() throws InterruptedException {
        boolean afterReset = false;
        for (int i = 0; i < check.plays().size(); i++) {
            switch (check.plays().get(i)) {
                case CheckFile.Clients c -> {
                    if (check.proto() == CheckFile.Proto.TCP) tcpClients(i, c);
                    else udpClients(i, c);
                    if (afterReset && result.aliveAfterReset == null)
                        result.aliveAfterReset = programAlive.getAsBoolean();
                }
                case CheckFile.Reset r -> {
                    reset();
                    afterReset = true;
                }
                case CheckFile.Big b -> big(i, b);
                case CheckFile.Server s -> throw new IllegalStateException(String.valueOf(s));
            }
            phases.end("play" + (i + 1));
        }
    }

    /** The bytes lab client {@code client} of play {@code play} sends as message {@code message}: readable text. */
    static byte[] message(int play, int client, int message, int size) {
        byte[] head = ("play " + (play + 1) + " client " + client + " message " + message + ": ")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) b[i] = i < head.length ? head[i] : (byte) ('a' + (i + client + message) % 26);
        if (size > 1) b[size - 1] = '\n';
        return b;
    }

    private void tcpClients(int play, CheckFile.Clients c) throws InterruptedException {
        if (!c.atOnce()) {
            for (int k = 1; k <= c.count(); k++) {
                long mark = programActivity.getAsLong();
                try (LabSocket s = connect()) {
                    tcpConversation(play, k, c, s, null, mark);
                } catch (IOException e) {
                    result.add(new LabResult.Client(play, k, 0, 0, 0, false, code(e), mark));
                }
            }
            return;
        }
        long mark = programActivity.getAsLong();
        // All connected first; then each talks on its own thread and keeps its connection until all are done.
        List<LabSocket> connected = new ArrayList<>();
        for (int k = 1; k <= c.count(); k++) {
            try {
                connected.add(connect());
            } catch (IOException e) {
                result.add(new LabResult.Client(play, k, 0, 0, 0, false, code(e), mark));
                connected.add(null);
            }
        }
        CountDownLatch allDone = new CountDownLatch(c.count());
        List<Thread> threads = new ArrayList<>();
        for (int k = 1; k <= c.count(); k++) {
            LabSocket s = connected.get(k - 1);
            int number = k;
            if (s == null) {
                allDone.countDown();
                continue;
            }
            threads.add(Thread.ofPlatform().daemon().name("socketlab-check-client-" + k).start(() -> {
                try (s) {
                    tcpConversation(play, number, c, s, allDone, mark);
                }
            }));
        }
        for (Thread t : threads) t.join(patience.joinMs(c.messages() + 2));
    }

    private LabSocket connect() throws IOException {
        LabSocket s = LabSocket.tcp(libc, sockets, 0);
        synchronized (open) {
            open.add(s);
        }
        s.connect(port, waitMs);
        return s;
    }

    /** Sends each message and reads its echo; with {@code allDone}, waits for the other clients before closing. */
    private void tcpConversation(int play, int number, CheckFile.Clients c, LabSocket s,
            @Nullable CountDownLatch allDone,
            long mark) {
        long sent = 0, received = 0;
        boolean same = true;
        String problem = null;
        LabResult.Difference differs = null;
        int local = s.localPort();
        try {
            if (c.greeting() != null) {
                // Sends nothing: reads the greeting and then the end of the connection (a server that greets and
                // closes); a server that never closes keeps it waiting until the time runs out.
                byte[] expected = c.greeting().getBytes(StandardCharsets.UTF_8);
                byte[] got = new byte[expected.length + 1];
                int n = readUpTo(s, got);
                received = Math.max(0, n);
                same = n == expected.length && Arrays.equals(expected, Arrays.copyOf(got, expected.length));
                if (same && patience.await(ms -> s.read(new byte[1], 0, 1, ms)) >= 0) {
                    same = false;
                    problem = "notClosed";
                }
            }
            for (int m = 1; m <= c.messages() && problem == null && c.greeting() == null; m++) {
                byte[] msg = message(play, number, m, c.bytes());
                s.write(msg, 0, msg.length);
                sent += msg.length;
                byte[] back = new byte[msg.length];
                int got = readUpTo(s, back);
                if (differs == null) differs = LabResult.Difference.of(sent - msg.length, msg, back, got);
                received += got;
                if (got < msg.length) problem = got < 0 ? "closed" : "short";
                if (!Arrays.equals(msg, back)) same = false;
            }
        } catch (SocketTimeoutException e) {
            problem = "timeout";
            same = false;
        } catch (IOException e) {
            problem = code(e);
            same = false;
        }
        if (allDone != null) {
            allDone.countDown();
            try {
                allDone.await(waitMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        result.add(new LabResult.Client(play, number, local, sent, received, same && problem == null,
                problem, mark, differs));
    }

    /** Why a lab socket stopped, as a word the reports translate ({@code check.problem.*}). */
    private static String code(IOException e) {
        if (e instanceof SocketTimeoutException) return "timeout";
        if (e instanceof LabSocket.CallFailed f && f.errno() != null) {
            return switch (f.errno()) {
                case ECONNREFUSED -> "refused";
                case ECONNRESET, EPIPE -> "reset";
                default -> "other";
            };
        }
        String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (text.contains("refused")) return "refused";
        if (text.contains("reset") || text.contains("pipe")) return "reset";
        return "other";
    }

    /**
     * Reads until {@code into} is full, the peer closes, or a wait for more ends ({@link #patience}): the bytes read (a
     * timeout before the first byte is thrown).
     */
    private int readUpTo(LabSocket in, byte[] into) throws IOException {
        int got = 0;
        while (got < into.length) {
            int n;
            int from = got;
            try {
                n = patience.await(ms -> in.read(into, from, into.length - from, ms));
            } catch (SocketTimeoutException e) {
                if (got > 0) return got;
                throw e;
            }
            if (n < 0) return got;
            got += n;
        }
        return got;
    }

    private void udpClients(int play, CheckFile.Clients c) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        long mark = programActivity.getAsLong();
        for (int k = 1; k <= c.count(); k++) {
            int number = k;
            Runnable talk = () -> {
                long sent = 0, received = 0;
                boolean same = true;
                String problem = null;
                LabResult.Difference differs = null;
                int local = 0;
                try (LabSocket s = LabSocket.udp(libc, sockets)) {
                    synchronized (open) {
                        open.add(s);
                    }
                    s.bind(0, false);
                    local = s.localPort();
                    s.connect(port, waitMs);
                    for (int m = 1; m <= c.messages() && problem == null; m++) {
                        byte[] msg = message(play, number, m, c.bytes());
                        s.send(msg, null);
                        sent += msg.length;
                        byte[] back = patience.await(s::receive).data();
                        if (differs == null)
                            differs = LabResult.Difference.of(sent - msg.length, msg, back, back.length);
                        received += back.length;
                        if (!Arrays.equals(msg, back)) same = false;
                    }
                } catch (SocketTimeoutException e) {
                    problem = "timeout";
                } catch (IOException e) {
                    problem = code(e);
                }
                result.add(new LabResult.Client(play, number, local, sent, received, same && problem == null, problem,
                        mark, differs));
            };
            if (c.atOnce()) threads.add(Thread.ofPlatform().daemon().name("socketlab-check-udp-" + k).start(talk));
            else talk.run();
        }
        for (Thread t : threads) t.join(patience.joinMs(c.messages() + 2));
    }

    /**
     * Connects, lets the server take the connection (its accept is in the journal), then resets it (SO_LINGER 0 and
     * close: RST) and lets the server meet the reset (its next call is in the journal, or it ended) before the next
     * play. Each wait ends at the event it waits for; a server that never gets there is waited for at most
     * {@link Waits#accept()} and {@link Waits#react()}.
     */
    private void reset() throws InterruptedException {
        long mark = programActivity.getAsLong();
        result.resetAfterSeq = mark;
        try (LabSocket s = connect()) {
            int local = s.localPort();
            result.resetPort = local;
            patience.until(waits.accept().toMillis(), () -> accepted.since(mark, local), programAlive);
            s.lingerZero();
        } catch (IOException e) {
            // the server is gone: the rule says so from what follows
        }
        long afterReset = programActivity.getAsLong();
        patience.until(waits.react().toMillis(), () -> programActivity.getAsLong() != afterReset, programAlive);
    }

    /**
     * Sends {@code bytes} from one thread through a small receive buffer and reads the echo only once the program has
     * made no call for {@code delayMs} and the sender is done or has been stalled as long: it has stopped because its sends wait for room (a blocking send), or it has
     * pushed everything it will (a send that does not wait, and got EAGAIN or a short count). Its sends meet a full
     * buffer either way, as long as the bytes are more than its send buffer holds (4 MiB by default on Linux). Then
     * compares what came back.
     */
    private void big(int play, CheckFile.Big b) throws InterruptedException {
        byte[] all = message(play, 1, 1, b.bytes());
        long mark = programActivity.getAsLong();
        AtomicLong sent = new AtomicLong();
        String[] problem = {null};
        boolean same = true;
        long received = 0;
        LabResult.Difference differs = null;
        int local = 0;
        LabSocket s = null;
        try {
            s = LabSocket.tcp(libc, sockets, 16 * 1024);
            synchronized (open) {
                open.add(s);
            }
            s.connect(port, waitMs);
            local = s.localPort();
            LabSocket connected = s;
            Thread sender = Thread.ofPlatform().daemon().name("socketlab-check-big-sender").start(() -> {
                try {
                    for (int off = 0; off < all.length; off += 16_384) {
                        int n = Math.min(16_384, all.length - off);
                        connected.write(all, off, n);
                        sent.addAndGet(n);
                    }
                    connected.shutdownOutput();
                } catch (IOException e) {
                    problem[0] = code(e);
                }
            });
            long quiet = TimeUnit.MILLISECONDS.toNanos(b.delayMs());
            long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs * 4L);
            // Quiet alone is not enough on a loaded machine: a program descheduled for delayMs looks quiet while it
            // still has bytes to read, and reading its echo then spares it the full buffer. So the sender must also
            // be done, or stalled (a blocking send upstream), for delayMs. While SocketLab's reader of its record is
            // behind, its calls are not in the journal yet: that is no quiet.
            long start = System.nanoTime(), last = programActivity.getAsLong(), since = start;
            long lastSent = sent.get(), sentSince = since;
            while (System.nanoTime() < giveUp && !(System.nanoTime() - since >= quiet
                    && (sent.get() == all.length || System.nanoTime() - sentSince >= quiet))) {
                Thread.sleep(20);
                long now = programActivity.getAsLong();
                if (patience.excused(start, System.nanoTime())) since = System.nanoTime();
                if (now != last) {
                    last = now;
                    since = System.nanoTime();
                }
                if (sent.get() != lastSent) {
                    lastSent = sent.get();
                    sentSince = System.nanoTime();
                }
            }
            byte[] back = new byte[all.length];
            int got;
            try {
                got = readUpTo(s, back);
            } catch (SocketTimeoutException e) {
                got = 0;
                problem[0] = "timeout";
            }
            received = got;
            differs = LabResult.Difference.of(0, all, back, Math.max(0, got));
            if (got < all.length) {
                same = false;
                if (problem[0] == null) problem[0] = "short";
            } else if (!Arrays.equals(all, back)) {
                same = false;
            }
            sender.join(waitMs);
        } catch (IOException e) {
            problem[0] = code(e);
            same = false;
        } finally {
            if (s != null) s.close();
        }
        result.add(new LabResult.Client(play, 1, local, sent.get(), received, same && problem[0] == null,
                problem[0], mark, differs));
    }

    // ---- a client under test: SocketLab plays its server ----

    /** Binds the lab server before the program starts (so its first connect or datagram finds it). */
    AutoCloseable openServer() throws IOException {
        LabServer server = LabServer.open(libc, sockets, check, port, result, patience);
        synchronized (open) {
            servers.add(server);
        }
        return server;
    }

    /** Closes every lab socket still open (a run cut short by its time limit). */
    void close() {
        stopping = true;
        synchronized (open) {
            for (LabServer server : servers) server.stop();
            for (AutoCloseable c : open) {
                try {
                    c.close();
                } catch (Exception e) {
                    // already closed
                }
            }
        }
    }
}
