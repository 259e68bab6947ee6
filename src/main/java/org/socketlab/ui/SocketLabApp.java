package org.socketlab.ui;

import javafx.application.Application;
import javafx.stage.Stage;
import org.socketlab.i18n.Lang;
import org.socketlab.ui.shell.Shell;

/** The desktop program: one window on a Lab of real loopback sockets. */
public final class SocketLabApp extends Application {
    private Shell shell;

    /** Launches the JavaFX application and returns when the window is closed. */
    public static void open(String[] args) {
        try {
            Application.launch(SocketLabApp.class, args);
        } catch (UnsupportedOperationException | IllegalStateException e) {
            // No display or no GTK 3: say what to do instead of a stack trace.
            System.err.println(org.socketlab.i18n.Messages.of(Lang.fromSystem()).get("app.noWindow", String.valueOf(e.getMessage())));
            System.exit(3);
        }
    }

    @Override
    public void start(Stage stage) {
        shell = Shell.onThisMachine(Lang.fromSystem());
        shell.show(stage, org.socketlab.ui.shell.WindowPrefs.userFile());
    }

    @Override
    public void stop() {
        if (shell == null) return;
        shell.detach();
        // Closing waits for the workers to end; a non-daemon thread does it so the FX thread never waits
        // and the JVM still stays up until every socket is closed.
        Thread.ofPlatform().name("socketlab-close").daemon(false).start(shell::closeLab);
    }
}
