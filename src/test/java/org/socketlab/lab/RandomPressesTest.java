package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.junit.jupiter.api.parallel.Isolated;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.journal.Subscription;
import org.socketlab.story.table.SocketRow;
import org.socketlab.story.table.SocketTracker;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.EndpointProcess;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.ShutdownHow;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.testing.Await;

/**
 * Random presses (jqwik): sequences of any call on any socket of three endpoints, out of order, with resets while
 * calls block and closes pressed on another endpoint's socket. After each sequence: no uncaught exception, every
 * call journaled once with a result or an errno, the journal replays (ui/sockets SocketTracker, toolkit-free) to the
 * socket table the endpoints really hold, and the lab's sockets, threads and tcpdump are gone when it closes.
 *
 * <p>{@code mvn test} runs a few dozen sequences (jqwik.tries.default in junit-platform.properties). The longer run:
 * {@code mvn -B test -Dtest=RandomPressesTest -Djqwik.tries.default=10000}; add
 * {@code -Dsocketlab.randomPresses.capture=false} to leave tcpdump out and go faster. A sequence jqwik shrinks to
 * after a failure is kept below as an ordinary {@link Example}.
 */
@Isolated // it checks this JVM's descriptors or threads: no other class may run beside it
class RandomPressesTest {
    private static final String[] ENDPOINTS = {Lab.SERVER, Lab.CLIENT, "client-2"};
    /** Longer than anything a call or a reset takes here on a loaded CI box: the check is "ends", not "is fast". */
    private static final long SETTLE_SECONDS = 10;

    /** What one press does. {@code pick} chooses a socket among the endpoint's (or another's), {@code port} one of two ports. */
    enum Kind {
        SOCKET_TCP, SOCKET_UDP, BIND, LISTEN, ACCEPT, CONNECT, SEND, RECV, SENDTO, RECVFROM, SHUTDOWN, CLOSE, NONBLOCK, GETSOCKNAME, CLOSE_OTHERS, RESET
    }

    record Press(int endpoint, Kind kind, int pick, int port, int size) {
        @Override
        public String toString() {
            return ENDPOINTS[endpoint] + ":" + kind + "(pick " + pick + ", port " + port + ", size " + size + ")";
        }
    }

    private Set<String> socketFdsBefore;
    private long childrenBefore;
    private final List<Throwable> uncaught = new ArrayList<>();
    private Thread.UncaughtExceptionHandler previousHandler;

