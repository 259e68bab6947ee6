package org.socketlab.codegen;

import org.socketlab.i18n.Messages;
import org.socketlab.journal.ThreadEndpoints;

/**
 * Writes what an endpoint did in a session as a whole program in C, Java, Python or Rust: the same calls with the
 * same arguments, in the same order, each printing what the kernel answered. Run as a pair (client against server,
 * with {@code --step} to keep the session's order) the programs make the session's calls again.
 */
public final class CodeGenerator {
    private CodeGenerator() {
    }

    /** An endpoint as people say it, in the language of {@code m}: "client", "servidor 2". */
    public static String who(String endpoint, Messages m) {
        var thread = ThreadEndpoints.of(endpoint);
        if (thread.isPresent())
            return m.get("code.who.thread", String.valueOf(thread.get().number()), String.valueOf(thread.get().pid()));
        int dash = endpoint.lastIndexOf('-');
        boolean numbered = dash > 0 && endpoint.substring(dash + 1).matches("\\d+");
        String base = numbered ? endpoint.substring(0, dash) : endpoint;
        String key = "code.who." + base;
        return (m.has(key) ? m.get(key) : base) + (numbered ? " " + endpoint.substring(dash + 1) : "");
    }

    /** The program of {@code endpoint}'s calls in {@code script}, its comments in the language of {@code m}. */
    public static Program program(Language language, CodeScript script, String endpoint, Messages m) {
        return switch (language) {
            case C -> new CProgram(script, endpoint, m).render();
            case PYTHON -> new PythonProgram(script, endpoint, m).render();
            case JAVA -> new JavaProgram(script, endpoint, m).render();
            case RUST -> new RustProgram(script, endpoint, m).render();
        };
    }
}
