package org.socketlab.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.socketlab.capture.CaptureReason;
import org.socketlab.capture.LabNetwork;
import org.socketlab.export.MarkdownTranscript;
import org.socketlab.export.SvgDiagram;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.TempFolders;
import org.socketlab.trace.Strace;
import org.socketlab.trace.TraceSession;
import org.socketlab.trace.TracedProgram;

/**
 * {@code socketlab trace [--journal F] [--svg F] [--markdown F] [--lang es|en] -- PROGRAM [ARGS...]}: runs a program
 * under strace and journals its socket calls, its sockets' kernel states and its packets on loopback, exactly as for
 * the lab's own endpoints; then writes the journal, transcript and diagram asked for. The program keeps the terminal
 * (SocketLab's own lines go to stderr) and its exit code is passed through (128 + the signal that ended it).
 */
final class TraceCommand {
    /**
     * Run the program in the private lab network (the launcher enters it when it sees this flag), where its wire is
     * captured without root; without it the program runs on this computer's network, where its peers are.
     */
    static final String LAB_NETWORK = "--lab-network";
    /**
     * At most this long the capture goes on after the program ended, while a connection of it still waits for its
     * peer's ACK of its FIN (a delayed ACK comes within 200 ms on an idle machine; the rest is margin for a loaded one).
     */
    static final Duration WIRE_SETTLE_LIMIT = Duration.ofSeconds(5);
    /** strace is missing, too old, or this machine does not allow tracing: nothing was run. */
    static final int NO_TRACER = 6;

    private TraceCommand() {
    }

    static int run(String[] args, Supplier<Libc> calls, Messages m, PrintStream out, PrintStream err) {
        TempFolders.sweep(); // what a SocketLab killed mid-trace left (its pid is gone)
        int programAt = programStart(args);
        List<String> program = programAt < 0 ? List.of() : List.of(Arrays.copyOfRange(args, programAt, args.length));
        String[] options = programAt < 0
                ? args
                : Arrays.copyOfRange(args, 0, args[programAt - 1].equals("--") ? programAt - 1 : programAt);
        Args a = Command.TRACE.parse(options);
        a.positional(0);
        a.one(Cli.LANG, Lang::parse);
        if (program.isEmpty()) throw new LocalizedException("trace.noProgram");
        LabNetwork network = LabNetwork.current();
        if (a.flag(LAB_NETWORK) && !network.isPrivate()) {
            // Asked for and not there: never trace on this computer's network instead, where other programs' packets are.
            err.println(m.get("trace.noLabNetwork", network.whyNotPrivate().text(m)));
            return Cli.NO_LAB_NETWORK;
        }
        Strace strace;
        try {
            strace = Strace.find();
        } catch (LocalizedException e) {
            err.println(m.text(e));
            return NO_TRACER;
        }
        // Found before anything starts (no capture, no strace, no file): a missing program is one line, exit 6.
        if (TracedProgram.find(program.getFirst(), Path.of("")).isEmpty()) {
            err.println(m.get("trace.noSuchProgram", program.getFirst()));
            return NO_TRACER;
        }
        OutputFiles files = OutputFiles.check(a, List.of(Cli.JOURNAL, Cli.MARKDOWN, Cli.SVG));
        Journal journal = new Journal();
        LabRun run;
        try {
            run = LabRun.open(files, journal, calls, (libc, j) -> new Lab(libc, j, true), m, err);
        } catch (LabRun.NotStarted e) {
            return e.exit();
        }
        Lab lab = run.lab();
        lab.noCallsAs(Lab.SERVER); // the traced program makes the calls
        lab.noCallsAs(Lab.CLIENT);
        String title = m.get("trace.title", String.join(" ", program));
        // A traced program's segments can only be seen: none is deduced for it.
        run.wireLine(m, network.isPrivate() ? "trace.notCaptured" : "trace.notCapturedHere").ifPresent(err::println);
        // The hook is there before the program starts: a Ctrl+C that comes while TraceSession.start is still returning
        // (the program already runs) must still stop it and write the outputs, not end the JVM with nothing written.
        CompletableFuture<TraceSession> started = new CompletableFuture<>();
        stopOnSignal(run, started, title, m, err);
        TraceSession session = null;
        try {
            session = TraceSession.start(lab.libc(), strace, program, Path.of("").toAbsolutePath(), journal, lab);
        } catch (LocalizedException e) {
            run.abandon();
            err.println(m.text(e));
            return NO_TRACER;
        } finally {
            started.complete(session); // whatever happened: the hook never waits for a start that is over
        }
        err.println(m.get("trace.started", String.join(" ", program), strace.version()));
        int exit;
        try {
            exit = session.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = Cli.INTERRUPTED;
        }
        if (!run.claimOutputs()) return exit; // a signal came: the hook writes the outputs
        return finished(session, run, exit, title, m, err);
    }