    @BeforeProperty
    void baseline() throws IOException {
        // The JDK opens one socket pair for good at the first NIO close (its pre-close fd): open it before the baseline.
        DatagramChannel.open().close();
        socketFdsBefore = socketFds();
        childrenBefore = ProcessHandle.current().children().count();
        previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            synchronized (uncaught) {
                uncaught.add(e);
            }
        });
    }

    @AfterProperty
    void backToBaseline() {
        Thread.setDefaultUncaughtExceptionHandler(previousHandler);
        // A closed lab's threads end on their own shortly after close() returns (tcpdump is killed and reaped, the
        // observer finishes its poll slice): on a loaded machine that can take seconds. A lab left open never ends.
        try {
            Await.until(Duration.ofSeconds(30), () -> socketFdsBefore.equals(socketFds())
                    && ProcessHandle.current().children().count() == childrenBefore && labThreads().isEmpty(),
                    () -> "every lab's fds, children and threads gone");
        } catch (AssertionError notYet) {
            // the assertions below say which of them is left
        }
        assertEquals(socketFdsBefore, socketFds(), "socket fds after every lab closed");
        assertEquals(childrenBefore, ProcessHandle.current().children().count(),
                "child processes (tcpdump) after every lab closed");
        Map<Thread, StackTraceElement[]> left = labThreads();
        assertEquals(Set.of(), left.keySet().stream().map(Thread::getName).collect(Collectors.toSet()),
                () -> "socketlab threads left: " + left.entrySet().stream()
                        .map(t -> t.getKey().getName() + " at " + Arrays.toString(t.getValue())).toList());
    }

    @Provide
    Arbitrary<List<Press>> presses() {
        Arbitrary<Press> press = Combinators.combine(
                Arbitraries.integers().between(0, ENDPOINTS.length - 1),
                Arbitraries.of(Kind.class),
                Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 1),
                Arbitraries.of(1, 100, 300_000)).as(Press::new);
        return press.list().ofMinSize(1).ofMaxSize(30);
    }

    @Property
    void anyPressesLeaveAConsistentJournalAndNothingBehind(@ForAll("presses") List<Press> presses) throws Exception {
        run(presses);
    }

    // ---- shrunk sequences found by the property, kept as ordinary tests ----

    @Example
    void aResetWhileAcceptAndRecvFromWaitOnTwoEndpoints() throws Exception {
        run(List.of(new Press(0, Kind.SOCKET_TCP, 0, 0, 1), new Press(0, Kind.BIND, 0, 0, 1),
                new Press(0, Kind.LISTEN, 0, 0, 1),
                new Press(0, Kind.ACCEPT, 0, 0, 1), new Press(1, Kind.SOCKET_UDP, 0, 0, 1),
                new Press(1, Kind.RECVFROM, 0, 0, 1),
                new Press(1, Kind.RESET, 0, 0, 1), new Press(0, Kind.RESET, 0, 0, 1)));
    }

    @Example
    void aLargeSendBlocksUntilTheReaderEndpointCloses() throws Exception {
        run(List.of(new Press(0, Kind.SOCKET_TCP, 0, 1, 1), new Press(0, Kind.BIND, 0, 1, 1),
                new Press(0, Kind.LISTEN, 0, 1, 1),
                new Press(1, Kind.SOCKET_TCP, 0, 1, 1), new Press(1, Kind.CONNECT, 0, 1, 1),
                new Press(0, Kind.ACCEPT, 0, 1, 1),
                new Press(1, Kind.SEND, 0, 1, 300_000), new Press(1, Kind.SEND, 0, 1, 300_000),
                new Press(0, Kind.CLOSE_OTHERS, 0, 1, 1),
                new Press(0, Kind.CLOSE, 1, 1, 1), new Press(1, Kind.RESET, 0, 1, 1)));
    }

    // ---- the run and its checks ----

    private void run(List<Press> presses) throws Exception {
        boolean capture = Boolean.parseBoolean(System.getProperty("socketlab.randomPresses.capture", "true"));
        int[] ports = {freePort(), freePort()};
        List<CompletableFuture<Event>> calls = new ArrayList<>();
        Map<String, CompletableFuture<Event>> pending = new HashMap<>();
        try (Lab lab = new Lab(Libc.forThisMachine(), new Journal(), capture)) {
            Endpoint[] endpoints = {lab.server(), lab.client(), lab.addClient()};
            for (Press p : presses) press(lab, endpoints, p, ports, calls, pending);
            checkReplay(lab, endpoints);
            // End with everything given up and closed, as the window's reset does.
            lab.resetAll().get(SETTLE_SECONDS, TimeUnit.SECONDS);
            for (CompletableFuture<Event> call : calls) settle(call);
            checkJournal(lab, calls);
            checkReplay(lab, endpoints);
        }
        synchronized (uncaught) {
            if (!uncaught.isEmpty())
                fail("uncaught exception on " + uncaught.size() + " thread(s): " + uncaught.getFirst(),
                        uncaught.getFirst());
        }
        assertEquals(socketFdsBefore, socketFds(), "socket fds after the lab closed: " + presses);
    }

    private static void press(Lab lab, Endpoint[] endpoints, Press p, int[] ports, List<CompletableFuture<Event>> calls,
            Map<String, CompletableFuture<Event>> pending) throws Exception {
        Endpoint e = endpoints[p.endpoint()];
        if (p.kind() == Kind.RESET) {
            e.reset().get(SETTLE_SECONDS, TimeUnit.SECONDS);
            return;
        }
        Request request = request(endpoints, p, ports);
        if (request == null) return; // nothing to press it on yet
        long before = lab.journal().size();
        CompletableFuture<Event> call;
        try {
            call = e.call(request);
        } catch (LocalizedException refused) {
            // Other endpoints' waiting calls and the kernel observer may journal meanwhile: look for this call only.
            assertTrue(lab.journal().after(before).stream().noneMatch(ev -> ev.endpoint().equals(e.name())
                    && ev.payload() instanceof Payload.Call c && c.call().equals(request.call())),
                    "a refused press makes no call: " + p);
            return;
        }
        calls.add(call);
        CompletableFuture<Event> queuedBehind = pending.get(e.name());
        if (queuedBehind != null && !queuedBehind.isDone()) return; // it waits behind a blocked call
        awaitDoneOrBlocked(lab.journal(), e.name(), before, call);
        if (!call.isDone()) pending.put(e.name(), call);
    }

    /** Any socket of the endpoint's own, or of another endpoint's for CLOSE_OTHERS; null when there is none. */
    private static Request request(Endpoint[] endpoints, Press p, int[] ports) {
        Endpoint e = endpoints[p.endpoint()];
        SockAddr port = SockAddr.parse("127.0.0.1:" + ports[p.port()], Domain.AF_INET);
        if (p.kind() == Kind.SOCKET_TCP) return new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM);
        if (p.kind() == Kind.SOCKET_UDP) return new Request.Socket(Domain.AF_INET, SockType.SOCK_DGRAM);
        Endpoint owner = p.kind() == Kind.CLOSE_OTHERS
                ? endpoints[(p.endpoint() + 1 + p.pick() % 2) % endpoints.length]
                : e;
        List<Endpoint.SocketInfo> sockets = owner.sockets();
        if (sockets.isEmpty()) return null;
        int fd = sockets.get(p.pick() % sockets.size()).fd();
        byte[] data = new byte[p.size()];
        Arrays.fill(data, (byte) 'x');
        return switch (p.kind()) {
            case BIND -> new Request.Bind(fd, port);
            case LISTEN -> new Request.Listen(fd, 2);
            case ACCEPT -> new Request.Accept(fd);
            case CONNECT -> new Request.Connect(fd, port);
            case SEND -> new Request.Send(fd, data);
            case RECV -> new Request.Recv(fd, 4096);
            case SENDTO -> new Request.SendTo(fd, data.length > 60_000 ? new byte[60_000] : data, port);
            case RECVFROM -> new Request.RecvFrom(fd, 4096);
            case SHUTDOWN -> new Request.Shutdown(fd, ShutdownHow.values()[p.pick() % ShutdownHow.values().length]);
            case CLOSE, CLOSE_OTHERS -> new Request.Close(fd);
            case NONBLOCK -> new Request.SetNonBlocking(fd, p.pick() % 2 == 0);
            case GETSOCKNAME -> new Request.GetSockName(fd);
            case SOCKET_TCP, SOCKET_UDP, RESET -> throw new IllegalStateException(p.toString());
        };
    }

    /** Waits until the call returned or the journal says it waits (blocked), whichever comes first. */
    private static void awaitDoneOrBlocked(Journal journal, String endpoint, long afterSeq,
            CompletableFuture<Event> call) {
        Thread waiter = Thread.currentThread();
        call.whenComplete((ev, t) -> LockSupport.unpark(waiter));
        Await.untilJournaled(journal, Duration.ofSeconds(SETTLE_SECONDS),
                () -> call.isDone() || journal.after(afterSeq).stream()
                        .anyMatch(ev -> ev.endpoint().equals(endpoint) && ev.payload() instanceof Payload.Blocked),
                () -> "a call that returns or blocks");
    }

    /** A call ends with its journaled event, or cancelled by a reset; anything else is a bug. */
    private static void settle(CompletableFuture<Event> call) throws Exception {
        try {
            call.get(SETTLE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            // A send with flags 0 on a reset connection: SIGPIPE's default action ended the process inside it (issue 39).
            if (!(e.getCause() instanceof CallCancelledException)
                    && !(e.getCause() instanceof EndpointProcess.EndedException))
                throw new AssertionError("a call failed with " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            fail("a call still waits after every endpoint was reset");
        }
    }

    private static void checkJournal(Lab lab, List<CompletableFuture<Event>> calls) {
        List<Event> journal = lab.journal().snapshot();
        Map<Long, Event> bySeq = new HashMap<>();
        for (int i = 0; i < journal.size(); i++) {
            assertEquals(journal.getFirst().seq() + i, journal.get(i).seq(), "seqs follow each other");
            bySeq.put(journal.get(i).seq(), journal.get(i));
        }
        Set<Long> made = new HashSet<>();
        for (CompletableFuture<Event> call : calls) {
            if (call.isCompletedExceptionally()) continue; // given up by a reset before or while it waited
            Event event = call.join();
            assertTrue(made.add(event.seq()), "one event per call: " + event);
            Payload.Call whole = (Payload.Call) event.payload();
            int preview = lab.journal().retention().previewBytes();
            Payload.Call held = whole.heldBytes() > preview ? whole.elided(preview) : whole; // long payloads are held as previews
            assertEquals(new Event(event.seq(), event.atNs(), event.endpoint(), held), bySeq.get(event.seq()),
                    "the call's event is the journal's");
        }
        for (Event e : journal) {
            if (!(e.payload() instanceof Payload.Call c)) continue;
            boolean ok = c.result() >= 0 && c.errno() == null && c.errnoName() == null;
            boolean failed = c.result() == -1 && c.errno() != null && c.errnoName() != null;
            assertTrue(ok || failed, "a result or an errno: " + e);
            if (!made.contains(e.seq()))
                assertTrue(
                        c.call().equals("close") || c.call().equals("unlink") || "reset".equals(c.args().get("reason")),
                        "a call no press made is a reset's close or wake-up: " + e);
        }
    }

    /** The socket table rebuilt from the journal alone has exactly the fds each endpoint really holds open. */
    private static void checkReplay(Lab lab, Endpoint[] endpoints) {
        Map<String, Set<Integer>> real = new HashMap<>(), replayed = new HashMap<>();
        // A call returning right now may have changed the endpoint's sockets a moment before it is journaled:
        // compare once every endpoint's worker is idle or waiting (both sides then agree until the next call).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
        while (true) {
            real.clear();
            replayed.clear();
            for (Endpoint e : endpoints)
                real.put(e.name(), e.sockets().stream().map(Endpoint.SocketInfo::fd)
                        .collect(Collectors.toCollection(TreeSet::new)));
            SocketTracker tracker = new SocketTracker();
            tracker.accept(lab.journal().snapshot());
            for (Endpoint e : endpoints) replayed.put(e.name(), new TreeSet<>());
            for (SocketRow row : tracker.rows(System.nanoTime()))
                if (row.open()) replayed.computeIfAbsent(row.endpoint(), k -> new TreeSet<>()).add(row.fd());
            if (real.equals(replayed) || System.nanoTime() > deadline) break;
            Thread waiter = Thread.currentThread();
            try (Subscription wake = lab.journal().subscribe(ev -> LockSupport.unpark(waiter))) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // or the next journal event, whichever first
            }
        }
        assertEquals(real, replayed, "the journal replays to the sockets the endpoints hold");
    }

    private static Map<Thread, StackTraceElement[]> labThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(t -> t.getKey().isAlive() && t.getKey().getName().startsWith("socketlab-"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static Set<String> socketFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(p -> {
                try {
                    return Files.readSymbolicLink(p).toString().startsWith("socket:");
                } catch (IOException gone) {
                    return false;
                }
            }).map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
