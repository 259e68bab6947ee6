package org.socketlab.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.socketlab.export.MarkdownTranscript;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.i18n.Names;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.journal.Subscription;
import org.socketlab.lab.CallCancelledException;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.story.ListeningSockets;
import org.socketlab.story.SequenceOrigins;
import org.socketlab.story.Twins;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.EndpointProcess;
import org.socketlab.syscall.Errno;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;

/**
 * {@code socketlab serve tcp|udp --port P [--journal F] [--connections N] [--max-clients N]}: a visible echo server
 * on 127.0.0.1 that waits for real outside clients ({@code nc}, a student's C program) and prints every journal
 * event as it happens. Every call is a real one made by a lab endpoint.
 *
 * <p>TCP clients are served concurrently, as a threaded server does: the endpoint {@code server} owns the listener
 * and accepts; it hands each new connection's fd to an endpoint of its own, {@code server-1}, {@code server-2}...
 * (numbered by connection), which echoes it on its own worker thread, closes it and goes away. At most
 * {@code --max-clients} connections are served at once; further ones wait in the listener's accept queue. A
 * client that never reads fills only its own connection's buffers: its endpoint waits in {@code send}, the others
 * go on.
 *
 * <p>Ctrl+C (or SIGTERM) runs a shutdown hook that gives up the waiting calls, closes every socket and writes the
 * journal; the process then exits 130 (SIGINT) or 143 (SIGTERM), as shells expect. Never runs a shell; binds
 * loopback only.
 */
public final class ServeCommand {
    /** A call the server needs failed (the port is in use...): its line was printed. */
    public static final int CALL_FAILED = Cli.MISMATCH;
    /** How many connections are served at once unless --max-clients says otherwise: a class of students. */
    static final int DEFAULT_MAX_CLIENTS = 32;
    static final int MAX_MAX_CLIENTS = 1024;

    static final String PORT = "--port", CONNECTIONS = "--connections", MAX_CLIENTS = "--max-clients";
    private static final String HOST = "127.0.0.1";
    /** Room for a class connecting at once: clients beyond --max-clients wait here, and a full queue drops SYNs. */
    private static final int BACKLOG = 128;
    private static final int BUFFER = 65_535;
    /** How long an endpoint's end waits for the stop a signal brings; longer than the hook takes to start. */
    private static final long STOP_GRACE_SECONDS = 5;

    private final Supplier<Libc> calls;
    private final Messages m;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean installHook;
    /** Completed when a stop was asked for (the shutdown hook, or a test): every wait gives up. */
    private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();
    private LabRun run;
    private Lab lab;
    private final ListeningSockets listeners = new ListeningSockets();
    /** Each connection's first sequence numbers, so the segments printed are numbered from its start. */
    private final SequenceOrigins origins = new SequenceOrigins();
    private Subscription printing;
    /** Which inferred segments only repeat a captured one (not printed): the rule every view of the story follows. */
    private Twins twins = new Twins();
    private boolean finished;
    private int finishExit = Cli.OK;
    /** Connections being served now; guarded by itself, notified when one ends or a stop is asked for. */
    private final Set<Thread> serving = new HashSet<>();

    /** What the command line asked for, checked before anything is opened (the journal's path included). */
    record Options(boolean tcp, int port, OutputFiles files, int connections, int maxClients) {
    }

    /** Thrown inside the serve loop once a stop was asked for. */
    private static final class Stopped extends Exception {
        Stopped() {
            super(null, null, false, false);
        }
    }

    /** @param installHook whether Ctrl+C / SIGTERM should stop the server cleanly (off in tests, which call {@link #stop()}) */
    ServeCommand(Supplier<Libc> calls, Messages m, PrintStream out, PrintStream err, boolean installHook) {
        this.calls = calls;
        this.m = m;
        this.out = out;
        this.err = err;
        this.installHook = installHook;
    }

    /** Runs {@code serve} for the command line: bad input throws {@link LocalizedException} before anything is opened. */
    static int run(String[] args, Supplier<Libc> calls, Messages m, PrintStream out, PrintStream err) {
        return new ServeCommand(calls, m, out, err, true).serve(parse(args));
    }

