package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.FuzzSupport;
import org.socketlab.i18n.LocalizedException;

/**
 * Random command lines from the commands' own words and junk: every one gives exit 0 or 2 with a clear line (never a
 * Java error), or for serve a checked set of options; no socket is opened and no file left behind.
 */
class CliFuzzTest {
    private static final String SEP = "\u0001";

    private static List<String> words(Path dir) {
        return List.of("run", "lessons", "help", "--help", "serve", "tcp", "udp", "sctp", "no-such-lesson",
                "tcp-basicz", "",
                "--port", "--journal", "--markdown", "--svg", "--lang", "--connections", "--max-clients", "--colour",
                "-p", "--",
                "5200", "00080", "0", "65536", "-1", "+80", "1e3", "es", "en", "xx", "ES", "/proc/x", "/sys/x",
                dir.toString(),
                dir.resolve("j.jsonl").toString(), dir.resolve("no/such/j.jsonl").toString(), "\u0000", "é",
                "--port=5200");
    }

    @Test
    void randomCommandLinesAreRefusedClearlyOrParsed(@TempDir Path dir) throws Exception {
        List<String> words = words(dir);
        FuzzSupport.Tally t = FuzzSupport.fuzz("command line", r -> {
            List<String> argv = new ArrayList<>();
            for (int i = 1 + r.nextInt(8); i > 0; i--) argv.add(words.get(r.nextInt(words.size())));
            if (r.nextInt(4) == 0) argv.set(0, "serve");
            return String.join(SEP, argv);
        }, text -> {
            String[] args = text.split(SEP, -1);
            if (args[0].equals("serve")) {
                ServeCommand.Options o = ServeCommand.parse(args); // serving itself would wait for clients
                o.files().discard();
                return;
            }
            CliTest.Outcome o = CliTest.cli(args);
            assertTrue(o.exit() == Cli.OK || o.exit() == Cli.USAGE, () -> "exit " + o.exit() + " for " + List.of(args));
            assertFalse((o.out() + o.err()).contains("Exception") || (o.out() + o.err()).contains("\tat "), o.err());
            if (o.exit() == Cli.USAGE) {
                String first = o.err().lines().findFirst().orElse("");
                assertFalse(first.isBlank() || first.matches(".*![a-z]+(\\.[A-Za-z]+)+!.*"),
                        () -> "a clear first line: " + o.err());
                throw new LocalizedException("cli.missingCommand"); // only to count it as refused: its line was checked above
            }
        });
        FuzzSupport.assertBothOutcomes(t, "command line");
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "no output file left behind");
        }
    }
}
