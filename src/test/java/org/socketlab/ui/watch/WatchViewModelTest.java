package org.socketlab.ui.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.CiRules;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.story.table.SocketRow;
import org.socketlab.story.table.SocketTracker;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.trace.Strace;
import org.socketlab.trace.TraceSession;
import org.socketlab.ui.common.FxInbox;
import org.socketlab.ui.common.Texts;

/**
 * The watch controller of File → Watch a program…, toolkit-free with a synchronous executor, on real programs under the
 * real strace with a real lab: a Python client against the lab's listening server (its exit code, its output, its calls
 * in the lab's journal beside the server's), a second start refused, Stop ending it with nothing left behind, and the
 * messages when strace is missing, tracing is not allowed or the program does not exist.
 */
@Isolated // it checks this JVM's descriptors or threads: no other class may run beside it
public class WatchViewModelTest {
    /** Generous: a loaded 2-core CI box starts a traced Python slowly; production has no limit at all. */
    private static final long LIMIT_MS = 120_000;
    private static final Messages EN = Messages.of(Lang.EN);

    @TempDir
    Path dir;
    private Lab lab;
    private WatchViewModel vm;
    /** The window's inbox: its workers on the caller's thread (no sleeps), drained here as the bridge's frame would. */
    private FxInbox inbox = new FxInbox((name, work) -> work.run());
    private Path python;

    @BeforeEach
    void setUp() {
        CiRules.requireOrSkip(Strace.installed(), "strace");
        python = Path.of("/usr/bin/python3");
        CiRules.requireOrSkip(Files.isExecutable(python), "python3");
        lab = Lab.withoutCapture();
        vm = new WatchViewModel(lab, new Texts(Lang.EN), inbox);
    }

    @AfterEach
    void tearDown() {
        if (vm != null) vm.shutdownNow();
        if (lab != null) lab.close();
    }

    /** Hands what the threads left to the properties (as the bridge does each frame) until {@code done}. */
    private void deliverUntil(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LIMIT_MS);
        while (true) {
            inbox.drain();
            if (done.getAsBoolean()) return;
            if (System.nanoTime() > deadline)
                throw new AssertionError("never " + what + "; status " + vm.statusProperty().get()
                        + ", output: " + vm.outputProperty().get());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static <T> T ok(CompletableFuture<Event> call) throws Exception {
        Payload.Call c = (Payload.Call) call.get(LIMIT_MS, TimeUnit.MILLISECONDS).payload();
        assertFalse(c.failed(), () -> c.call() + " failed: " + c.errnoName());
        @SuppressWarnings("unchecked")
        T result = (T) c;
        return result;
    }

    @Test
    void aPythonClientAgainstTheLabsServerEndsWithItsExitCodeItsOutputAndItsCallsInTheLabsJournal() throws Exception {
        int port = LessonRunner.freePort();
        var server = lab.server();
        int listener = (int) this.<Payload.Call>ok(
                server.call(new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM))).result();
        ok(server.call(new Request.Bind(listener, SockAddr.parse("127.0.0.1:" + port, Domain.AF_INET))));
        ok(server.call(new Request.Listen(listener, 5)));
        CompletableFuture<Event> accepted = server.call(new Request.Accept(listener));
        Path script = Files.writeString(dir.resolve("client.py"), """
                import socket, sys
                s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
                s.sendall(b"hello lab")
                sys.stdout.write("sent to " + sys.argv[1] + "\\n"); sys.stdout.flush()
                sys.stderr.write("and this on stderr\\n"); sys.stderr.flush()
                s.close()
                sys.exit(3)
                """);

        assertNull(vm.start(List.of(python.toString(), script.toString(), String.valueOf(port)), dir));
        assertTrue(vm.busy());
        deliverUntil(() -> vm.statusProperty().get() instanceof WatchViewModel.Status.Ended, "ended");
        var ended = (WatchViewModel.Status.Ended) vm.statusProperty().get();
        assertEquals(3, ended.exitCode(), "the program's own exit code");
        assertFalse(ended.stopped());
        assertEquals(EN.get("ui.watch.ended", python + " " + script + " " + port, "3"), vm.statusText().get());
        deliverUntil(() -> vm.outputProperty().get().contains("and this on stderr\n"), "shown its stderr");
        // Standard output and error are two pipes read by two threads: a line of one may land inside a line of the
        // other (as in a terminal), so the stdout line is looked for with the stderr line taken out.
        String shown = vm.outputProperty().get();
        assertTrue(shown.replace("and this on stderr\n", "").contains("sent to " + port + "\n"), shown);
        assertEquals(dir, vm.lastDirectory());

        Payload.Call accept = ok(accepted);
        List<Event> events = lab.journal().snapshot();
        Payload.Call connect = events.stream()
                .filter(e -> e.endpoint().equals(TraceSession.PROGRAM) && e.payload() instanceof Payload.Call c
                        && c.call().equals("connect"))
                .map(e -> (Payload.Call) e.payload()).findFirst()
                .orElseThrow(() -> new AssertionError("the program's connect in the lab's journal: " + events));
        assertEquals("127.0.0.1:" + port, connect.args().get("addr"));
        assertEquals(0, connect.result());
        // The socket table names the program's socket by the address the lab's accept() saw, though strace told its
        // connect only after that accept had returned.
        SocketTracker tracker = new SocketTracker();
        tracker.accept(events);
        SocketRow programRow = tracker.rows(0).stream()
                .filter(r -> r.endpoint().equals(TraceSession.PROGRAM) && r.fd() == connect.fd())
                .findFirst().orElseThrow(() -> new AssertionError("the program's socket row: " + tracker.rows(0)));
        assertEquals(accept.args().get("peer"), programRow.local(), () -> "rows: " + tracker.rows(0));
        assertEquals("127.0.0.1:" + port, programRow.peer());

        vm.dismiss();
        assertInstanceOf(WatchViewModel.Status.Idle.class, vm.statusProperty().get());
        assertEquals("", vm.outputProperty().get());
    }