    /** Checks the words after {@code serve}; the journal's path last, so a bad argument creates no file. */
    static Options parse(String[] args) {
        Args a = Command.SERVE.parse(args);
        List<String> positional = a.positional(1);
        a.one(Cli.LANG, Lang::parse);
        if (positional.isEmpty()) throw new LocalizedException("cli.serve.missingProtocol");
        String protocol = positional.getFirst();
        if (!protocol.equals("tcp") && !protocol.equals("udp"))
            throw new LocalizedException("cli.serve.unknownProtocol", protocol);
        Integer port = a.one(PORT, Args.number(1, 65535, "cli.serve.badPort"));
        if (port == null) throw new LocalizedException("cli.serve.missingPort");
        Integer connections = a.one(CONNECTIONS, Args.number(0, 999_999_999, "cli.serve.badConnections"));
        Integer maxClients = a.one(MAX_CLIENTS, Args.number(1, MAX_MAX_CLIENTS, "cli.serve.badMaxClients"));
        OutputFiles files = OutputFiles.check(a, List.of(Cli.JOURNAL));
        return new Options(protocol.equals("tcp"), port, files, connections == null ? 1 : connections,
                maxClients == null ? DEFAULT_MAX_CLIENTS : maxClients);
    }

    /** Serves until the connections (datagrams) are done or {@link #stop()} is called; returns the exit code. */
    int serve(Options o) {
        String address = HOST + ":" + o.port();
        out.println(m.get(o.tcp() ? "cli.serve.banner.tcp" : "cli.serve.banner.udp", address, HOST,
                String.valueOf(o.port())));
        String count = String.valueOf(o.connections());
        out.println(o.connections() == 0
                ? m.get("cli.serve.untilStopped")
                : m.get(o.tcp() ? "cli.serve.count.tcp" : "cli.serve.count.udp", count));
        if (o.tcp()) out.println(m.get("cli.serve.concurrent", String.valueOf(o.maxClients())));
        synchronized (this) {
            // The journal file is written as events happen (a kill -9 keeps every event so far): opened before the lab.
            try {
                run = LabRun.open(o.files(), new Journal(Journal.Retention.PRINT_AND_RECORD), calls, Lab::new, m, err);
            } catch (LabRun.NotStarted e) {
                return e.exit();
            }
            lab = run.lab();
            lab.noCallsAs(Lab.CLIENT); // the clients are the students' programs
            run.wireLine(m, "cli.run.inferred").ifPresent(out::println);
            twins = new Twins(lab.capturing()); // the story's twin rule, from the capture's status before the first event printed
            printing = lab.journal().subscribe(this::print);
        }
        if (installHook) run.onSignal("socketlab-serve-stop", this::stopOnSignal);
        int exit;
        try {
            SockAddr bindTo = SockAddr.parse(address, Domain.AF_INET);
            exit = o.tcp()
                    ? serveTcp(lab.server(), bindTo, o.connections(), o.maxClients())
                    : serveUdp(lab.server(), bindTo, o.connections());
        } catch (Stopped e) {
            exit = Cli.OK;
        }
        run.removeHook(); // while the JVM exits the hook runs instead: finish() below waits for it
        return Math.max(exit, finish());
    }

