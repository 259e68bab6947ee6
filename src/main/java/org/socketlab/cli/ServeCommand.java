package org.socketlab.cli;

import org.socketlab.export.JournalFile;
import org.socketlab.export.MarkdownTranscript;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.i18n.Names;
import org.socketlab.lab.CallCancelledException;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Event;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Payload;
import org.socketlab.lab.Request;
import org.socketlab.lab.Subscription;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;
import org.socketlab.syscall.UnsupportedPlatformException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code socketlab serve tcp|udp --port P [--journal F] [--connections N]}: a visible echo server on 127.0.0.1 that
 * waits for real outside clients ({@code nc}, a student's C program) and prints every journal event as it happens.
 * Each call is a real one made by the lab's server endpoint. Ctrl+C (or SIGTERM) runs a shutdown hook that gives up
 * the waiting call, closes every socket and writes the journal. Never runs a shell; binds loopback only.
 */
public final class ServeCommand {
    /** A call the server needs failed (the port is in use...): its line was printed. */
    public static final int CALL_FAILED = 1;

    private static final Set<String> OPTIONS = Set.of("--port", "--journal", "--connections", "--lang");
    private static final String HOST = "127.0.0.1";
    private static final int BACKLOG = 16;
    private static final int BUFFER = 65_535;

    private final Messages m;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean installHook;
    /** Completed when a stop was asked for (the shutdown hook, or a test): every wait gives up. */
    private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();
    private Lab lab;
    private final org.socketlab.export.ListeningSockets listeners = new org.socketlab.export.ListeningSockets();
    private Subscription printing;
    private Path journal;
    private JournalFile journalFile;
    private boolean finished;
    private int finishExit = Cli.OK;

    /** What the command line asked for, checked before anything is opened. */
    record Options(boolean tcp, int port, Path journal, int connections) {
    }

    /** Thrown inside the serve loop once a stop was asked for. */
    private static final class Stopped extends Exception {
        Stopped() {
            super(null, null, false, false);
        }
    }

    /** @param installHook whether Ctrl+C / SIGTERM should stop the server cleanly (off in tests, which call {@link #stop()}) */
    ServeCommand(Messages m, PrintStream out, PrintStream err, boolean installHook) {
        this.m = m;
        this.out = out;
        this.err = err;
        this.installHook = installHook;
    }

    /** Runs {@code serve} for the command line: bad input throws {@link LocalizedException} before anything is opened. */
    static int run(String[] args, Messages m, PrintStream out, PrintStream err) {
        return new ServeCommand(m, out, err, true).serve(parse(args));
    }

    /** Checks the words after {@code serve}. */
    static Options parse(String[] args) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                if (!OPTIONS.contains(a)) throw new LocalizedException("cli.unknownOption", a, args[0]);
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) throw new LocalizedException("cli.missingValue", a);
                options.put(a, args[++i]);
            } else {
                positional.add(a);
            }
        }
        if (positional.isEmpty()) throw new LocalizedException("cli.serve.missingProtocol");
        if (positional.size() > 1) throw new LocalizedException("cli.extraArgument", positional.get(1));
        String protocol = positional.getFirst();
        if (!protocol.equals("tcp") && !protocol.equals("udp")) throw new LocalizedException("cli.serve.unknownProtocol", protocol);
        String portText = options.get("--port");
        if (portText == null) throw new LocalizedException("cli.serve.missingPort");
        if (!portText.matches("\\d{1,5}") || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535)
            throw new LocalizedException("cli.serve.badPort", portText);
        String countText = options.getOrDefault("--connections", "1");
        if (!countText.matches("\\d{1,9}")) throw new LocalizedException("cli.serve.badConnections", countText);
        Path journal = null;
        if (options.containsKey("--journal")) {
            try {
                journal = Path.of(options.get("--journal"));
            } catch (java.nio.file.InvalidPathException e) {
                throw new LocalizedException("cli.serve.badJournal", options.get("--journal"));
            }
        }
        return new Options(protocol.equals("tcp"), Integer.parseInt(portText), journal, Integer.parseInt(countText));
    }

    /** Serves until the connections (datagrams) are done or {@link #stop()} is called; returns the exit code. */
    int serve(Options o) {
        journal = o.journal();
        String address = HOST + ":" + o.port();
        out.println(m.get(o.tcp() ? "cli.serve.banner.tcp" : "cli.serve.banner.udp", address, HOST, String.valueOf(o.port())));
        String count = String.valueOf(o.connections());
        out.println(o.connections() == 0 ? m.get("cli.serve.untilStopped")
                : m.get(o.tcp() ? "cli.serve.count.tcp" : "cli.serve.count.udp", count));
        synchronized (this) {
            // The journal file is written as events happen (a kill -9 keeps every event so far): opened before the lab.
            org.socketlab.lab.Journal events = new org.socketlab.lab.Journal(org.socketlab.lab.Journal.Retention.PRINT_AND_RECORD);
            if (journal != null) {
                try {
                    journalFile = JournalFile.record(events, journal);
                } catch (IOException e) {
                    err.println(m.get("cli.writeFailed", journal.toString(), Cli.whyNotWritten(e, m)));
                    return Cli.FAILURE;
                }
            }
            try {
                lab = Lab.onThisMachine(events);
            } catch (UnsupportedPlatformException e) {
                if (journalFile != null) journalFile.close();
                err.println(m.get("app.unsupportedOs", String.valueOf(e.os())));
                return Cli.FAILURE;
            }
            lab.journal().snapshot().stream().map(Event::payload)
                    .filter(p -> p instanceof Payload.Capture).map(p -> (Payload.Capture) p).findFirst()
                    .ifPresent(c -> out.println(c.status().equals(Payload.Capture.STARTED)
                            ? m.get("cli.run.captured") : m.get("cli.run.inferred", c.reasonText(m))));
            printing = lab.journal().subscribe(this::print);
        }
        Thread hook = installHook ? new Thread(this::stop, "socketlab-serve-stop") : null;
        if (hook != null) Runtime.getRuntime().addShutdownHook(hook);
        int exit;
        try {
            SockAddr bindTo = SockAddr.parse(address, Domain.AF_INET);
            exit = o.tcp() ? serveTcp(lab.server(), bindTo, o.connections()) : serveUdp(lab.server(), bindTo, o.connections());
        } catch (Stopped e) {
            exit = Cli.OK;
        }
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: finish() below waits for it
            }
        }
        return Math.max(exit, finish());
    }

    private int serveTcp(Endpoint server, SockAddr bindTo, int connections) throws Stopped {
        Payload.Call socket = call(server, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM));
        if (socket.failed()) return failed(socket);
        int listener = (int) socket.result();
        Payload.Call reuse = call(server, new Request.SetSockOpt(listener, SocketOption.SO_REUSEADDR, 1));
        if (reuse.failed()) return failed(reuse);
        Payload.Call bind = call(server, new Request.Bind(listener, bindTo));
        if (bind.failed()) return failed(bind);
        Payload.Call listen = call(server, new Request.Listen(listener, BACKLOG));
        if (listen.failed()) return failed(listen);
        for (int served = 0; connections == 0 || served < connections; served++) {
            Payload.Call accept = call(server, new Request.Accept(listener));
            if (accept.failed()) return failed(accept);
            int conn = (int) accept.result();
            echo(server, conn);
            call(server, new Request.Close(conn));
            out.println(m.get("cli.serve.connectionDone", String.valueOf(served + 1)));
        }
        call(server, new Request.Close(listener));
        return Cli.OK;
    }

    /** recv and send back until the peer closes (recv returns 0) or a call fails. */
    private void echo(Endpoint server, int conn) throws Stopped {
        while (true) {
            Payload.Call recv = call(server, new Request.Recv(conn, BUFFER));
            if (recv.failed() || recv.result() == 0) return;
            byte[] data = recv.data();
            int sent = 0;
            while (sent < data.length) {
                Payload.Call send = call(server, new Request.Send(conn, Arrays.copyOfRange(data, sent, data.length)));
                if (send.failed()) return;
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
            String from = recv.args().get("from");
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
                throw ex;
            }
        }
        return (Payload.Call) done.join().payload();
    }

    private void print(Event event) {
        if (event.payload() instanceof Payload.Note) return;
        // While the wire is seen, the deduced twin of each segment only repeats it (the journal file keeps both).
        if (event.payload() instanceof Payload.Segment s && !"captured".equals(s.origin()) && lab.capturing()) return;
        out.printf("%4d %-10s %s%n", event.seq(), Names.endpoint(event.endpoint(), m), MarkdownTranscript.plainLine(event, m, listeners));
    }

    /**
     * Stops serving: gives up the waiting call, closes every socket and thread, writes the journal. Safe from any
     * thread (the shutdown hook), and more than once.
     */
    void stop() {
        synchronized (this) {
            // Said before the serve loop is woken, so it comes before the closing calls.
            if (!stopRequested.isDone() && !finished && lab != null) out.println(m.get("cli.serve.stopping"));
        }
        stopRequested.complete(null);
        finish();
    }

    /** Closes the lab and writes the journal, once; later calls return the same exit code. */
    private synchronized int finish() {
        if (finished) return finishExit;
        finished = true;
        if (lab == null) return finishExit;
        lab.close(); // every close is a real call, printed and journaled
        if (printing != null) printing.close();
        if (journalFile != null) {
            journalFile.close(); // every event is already in it, written as it happened
            if (journalFile.failure().isPresent()) {
                err.println(m.get("cli.writeFailed", journal.toString(), Cli.whyNotWritten(journalFile.failure().get(), m)));
                finishExit = Cli.FAILURE;
            } else {
                out.println(m.get("cli.run.wrote", journal.toString()));
            }
        }
        out.flush();
        return finishExit;
    }
}
