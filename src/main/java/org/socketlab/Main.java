package org.socketlab;

import org.socketlab.cli.Cli;
import org.socketlab.lab.Lab;
import org.socketlab.syscall.Os;

import java.util.concurrent.CompletableFuture;

/**
 * The one launcher: with no arguments it opens the window; with a command ({@code lessons}, {@code run},
 * {@code serve}) it runs headlessly and never starts the JavaFX toolkit.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            // The window's lab starts tcpdump and waits until it listens: that happens while JavaFX starts, and the
            // window asks for it on JavaFX's launcher thread (never the FX thread). Null where calls are unsupported.
            CompletableFuture<Lab> lab = new CompletableFuture<>();
            Thread.ofPlatform().name("socketlab-start-lab").daemon().start(() -> {
                try {
                    lab.complete(Os.current().supported() ? Lab.onThisMachine() : null);
                } catch (RuntimeException | Error e) {
                    lab.completeExceptionally(e);
                }
            });
            // Only this branch touches a ui class, so the command line never loads JavaFX.
            org.socketlab.ui.SocketLabApp.open(args, lab::join);
            return;
        }
        System.exit(Cli.run(args, System.out, System.err));
    }
}