    private int serveTcp(Endpoint server, SockAddr bindTo, int connections, int maxClients) throws Stopped {
        Payload.Call socket = call(server, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM));
        if (socket.failed()) return failed(socket);
        int listener = (int) socket.result();
        Payload.Call reuse = call(server, new Request.SetSockOpt(listener, SocketOption.SO_REUSEADDR, 1));
        if (reuse.failed()) return failed(reuse);
        Payload.Call bind = call(server, new Request.Bind(listener, bindTo));
        if (bind.failed()) return failed(bind);
        Payload.Call listen = call(server, new Request.Listen(listener, BACKLOG));
        if (listen.failed()) return failed(listen);
        for (int n = 1; connections == 0 || n <= connections; n++) {
            awaitServingFewerThan(maxClients);
            Payload.Call accept = call(server, new Request.Accept(listener));
            if (accept.failed()) return failed(accept);
            int conn = (int) accept.result();
            Endpoint handler = lab.endpoint(Lab.SERVER + "-" + n);
            lab.handOver(conn, server, handler);
            int number = n;
            synchronized (serving) {
                serving.add(Thread.ofPlatform().daemon().name("socketlab-serve-" + handler.name())
                        .start(() -> serveConnection(number, handler, conn)));
            }
        }
        awaitServingFewerThan(1);
        call(server, new Request.Close(listener));
        return Cli.OK;
    }

    /** Waits until fewer than {@code limit} connections are being served, or a stop is asked for. */
    private void awaitServingFewerThan(int limit) throws Stopped {
        synchronized (serving) {
            while (serving.size() >= limit) {
                if (stopRequested.isDone()) throw new Stopped();
                try {
                    serving.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Stopped();
                }
            }
        }
    }

    /** One connection on its own endpoint: echo until the peer is done, close, and let the endpoint go. */
    private void serveConnection(int number, Endpoint handler, int conn) {
        try {
            Payload.Call last = echo(handler, conn);
            call(handler, new Request.Close(conn));
            printHeld();
            out.println(ending(number, last));
            lab.removeEndpoint(handler.name()); // its thread ends; the journal keeps what it did
        } catch (Stopped e) {
            // finish() closes every endpoint
        } catch (RuntimeException e) {
            err.println(m.get("cli.serve.connectionFailed", String.valueOf(number), String.valueOf(e.getMessage())));
        } finally {
            synchronized (serving) {
                serving.remove(Thread.currentThread());
                serving.notifyAll();
            }
        }
    }

    /** The line that says how a connection ended: the peer closed it, reset it, or a call failed. */
    private String ending(int number, Payload.Call last) {
        String n = String.valueOf(number);
        if (!last.failed()) return m.get("cli.serve.connectionDone", n);
        if (last.failedWith(Errno.ECONNRESET)) return m.get("cli.serve.connectionReset", n, last.call());
        return m.get("cli.serve.connectionEnded", n, last.call(), String.valueOf(last.errnoName()));
    }

    /** recv and send back until the peer closes (recv returns 0) or a call fails; returns that last call. */
    private Payload.Call echo(Endpoint server, int conn) throws Stopped {
        while (true) {
            Payload.Call recv = call(server, new Request.Recv(conn, BUFFER));
            if (recv.failed() || recv.result() == 0) return recv;
            byte[] data = recv.data();
            int sent = 0;
            while (sent < data.length) {
                // MSG_NOSIGNAL, as a server must: a client that leaves with an RST gives -1 EPIPE, not the server's
                // death by SIGPIPE (its endpoint keeps the default action, as a C program's).
                Payload.Call send = call(server, new Request.Send(conn, Arrays.copyOfRange(data, sent, data.length),
                        EnumSet.of(MsgFlag.MSG_NOSIGNAL)));
                if (send.failed()) return send;
                sent += (int) send.result();
            }
        }
    }

    private int serveUdp(Endpoint server, SockAddr bindTo, int datagrams) throws Stopped {
        Payload.Call socket = call(server, new Request.Socket(Domain.AF_INET, SockType.SOCK_DGRAM));
        if (socket.failed()) return failed(socket);
        int fd = (int) socket.result();
        Payload.Call bind = call(server, new Request.Bind(fd, bindTo));
        if (bind.failed()) return failed(bind);
        for (int served = 0; datagrams == 0 || served < datagrams; served++) {
            Payload.Call recv = call(server, new Request.RecvFrom(fd, BUFFER));
            if (recv.failed()) return failed(recv);
            String from = recv.arg(CallArg.FROM);
            if (from == null) continue; // nothing says where to answer
            call(server, new Request.SendTo(fd, recv.data(), SockAddr.parse(from, Domain.AF_INET)));
        }
        call(server, new Request.Close(fd));
        return Cli.OK;
    }

    private int failed(Payload.Call call) {
        err.println(m.get("cli.serve.failed", call.call()));
        return CALL_FAILED;
    }

    /** One real call on the server endpoint; gives up (throws {@link Stopped}) as soon as a stop is asked for. */
    private Payload.Call call(Endpoint e, Request r) throws Stopped {
        if (stopRequested.isDone()) throw new Stopped();
        CompletableFuture<Event> done;
        try {
            done = e.call(r);
        } catch (LocalizedException refused) {
            if (stopRequested.isDone()) throw new Stopped(); // the stop closed the socket first
            throw refused;
        }
        try {
            CompletableFuture.anyOf(done, stopRequested).join();
        } catch (CompletionException cancelled) {
            // looked at below
        }
        if (!done.isDone() || done.isCompletedExceptionally()) {
            if (stopRequested.isDone()) throw new Stopped();
            try {
                done.join();
            } catch (CompletionException ex) {
                if (ex.getCause() instanceof CallCancelledException) throw new Stopped();
                // A terminal's Ctrl+C reaches the endpoint's process too, which may end before the hook asks for the
                // stop: that stop is waited for, not a stack trace printed (seen as nobody, about 1 run in 2).
                if (ex.getCause() instanceof EndpointProcess.EndedException && stopComes()) throw new Stopped();
                throw ex;
            }
        }
        return (Payload.Call) done.join().payload();
    }

    /** Whether a stop is asked for within {@link #STOP_GRACE_SECONDS} (the signal's hook, on a loaded machine). */
    private boolean stopComes() {
        try {
            stopRequested.get(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Each connection's readings printed after its handshake, as the wire saw it (issue 79). */
    private final WireFirst wireFirst = new WireFirst();

    /** Its own lock (not this, which finish() holds while it waits for the printing and the connections). */
    private final Object printLock = new Object();

    private void print(Event arrived) {
        synchronized (printLock) {
            for (Event e : wireFirst.take(arrived, twins.capturing(), System.nanoTime())) printNow(e);
        }
    }

    /** The readings still held: a connection's ending line, or the session's end, comes after them. */
    private void printHeld() {
        synchronized (printLock) {
            for (Event e : wireFirst.rest()) printNow(e);
        }
    }

    private void printNow(Event event) {
        if (event.payload() instanceof Payload.Note n) { // serve's only notes say which endpoint takes a connection
            out.printf("%4d %-10s %s%n", event.seq(), Names.endpoint(event.endpoint(), m),
                    n.text().getOrDefault(m.lang().code(), ""));
            return;
        }
        // While the wire is seen, the deduced twin of each segment only repeats it (the journal file keeps both). A
        // tcp_info reading follows every few segments: the journal keeps it, the terminal would only scroll.
        if (twins.hides(event) || event.payload() instanceof Payload.TcpInfo) return;
        out.printf("%4d %-10s %s%n", event.seq(), Names.endpoint(event.endpoint(), m),
                MarkdownTranscript.plainLine(event, m, listeners, origins));
    }

    /** The shutdown hook (Ctrl+C, SIGTERM): the JVM then exits 130 or 143; 3 instead when the journal was not written. */
    private void stopOnSignal() {
        stop();
        if (finish() == Cli.OUTPUT_FAILED) Runtime.getRuntime().halt(Cli.OUTPUT_FAILED);
    }

    /**
     * Stops serving: gives up the waiting calls, closes every socket and thread, writes the journal. Safe from any
     * thread (the shutdown hook), and more than once.
     */
    void stop() {
        synchronized (this) {
            // Said before the serve loop is woken, so it comes before the closing calls.
            if (!stopRequested.isDone() && !finished && lab != null) out.println(m.get("cli.serve.stopping"));
        }
        stopRequested.complete(null);
        synchronized (serving) {
            serving.notifyAll();
        }
        finish();
    }

    /** Closes the lab, waits for the connections' threads and writes the journal, once; later calls return the same exit code. */
    private synchronized int finish() {
        if (finished) return finishExit;
        finished = true;
        if (lab == null) return finishExit;
        stopRequested.complete(null); // connections still being served give up their calls
        lab.close(); // every close is a real call, printed and journaled; waiting calls are given up
        List<Thread> left;
        synchronized (serving) {
            left = List.copyOf(serving);
        }
        for (Thread t : left) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (printing != null) printing.close();
        printHeld();
        List<Event> events = lab.journal().snapshot();
        if (!run.finishJournal(events, m, out, err))
            finishExit = Cli.OUTPUT_FAILED;
        out.flush();
        return finishExit;
    }
}
