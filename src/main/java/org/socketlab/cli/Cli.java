package org.socketlab.cli;

import java.io.PrintStream;

/** The headless command line: {@code lessons}, {@code run LESSON ...}. No toolkit is started. */
public final class Cli {
    private Cli() {
    }

    /** Runs one command and returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        err.println("not implemented yet: " + String.join(" ", args));
        return 2;
    }
}
