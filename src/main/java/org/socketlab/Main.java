package org.socketlab;

import java.util.Arrays;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.socketlab.capture.SourceLaunch;
import org.socketlab.cli.Cli;
import org.socketlab.cli.ConsoleText;
import org.socketlab.export.DiagramPicture;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.file.SavedJournal;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonCatalog;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.OpenFilesLimit;
import org.socketlab.syscall.Os;
import org.socketlab.ui.SocketLabApp;
import org.socketlab.ui.shell.HeadlessDiagramPicture;

/**
 * The one launcher: with no arguments it opens the window, with {@code replay F.jsonl} the window on that journal;
 * with another command ({@code lessons}, {@code run}, {@code serve}, {@code export}) it runs headlessly and never
 * starts the JavaFX toolkit, except for {@code --png}, drawn on JavaFX's headless platform.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        ConsoleText.utf8WhereNoLocaleWasChosen();
        if (args.length == 0) {
            // From source (mvn -q compile exec:exec): the window enters the lab network as the launcher would.
            OptionalInt window = SourceLaunch.relaunch();
            if (window.isPresent()) System.exit(window.getAsInt());
        }
        if ((args.length == 0 || args[0].equals("replay")) && OpenFilesLimit.tooLow().isPresent()) {
            // Before JavaFX: the window's lab would fail half-way, in the JDK's English.
            System.err.println(Cli.fewOpenFiles(Messages.of(Lang.fromSystem())));
            System.exit(Cli.UNSUPPORTED);
        }
        // What the program is made of is made here, once, and passed on: no part of it reaches for a global.
        LessonCatalog lessons = new LessonCatalog();
        SavedJournal replay = null;
        if (args.length > 0 && args[0].equals("replay")) {
            // Checked whole before any window opens: a bad file is one line and exit 2.
            replay = Cli.openForReplay(args, System.err);
            if (replay == null) System.exit(Cli.USAGE);
        }
        if (args.length == 0 || replay != null) {
            // The window's lab is made while JavaFX starts, and the window asks for it on JavaFX's launcher thread
            // (never the FX thread); its tcpdump and endpoint processes start once the window is complete (or at the first
            // call, which waits until tcpdump listens).
            // Null where calls are unsupported.
            CompletableFuture<Lab> lab = new CompletableFuture<>();
            Thread.ofPlatform().name("socketlab-start-lab").daemon().start(() -> {
                try {
                    lab.complete(Os.current().supported() ? Lab.forWindow(Libc.forThisMachine()) : null);
                } catch (RuntimeException | Error e) {
                    lab.completeExceptionally(e);
                }
            });
            // Only this branch touches a ui class, so the command line never loads JavaFX.
            SocketLabApp.open(new String[0], lab::join, replay, lessons);
            return;
        }
        // --png draws with the window's own diagram, on JavaFX's headless platform (started only then).
        boolean png = Arrays.asList(args).contains("--png");
        System.exit(Cli.run(args, System.in, System.out, System.err,
                png ? new HeadlessDiagramPicture() : DiagramPicture.NONE, Libc::forThisMachine, lessons));
    }
}