    @Test
    void aSecondStartIsRefusedAndStopEndsTheProgramLeavingNoProcessAndNoThread() throws Exception {
        String marker = "watch-" + System.nanoTime();
        List<String> forever = List.of(python.toString(), "-c",
                "import time, sys; print('ready', flush=True); time.sleep(600)", marker);
        assertNull(vm.start(forever, dir));
        deliverUntil(() -> vm.outputProperty().get().contains("ready"), "ready");
        assertInstanceOf(WatchViewModel.Status.Running.class, vm.statusProperty().get());
        assertTrue(running(marker), "the program runs");

        String refused = vm.start(List.of("/bin/true"), dir);
        assertEquals(EN.get("ui.watch.busy", vm.statusProperty().get().command()), refused);
        assertInstanceOf(WatchViewModel.Status.Running.class, vm.statusProperty().get(), "the first one goes on");

        vm.stop();
        deliverUntil(() -> vm.statusProperty().get() instanceof WatchViewModel.Status.Ended, "ended after Stop");
        var ended = (WatchViewModel.Status.Ended) vm.statusProperty().get();
        assertTrue(ended.stopped(), "stopped, not ended by itself");
        assertEquals(128 + 15, ended.exitCode(), "SIGTERM ended it");
        assertTrue(vm.statusText().get().startsWith(EN.get("ui.watch.stopped", ended.command(), "143")),
                vm.statusText().get());

        vm.shutdownNow();
        assertFalse(running(marker), "no process of it is left");
        awaitNoThreads();
    }

    @Test
    void stoppingWhileTheProgramIsStillStartingStopsItOnceItRuns() {
        // An executor that holds the start until Stop was pressed.
        List<Runnable> held = new ArrayList<>();
        inbox = new FxInbox((name, work) -> held.add(work));
        vm = new WatchViewModel(lab, new Texts(Lang.EN), inbox);
        String marker = "watch-" + System.nanoTime();
        assertNull(vm.start(List.of(python.toString(), "-c", "import time; time.sleep(600)", marker), dir));
        vm.stop();
        assertInstanceOf(WatchViewModel.Status.Stopping.class, vm.statusProperty().get());
        while (!held.isEmpty()) held.removeFirst().run(); // the start, then the stop (it found no session yet)
        inbox.drain(); // Running arrives while Stopping: the stop is made now
        while (!held.isEmpty()) held.removeFirst().run();
        deliverUntil(() -> vm.statusProperty().get() instanceof WatchViewModel.Status.Ended e && e.stopped(),
                "stopped");
        vm.shutdownNow();
        assertFalse(running(marker));
    }

    @ParameterizedTest
    @ValueSource(strings = {"trace.strace.missing", "trace.notAllowed"})
    void whenStraceCannotTraceTheWindowSaysWhyInTheUsersLanguageAndNothingElseChanges(String key) {
        Messages es = Messages.of(Lang.ES);
        LocalizedException why = key.equals("trace.notAllowed")
                ? new LocalizedException(key, "strace: attach: ptrace(PTRACE_SEIZE, 1): Operation not permitted", "2")
                : new LocalizedException(key);
        vm = new WatchViewModel(lab, new Texts(Lang.ES), inbox, () -> {
            throw why;
        });
        int before = lab.journal().snapshot().size();
        assertNull(vm.start(List.of(python.toString(), "client.py"), dir));
        inbox.drain();
        var failed = assertInstanceOf(WatchViewModel.Status.Failed.class, vm.statusProperty().get());
        assertEquals(key, failed.problem().key());
        assertEquals(es.get("ui.watch.failed", python + " client.py", es.text(why)), vm.statusText().get());
        assertTrue(vm.statusText().get().contains(es.text(why)), "the command line's words for it (exit 6)");
        assertFalse(vm.busy(), "a new start is possible");
        assertEquals(before, lab.journal().snapshot().size(), "nothing was journaled");
    }

    @Test
    void aProgramThatDoesNotExistIsSaidSo() {
        assertNull(vm.start(List.of(dir.resolve("no-such-program").toString(), "x"), dir));
        deliverUntil(() -> !vm.busy(), "ended");
        var failed = assertInstanceOf(WatchViewModel.Status.Failed.class, vm.statusProperty().get(),
                () -> "output: " + vm.outputProperty().get());
        assertEquals("trace.programNotFound", failed.problem().key());
        assertTrue(vm.statusText().get().contains("no-such-program"), vm.statusText().get());
    }

    public static boolean running(String marker) {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .anyMatch(p -> p.info().commandLine().orElse("").contains(marker)
                        || p.info().arguments().map(a -> List.of(a).contains(marker)).orElse(false));
    }

    /** The trace's threads (reader, sampler, output, waiters) and the watch's own have all ended. */
    public static void awaitNoThreads() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<String> left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                    .map(Thread::getName)
                    .filter(n -> n.startsWith("socketlab-trace") || n.equals("socketlab-watch")
                            || n.startsWith("socketlab-watch-") || n.equals("socketlab-child-strace"))
                    .toList();
            if (left.isEmpty()) return;
            if (System.nanoTime() > deadline) throw new AssertionError("threads left: " + left);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
