package org.socketlab.ui;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.socketlab.i18n.Lang;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonCatalog;
import org.socketlab.syscall.Os;
import org.socketlab.ui.shell.Shell;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.prefs.Preferences;

/** The desktop program: one window on a Lab of real loopback sockets. */
public final class SocketLabApp extends Application {
    /**
     * Started before the toolkit, on threads of their own, so the window never waits for them unless they are slower
     * than the toolkit: the lab (which starts tcpdump and waits until it listens), the lesson catalogue (18 files
     * parsed) and the saved window layout. Application.launch makes the instance itself, hence static.
     */
    private static volatile CompletableFuture<Lab> lab = CompletableFuture.completedFuture(null);
    private static volatile CompletableFuture<Preferences> prefs = CompletableFuture.completedFuture(null);

    private Shell shell;

    /** Launches the JavaFX application and returns when the window is closed. */
    public static void open(String[] args) {
        StartupTrace.mark("main");
        lab = inBackground("socketlab-start-lab", () -> Os.current().supported() ? Lab.onThisMachine() : null);
        prefs = inBackground("socketlab-start-prefs", () -> {
            Preferences node = Preferences.userNodeForPackage(SocketLabApp.class).node("window");
            node.get("width", null); // reads the stored file now, not on the FX thread
            return node;
        });
        inBackground("socketlab-start-lessons", LessonCatalog::all);
        try {
            Application.launch(SocketLabApp.class, args);
        } catch (UnsupportedOperationException | IllegalStateException e) {
            // No display or no GTK 3: say what to do instead of a stack trace.
            System.err.println(org.socketlab.i18n.Messages.of(Lang.fromSystem()).get("app.noWindow", String.valueOf(e.getMessage())));
            System.exit(3);
        }
    }

    private static <T> CompletableFuture<T> inBackground(String name, java.util.function.Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofPlatform().name(name).daemon().start(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    @Override
    public void start(Stage stage) {
        StartupTrace.mark("toolkit");
        Lab started = lab.join();
        StartupTrace.mark("lab");
        shell = new Shell(started, System.getProperty("os.name"), Lang.fromSystem());
        StartupTrace.mark("shell");
        shell.show(stage, prefs.join());
        StartupTrace.mark("shown");
        stage.getScene().addPostLayoutPulseListener(new Runnable() {
            @Override public void run() {
                stage.getScene().removePostLayoutPulseListener(this);
                StartupTrace.finish("frame");
                if (AotTraining.ON) AotTraining.exercise(lab.join());
            }
        });
    }

    @Override
    public void stop() {
        if (shell == null) return;
        shell.detach();
        // Closing waits for the workers to end; a non-daemon thread does it so the FX thread never waits
        // and the JVM still stays up until every socket is closed.
        Thread.ofPlatform().name("socketlab-close").daemon(false).start(shell::closeLab);
    }

    /**
     * The training run of the AOT cache, made at package time by packaging/Bundle.java with
     * {@code SOCKETLAB_AOT_TRAINING=1}: once the window is up, a lesson plays on its lab (so the window draws calls,
     * segments and states), the command line lists the lessons, and the program ends. The JVM writes the classes it
     * loaded and linked, and the profiles of what ran, into the cache the installed launcher then uses.
     */
    private static final class AotTraining {
        static final boolean ON = "1".equals(System.getenv("SOCKETLAB_AOT_TRAINING"));

        static void exercise(Lab lab) {
            Thread.ofPlatform().name("socketlab-aot-training").daemon().start(() -> {
                if (lab != null) org.socketlab.lesson.LessonPlayer.play(LessonCatalog.all().getFirst(), lab);
                PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
                org.socketlab.cli.Cli.run(new String[] {"lessons"}, nowhere, nowhere);
                // Let the diagram draw what the lesson journaled before leaving.
                Platform.runLater(() -> Platform.runLater(Platform::exit));
            });
        }
    }
}
