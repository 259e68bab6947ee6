package org.socketlab.ui.watch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.lab.Lab;
import org.socketlab.trace.CommandLine;
import org.socketlab.trace.Strace;
import org.socketlab.trace.TraceSession;
import org.socketlab.ui.common.FxInbox;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.common.UserHome;

/**
 * File → Watch a program…: one program of the user's own run under strace with the window's lab and journal
 * ({@link TraceSession}), so it is drawn as endpoint {@code program} beside the lab's client and server. One program
 * at a time: a second start while one runs is refused with a message saying so (nothing is stopped behind the user's
 * back). Starting and stopping (which wait for processes) run on workers of the window's {@link FxInbox}; what the
 * program writes and how it ended reach the FX thread through that inbox, which the window's bridge drains once per
 * pulse.
 */
public final class WatchViewModel {
    /** Where the watch is; the bar under the toolbar shows it. */
    public sealed interface Status {
        /** The command line as typed back (quoted where needed), for the bar. */
        String command();

        record Idle() implements Status {
            public String command() {
                return "";
            }
        }
        record Starting(String command) implements Status {
        }
        record Running(String command) implements Status {
        }
        record Stopping(String command) implements Status {
        }
        /** It ended: by itself, or {@code stopped} by the user (Stop, a reset, the window closing). */
        record Ended(String command, int exitCode, boolean stopped) implements Status {
        }
        /** It never ran: strace missing, tracing not allowed, the program not found; said in the user's language. */
        record Failed(String command, LocalizedException problem) implements Status {
        }
    }

    /** What the output area keeps: the newest characters, so a chatty program cannot fill the memory. */
    static final int OUTPUT_LIMIT = 64 * 1024;

    private final Lab lab;
    private final Texts texts;
    /** The window's inbox: workers that wait for processes, and what they report back. */
    private final FxInbox inbox;
    private final Supplier<Strace> findStrace;
    private final ReadOnlyObjectWrapper<Status> status = new ReadOnlyObjectWrapper<>(this, "status", new Status.Idle());
    private final ReadOnlyStringWrapper output = new ReadOnlyStringWrapper(this, "output", "");
    /** The number of the watch now (FX thread): news of an earlier one is dropped. */
    private int watches;
    /** What the program wrote and the FX thread has not taken yet (guarded by itself): one delivery takes it all. */
    private final StringBuilder written = new StringBuilder();
    /** The session of the program being watched, or of the last one (kept for its late packets until the next). */
    private final AtomicReference<TraceSession> session = new AtomicReference<>();
    /** Set when the user (or a reset) asked to stop: the end is then "stopped", not "ended". */
    private volatile boolean stopAsked;
    private Path lastDirectory = UserHome.ofThisProcess();
    private String lastCommand = "";

    /** {@code lab} null: this system makes no calls, and nothing can be watched either. */
    public WatchViewModel(Lab lab, Texts texts, FxInbox inbox) {
        this(lab, texts, inbox, Strace::find);
    }

    WatchViewModel(Lab lab, Texts texts, FxInbox inbox, Supplier<Strace> findStrace) {
        this.lab = lab;
        this.texts = texts;
        this.inbox = inbox;
        this.findStrace = findStrace;
    }

    public ReadOnlyObjectProperty<Status> statusProperty() {
        return status.getReadOnlyProperty();
    }
    /** What the program wrote on its standard output and error, the newest {@value #OUTPUT_LIMIT} characters. */
    public ReadOnlyStringProperty outputProperty() {
        return output.getReadOnlyProperty();
    }
    public Texts texts() {
        return texts;
    }

    /** Whether a program is being started, watched or stopped now (FX thread). */
    public boolean busy() {
        return switch (status.get()) {
            case Status.Starting s -> true;
            case Status.Running r -> true;
            case Status.Stopping s -> true;
            case Status.Idle i -> false;
            case Status.Ended e -> false;
            case Status.Failed f -> false;
        };
    }

