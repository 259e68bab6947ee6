package org.socketlab.ui;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.socketlab.cli.Cli;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.file.SavedJournal;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonCatalog;
import org.socketlab.lesson.predict.LessonPlayer;
import org.socketlab.ui.common.AfterFirstFrame;
import org.socketlab.ui.common.HeapAtRest;
import org.socketlab.ui.common.RestingPulseTimer;
import org.socketlab.ui.common.TooltipWidth;
import org.socketlab.ui.shell.Shell;
import org.socketlab.ui.shell.Themes;
import org.socketlab.ui.shell.WindowPrefs;

/** The desktop program: one window on a Lab of real loopback sockets. */
public final class SocketLabApp extends Application {
    /** Where the lab comes from; Application.launch makes the instance itself, hence static. */
    private static volatile Supplier<Lab> labSource = () -> null;
    /** A journal to open the window on ({@code socketlab replay F.jsonl}), or null. */
    private static volatile SavedJournal replay;
    /** The shipped lessons, made by the launcher (handed over the same way). */
    private static volatile LessonCatalog catalog;
    /** Set once the lab's closing began: by {@link #stop()} (the window closed) or at a signal. */
    private final AtomicBoolean labClosing = new AtomicBoolean();

    private Lab lab;
    private Path prefsFile;
    private WindowPrefs prefs;
    private Shell shell;

    /**
     * Launches the JavaFX application and returns when the window is closed. {@code lab} is asked once, on JavaFX's
     * launcher thread once the toolkit runs (so it may wait for a lab that was started beforehand); it gives null
     * where this system cannot make real calls.
     * The window replays {@code journal} (read-only) when it is not null; {@code lessons} fill its Lessons menu.
     */
    public static void open(String[] args, Supplier<Lab> lab, SavedJournal journal, LessonCatalog lessons) {
        StartupTrace.mark("main");
        labSource = lab;
        replay = journal;
        catalog = lessons;
        Prism.chooseSoftwareWithoutGpu();
        try {
            Application.launch(SocketLabApp.class, args);
        } catch (UnsupportedOperationException | IllegalStateException e) {
            // No display or no GTK 3: say what to do instead of a stack trace.
            System.err.println(Messages.of(Lang.fromSystem()).get("app.noWindow",
                    String.valueOf(e.getMessage())));
            System.exit(3);
        }
    }

    /** On JavaFX's launcher thread, after the toolkit started: what the window needs and may take a moment to get. */
    @Override
    public void init() {
        StartupTrace.mark("toolkit");
        prefsFile = WindowPrefs.userFile(); // in the user's own configuration folder
        prefs = WindowPrefs.load(prefsFile, Lang.fromSystem()); // read here, off the FX thread
        // The saved theme's stylesheet before the first control exists (else JavaFX loads Modena first, only to drop
        // it). Asked from here, JavaFX reads it on the FX thread while this thread waits for the lab, which on two
        // cores is often still being made when the toolkit has started (issue 62); start() runs after it either way.
        Themes.apply(prefs.theme());
        lab = labSource.get();
        StartupTrace.mark("lab");
    }

    @Override
    public void start(Stage stage) {
        try {
            // On Linux, no FX-thread wake-up 60 times a second while nothing changes; and the heap a burst of events
            // grew is given back once the window rests.
            RestingPulseTimer.install(new HeapAtRest());
        } catch (IllegalAccessError notOpened) {
            // Started without the launcher's --add-exports (an IDE, a bare `java -m`): JavaFX's own timer stays.
        }
        StartupTrace.mark("theme"); // read by now: init() asked for it before start() was queued
        TooltipWidth.install();
        shell = new Shell(lab, catalog, System.getProperty("os.name"), Lang.fromSystem());
        Runtime.getRuntime().addShutdownHook(new Thread(this::closeLabAtSignal, "socketlab-window-exit"));
        StartupTrace.mark("shell");
        shell.show(stage, prefsFile, prefs);
        if (replay != null) shell.replay(replay);
        StartupTrace.mark("shown");
        // The lesson files are parsed when the Lessons menu first opens (AppToolbar), not while the window starts nor
        // while it idles: 2.6 MB of JSON the idle window would keep in memory (issue 62).
        // Complete: every part built after the first frame (the calls, their arguments, the front tabs) laid out.
        // Then the lab's tcpdump and endpoint processes start: before, they took CPU from the window's first frames.
        // Usable: every control built and laid out; the state machine's drawing may still be coming.
        AfterFirstFrame.whenUsable(stage.getScene(), () -> StartupTrace.later("usable"));
        AfterFirstFrame.whenBuilt(stage.getScene(), () -> {
            StartupTrace.later("complete");
            if (lab != null) lab.beginBackground();
        });
        stage.getScene().addPostLayoutPulseListener(new Runnable() {
            @Override
            public void run() {
                stage.getScene().removePostLayoutPulseListener(this);
                StartupTrace.finish("frame");
                if (AotTraining.ON) AotTraining.exercise(lab, catalog);
            }
        });
    }

    @Override
    public void stop() {
        if (shell == null) return;
        shell.detach();
        // Closing waits for the workers to end; a non-daemon thread does it so the FX thread never waits
        // and the JVM still stays up until every socket is closed.
        if (labClosing.compareAndSet(false, true))
            Thread.ofPlatform().name("socketlab-close").daemon(false).start(shell::closeLab);
    }

    /**
     * A signal (SIGTERM at a logout or from {@code kill}, Ctrl+C in the terminal) ends the JVM without {@link #stop()}:
     * the lab is closed here, so that tcpdump and the endpoint processes end at once. Before, the window took 30 s to
     * end: the capture's own exit hook waits that long for an orderly close that nothing made (LoopbackCapture).
     * After a closed window's own closing it does nothing. The layout is not saved: that needs the FX thread, which
     * JavaFX's own exit hook is taking down meanwhile.
     */
    private void closeLabAtSignal() {
        if (labClosing.compareAndSet(false, true)) shell.closeLab();
    }

    /**
     * The training run of the AOT cache, made at package time by packaging/Bundle.java with
     * {@code SOCKETLAB_AOT_TRAINING=1}: once the window is up, the first lesson plays on its lab (the window draws
     * its calls, segments and states as they come), the command line lists the lessons, and the program ends. The
     * JVM writes the classes it loaded and linked, and the profiles of what ran, into the cache the launcher uses.
     */
    private static final class AotTraining {
        static final boolean ON = "1".equals(System.getenv("SOCKETLAB_AOT_TRAINING"));

        static void exercise(Lab lab, LessonCatalog lessons) {
            Thread.ofPlatform().name("socketlab-aot-training").daemon().start(() -> {
                if (lab != null) LessonPlayer.play(lessons.all().getFirst(), lab);
                PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
                Cli.run(new String[]{"lessons"}, nowhere, nowhere);
                Platform.exit(); // callable from any thread
            });
        }
    }
}
