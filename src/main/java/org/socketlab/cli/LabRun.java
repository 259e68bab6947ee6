package org.socketlab.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.LinkConditions;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalFile;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.UnsupportedPlatformException;

/**
 * One command's lab session, written once for run, quiz, serve, trace and code: the {@code --journal} file recorded
 * from the first event, the {@link Lab} made (or the command's exit code when it cannot be: this system makes no real
 * calls, no second host), the line saying how the wire is known, and the shutdown hook that, on Ctrl+C or SIGTERM,
 * writes the outputs unless the command claimed them first ({@link OutputsClaim}). Closing it closes the lab.
 */
final class LabRun implements AutoCloseable {
    /** The session did not start: one line said why, the files the check created are gone; exit with {@link #exit}. */
    static final class NotStarted extends Exception {
        private final int exit;

        NotStarted(int exit) {
            super(null, null, false, false);
            this.exit = exit;
        }

        int exit() {
            return exit;
        }
    }

    /** How the command makes its lab from the calls and the journal ({@code Lab::new}, two hosts...). */
    interface LabMaker {
        Lab make(Libc calls, Journal journal);

        /** A lesson's lab: on its two machines when {@code twoHosts}, else on this one. */
        static LabMaker forLesson(Lesson lesson, boolean twoHosts) {
            return forLesson(lesson, twoHosts, null);
        }

        /** Likewise, the two machines joined by SocketLab's own wire with {@code link} when it is not null. */
        static LabMaker forLesson(Lesson lesson, boolean twoHosts, @Nullable LinkConditions link) {
            return (libc, journal) -> !twoHosts
                    ? new Lab(libc, journal)
                    : link == null
                            ? Lab.onTwoHosts(libc, journal, lesson.hosts())
                            : Lab.onTwoHosts(libc, journal, lesson.hosts(), link);
        }
    }

    private final OutputFiles files;
    private final JournalFile journalFile;
    private final Lab lab;
    private final OutputsClaim outputs = new OutputsClaim();
    private Thread hook;

    private LabRun(OutputFiles files, JournalFile journalFile, Lab lab) {
        this.files = files;
        this.journalFile = journalFile;
        this.lab = lab;
    }

    /**
     * Records {@code journal} into the {@code --journal} file (opened before the lab: a crash keeps every event) and
     * makes the lab; when either cannot be, says why in one line, discards the created files and throws.
     */
    static LabRun open(OutputFiles files, Journal journal, Supplier<Libc> calls, LabMaker maker, Messages m,
            PrintStream err) throws NotStarted {
        JournalFile journalFile = files.record(Cli.JOURNAL, journal, m, err);
        if (journalFile == null && files.path(Cli.JOURNAL) != null) throw new NotStarted(Cli.OUTPUT_FAILED);
        try {
            return new LabRun(files, journalFile, maker.make(calls.get(), journal));
        } catch (UnsupportedPlatformException e) {
            discard(journalFile, files);
            err.println(m.get("app.unsupportedOs", String.valueOf(e.os())));
            throw new NotStarted(Cli.UNSUPPORTED);
        } catch (LocalizedException noSecondHost) {
            // No two-host mode here (one line why); never the same addresses on this computer's network instead.
            discard(journalFile, files);
            err.println(m.text(noSecondHost));
            throw new NotStarted(Cli.NO_LAB_NETWORK);
        }
    }

    private static void discard(JournalFile journalFile, OutputFiles files) {
        if (journalFile != null) journalFile.close();
        files.discard();
    }

    Lab lab() {
        return lab;
    }

    OutputFiles files() {
        return files;
    }

    /**
     * How the wire is known, from the lab's capture event: {@code cli.run.captured}, or else the line
     * {@code notCapturedKey} names ({@code cli.run.inferred}; trace's own); empty when the lab journaled no capture.
     */
    Optional<String> wireLine(Messages m, String notCapturedKey) {
        return lab.journal().snapshot().stream().map(Event::payload).<Payload.Capture>mapMulti((p, found) -> {
            if (p instanceof Payload.Capture c) found.accept(c);
        }).findFirst()
                .map(c -> m.get(c.status().equals(Payload.Capture.STARTED) ? "cli.run.captured" : notCapturedKey,
                        c.reasonText(m)));
    }

    /**
     * Installs the shutdown hook: on Ctrl+C or SIGTERM it claims the outputs and runs {@code stop} (close, write),
     * or, when the command claimed them first, waits until the command has written them.
     */
    void onSignal(String threadName, Runnable stop) {
        hook = new Thread(() -> {
            if (!outputs.claimOrAwaitWritten()) return; // the command writes them itself
            try {
                stop.run();
            } finally {
                outputs.written();
            }
        }, threadName);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * For the command when its run ends: true when it now holds the outputs (write them, then
     * {@link #outputsWritten()}); false when a signal came first and the hook writes them. The hook stays: a signal
     * that comes while the command writes finds it waiting (removed, nothing would hold the JVM's end).
     */
    boolean claimOutputs() {
        return outputs.claim();
    }

    /** The claimer is done writing (or gave up). */
    void outputsWritten() {
        outputs.written();
    }

    /** Takes the hook away (the command ended before it had anything to write); no-op while the JVM exits. */
    void removeHook() {
        if (hook == null) return;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting: the hook runs and sees it has nothing to do, or waits for what this thread writes
        }
    }

    /** Ends the journal file (written as it grew) or writes {@code events} where {@code --journal} asked. */
    boolean finishJournal(List<Event> events, Messages m, PrintStream out, PrintStream err) {
        return files.finish(Cli.JOURNAL, journalFile, events, m, out, err);
    }

    /** The journal file is complete as it is: closed, the command writes nothing more (quiz's Ctrl+C). */
    void closeJournalFile() {
        if (journalFile != null) journalFile.close();
    }

    /** The session ends without its outputs (the traced program could not start): closes all, removes the files. */
    void abandon() {
        removeHook();
        lab.close();
        discard(journalFile, files);
    }

    @Override
    public void close() {
        lab.close();
    }
}