    /** The command line as the dialog repeats it: {@code Runs python3 with 2 arguments: ⟨python3⟩ ⟨a⟩ ⟨b⟩}. */
    public static String words(List<String> split, Messages m) {
        if (split.isEmpty()) return "";
        String program = split.getFirst(), words = split.stream().map(w -> "⟨" + w + "⟩")
                .collect(Collectors.joining(" "));
        return switch (split.size() - 1) { // the plural forms of en and es: none, one, more
            case 0 -> m.get("ui.watch.words.none", program, words);
            case 1 -> m.get("ui.watch.words.one", program, words);
            default -> m.get("ui.watch.words", program, String.valueOf(split.size() - 1), words);
        };
    }

    /** The folder the dialog starts in: the last one used, else the user's home. */
    public Path lastDirectory() {
        return lastDirectory;
    }

    /** The folder the dialog starts in from now on (one remembered from last time): kept only if it still exists. */
    public void rememberDirectory(Path directory) {
        if (directory != null && Files.isDirectory(directory)) lastDirectory = directory;
    }

    /** Told of the folder of each program started, so the window remembers it with its layout. */
    public void onDirectoryUsed(Consumer<Path> action) {
        directoryUsed = Objects.requireNonNull(action);
    }

    private Consumer<Path> directoryUsed = d -> {
    };
    /** The command line the dialog starts with: the last one started. */
    public String lastCommand() {
        return lastCommand;
    }

    /** The bar's line, in the window's language. */
    public StringBinding statusText() {
        return Bindings.createStringBinding(() -> switch (status.get()) {
            case Status.Idle i -> "";
            case Status.Starting s -> texts.messages().get("ui.watch.starting", s.command());
            case Status.Running r -> texts.messages().get("ui.watch.running", r.command());
            case Status.Stopping s -> texts.messages().get("ui.watch.stopping", s.command());
            case Status.Ended e -> texts.messages().get(e.stopped() ? "ui.watch.stopped" : "ui.watch.ended",
                    e.command(), String.valueOf(e.exitCode()));
            case Status.Failed f ->
                texts.messages().get("ui.watch.failed", f.command(), texts.messages().text(f.problem()));
        }, status, texts.messagesProperty());
    }

    /**
     * Starts watching {@code command} (program and arguments) in {@code directory} (FX thread). Returns null, or why
     * not in the user's language (one program is watched already; no calls on this system); then nothing changes.
     */
    public String start(List<String> command, Path directory) {
        if (busy()) return texts.messages().get("ui.watch.busy", status.get().command());
        if (command.isEmpty()) return texts.messages().get("ui.watch.empty");
        if (lab == null) return texts.messages().get("ui.lessons.noCalls");
        String shown = CommandLine.join(command);
        lastCommand = shown;
        if (directory != null) {
            lastDirectory = directory;
            directoryUsed.accept(directory);
        }
        stopAsked = false;
        synchronized (written) {
            written.setLength(0);
        }
        errorStart.setLength(0);
        int watch = ++watches; // news of an earlier watch still queued is dropped from now on
        output.set("");
        status.set(new Status.Starting(shown));
        TraceSession previous = session.getAndSet(null);
        inbox.run("watch", () -> {
            if (previous != null) previous.close();
            TraceSession started;
            try {
                started = TraceSession.start(lab.libc(), findStrace.get(), command, directory, lab.journal(), lab, null,
                        this::wrote);
            } catch (LocalizedException e) {
                arrive(watch, new Status.Failed(shown, e));
                return;
            } catch (RuntimeException e) {
                arrive(watch, new Status.Failed(shown,
                        new LocalizedException("trace.startFailed", String.valueOf(e.getMessage()))));
                return;
            }
            session.set(started);
            arrive(watch, new Status.Running(shown));
            // Its own thread waits for the end, so a synchronous executor (tests) returns once it runs.
            Thread.ofPlatform().daemon().name("socketlab-watch-wait").start(() -> awaitEnd(started, shown, watch));
        });
        return null;
    }

