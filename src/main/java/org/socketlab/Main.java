package org.socketlab;

import org.socketlab.cli.Cli;

/**
 * The one launcher: with no arguments it opens the window; with a command ({@code lessons}, {@code run},
 * {@code serve}) it runs headlessly and never starts the JavaFX toolkit.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            // Only this branch touches a ui class, so the command line never loads JavaFX.
            org.socketlab.ui.SocketLabApp.open(args);
            return;
        }
        System.exit(Cli.run(args, System.out, System.err));
    }
}