    /**
     * Ctrl+C or SIGTERM: the program is given a moment to end on its own (the terminal's Ctrl+C reached it too), then
     * ended, the wire let settle, and what the journal holds written before the JVM halts.
     */
    private static void stopOnSignal(LabRun run, CompletableFuture<TraceSession> started, String title, Messages m,
            PrintStream err) {
        Lab lab = run.lab();
        Journal journal = lab.journal();
        run.onSignal("socketlab-trace-stop", () -> {
            TraceSession running = started.join(); // null: it never started, and the command says why
            if (running == null) return;
            try {
                err.println(m.get("trace.stopping"));
                // The terminal's Ctrl+C reached the program too: give it a moment to end on its own, then end it.
                if (running.waitFor(2000).isEmpty()) running.stop(2000);
                running.awaitWireSettled(WIRE_SETTLE_LIMIT);
                lab.close(); // first: the capture still knows the program's sockets for the packets not attributed yet
                running.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                // Whatever failed above, what the journal holds is written: the JVM halts as soon as this hook returns.
                sayDropped(journal.snapshot(), m, err);
                if (!writeOutputs(run, journal.snapshot(), title, m, err)) Runtime.getRuntime().halt(Cli.OUTPUT_FAILED);
            }
        });
    }

    /** The program ended by itself: the wire settles, the lab closes, and the outputs are written. */
    private static int finished(TraceSession session, LabRun run, int exit, String title, Messages m,
            PrintStream err) {
        Lab lab = run.lab();
        Journal journal = lab.journal();
        // The hook stays: a signal that comes while the outputs below are written finds it waiting for them. Removed,
        // nothing held the JVM's end: a Ctrl+C that reached the program first (its exit ended waitFor) and the JVM a
        // moment later cut the files after the journal (TracedStopsTest, a whole run).
        try {
            session.awaitWireSettled(WIRE_SETTLE_LIMIT);
            lab.close(); // first: the capture still knows the program's sockets for the packets not attributed yet
            session.close();
        } catch (RuntimeException e) {
            run.outputsWritten(); // a signal's hook waiting for them would otherwise wait its whole limit
            throw e;
        }
        for (String problem : session.problems()) err.println(m.get("trace.unreadLine", problem));
        err.println(m.get("trace.finished", String.valueOf(session.callsJournaled()), String.valueOf(exit)));
        sayDropped(journal.snapshot(), m, err);
        boolean written;
        try {
            written = writeOutputs(run, journal.snapshot(), title, m, err);
        } finally {
            run.outputsWritten();
        }
        return !written && exit == 0 ? Cli.OUTPUT_FAILED : exit;
    }

    /** When tcpdump could not keep up, how many packets the journal lacks (its capture event says so too). */
    private static void sayDropped(List<Event> events, Messages m, PrintStream err) {
        events.stream().map(Event::payload).filter(p -> p instanceof Payload.Capture c
                && CaptureReason.DROPPED.equals(c.reasonCode())).map(p -> (Payload.Capture) p)
                .forEach(c -> err.println(m.get("trace.dropped", c.reasonArgs().getFirst())));
    }

    /** Where the program's words start: after {@code --}, else at the first word that is neither an option nor its value. */
    static int programStart(String[] args) {
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--")) return i + 1 < args.length ? i + 1 : -1;
            if (args[i].equals(LAB_NETWORK)) continue;
            if (args[i].startsWith("--")) {
                i++;
                continue;
            }
            return i;
        }
        return -1;
    }

    private static boolean writeOutputs(LabRun run, List<Event> events, String title, Messages m, PrintStream err) {
        OutputFiles files = run.files();
        return run.finishJournal(events, m, err, err)
                & files.write(Cli.MARKDOWN,
                        file -> Files.writeString(file, MarkdownTranscript.render(events, m.lang(), title),
                                StandardCharsets.UTF_8),
                        m, err, err)
                & files.write(Cli.SVG, file -> Files.writeString(file, SvgDiagram.render(events, m.lang(), title),
                        StandardCharsets.UTF_8), m, err, err);
    }
}