    private void awaitEnd(TraceSession watched, String shown, int watch) {
        int exit;
        try {
            exit = watched.waitFor();
        } catch (InterruptedException e) {
            return; // never interrupted: the thread is ours
        }
        // strace could not start it (no such program): said as the command line says it, not as an exit code.
        var complaint = watched.callsJournaled() == 0
                ? Strace.complaint(errorStart.toString())
                : Optional.<LocalizedException>empty();
        arrive(watch, complaint.<Status>map(c -> new Status.Failed(shown, c))
                .orElseGet(() -> new Status.Ended(shown, exit, stopAsked || watched.stopped())));
    }

    /** The start of what was written on standard error, where strace says why it could not start the program. */
    private final StringBuffer errorStart = new StringBuffer();

    private void wrote(boolean stderr, String text) {
        boolean first;
        synchronized (written) {
            first = written.isEmpty();
            written.append(text);
            if (written.length() > OUTPUT_LIMIT) written.delete(0, written.length() - OUTPUT_LIMIT); // only the newest are shown
        }
        if (first) inbox.deliver(this::takeWritten); // one delivery per burst takes all that came until it runs
        if (stderr && errorStart.length() < 8192)
            errorStart.append(text, 0, Math.min(text.length(), 8192 - errorStart.length()));
    }

    /** Stop: ends the program and every process it started (SIGTERM, SIGKILL after 2 s), on a worker. */
    public void stop() {
        if (!(status.get() instanceof Status.Running || status.get() instanceof Status.Starting)) return;
        stopAsked = true;
        status.set(new Status.Stopping(status.get().command()));
        stopInBackground(); // still starting: its Running news stops it as soon as it arrives
    }

    /** Ends the watched program, if it started, on a worker. */
    private void stopInBackground() {
        inbox.run("watch", () -> {
            TraceSession watched = session.get();
            if (watched == null) return;
            try {
                watched.stop(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * Ends the program if it runs and releases everything of the last watch (its threads, its FIFO, its sockets'
     * watch in the capture), then completes: for Reset all and a lesson (which then reset the lab) and the window
     * closing. Any thread; never waits itself.
     */
    public CompletableFuture<Void> shutdown() {
        stopAsked = true;
        CompletableFuture<Void> done = new CompletableFuture<>();
        inbox.run("watch", () -> {
            try {
                shutdownNow();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Whether a watch is starting, running, or ended with its session not yet released (Reset then waits for it). */
    public boolean holdsSession() {
        return busy() || session.get() != null;
    }

    /** As {@link #shutdown()}, waiting until it is done: only off the FX thread (the window's closing thread). */
    public void shutdownNow() {
        stopAsked = true;
        TraceSession watched = session.getAndSet(null);
        if (watched != null) watched.close();
    }

    /** The bar's Close: the ended watch's line and output go away. FX thread. */
    public void dismiss() {
        if (busy()) return;
        status.set(new Status.Idle());
        output.set("");
    }

    /** The program's output left since the last delivery, into the output area. FX thread (the inbox's drain). */
    private void takeWritten() {
        String more;
        synchronized (written) {
            more = written.toString();
            written.setLength(0);
        }
        if (!more.isEmpty()) {
            String all = output.get() + more;
            output.set(all.length() <= OUTPUT_LIMIT ? all : all.substring(all.length() - OUTPUT_LIMIT));
        }
    }

    /** Queues {@code next}, news of watch number {@code watch}, for the FX thread's next frame. Any thread. */
    private void arrive(int watch, Status next) {
        inbox.deliver(() -> {
            if (watch != watches) return; // a later watch started since
            // A stop pressed while it was still starting: it started, so it is stopped now.
            if (next instanceof Status.Running && status.get() instanceof Status.Stopping) {
                status.set(new Status.Stopping(next.command()));
                stopInBackground();
                return;
            }
            status.set(next);
        });
    }
}
