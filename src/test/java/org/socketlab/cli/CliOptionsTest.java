package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Options are given once, every value is checked even when repeated, numbers only in canonical form. */
class CliOptionsTest {
    private static void exit2(String firstLine, String... args) {
        CliTest.Outcome o = CliTest.cli(args);
        String cmd = String.join(" ", args);
        assertEquals(2, o.exit(), cmd);
        assertEquals(firstLine, o.err().lines().findFirst().orElse(""), cmd);
        assertEquals("", o.out(), "nothing was started: " + cmd);
    }

    @Test
    void aRepeatedOptionIsRefusedNamingBothValues() {
        exit2("Option --port is given more than once (5200, 5201): give it once.",
                "serve", "tcp", "--port", "5200", "--port", "5201", "--lang", "en");
        exit2("Option --journal is given more than once (a.jsonl, b.jsonl): give it once.",
                "run", "tcp-basics", "--journal", "a.jsonl", "--journal", "b.jsonl", "--lang", "en");
        exit2("La opción --lang aparece más de una vez (es, en): indícala una sola vez.", "lessons", "--lang", "es",
                "--lang", "en");
        exit2("Option --connections is given more than once (1, 2): give it once.",
                "serve", "udp", "--port", "5200", "--connections", "1", "--connections", "2", "--lang", "en");
    }

    @Test
    void everyValueIsCheckedEvenWhenRepeated() {
        // The bad second value is named, said in the language of the first, valid one.
        exit2("El idioma \"xx\" no se conoce: usa es o en.", "lessons", "--lang", "es", "--lang", "xx");
        exit2("Port \"00080\" is not valid: use a whole number from 1 to 65535.",
                "serve", "tcp", "--port", "5200", "--port", "00080", "--lang", "en");
        exit2("Language \"xx\" is not known: use es or en.", "serve", "tcp", "--port", "5200", "--lang", "en", "--lang",
                "xx");
    }

    @Test
    void onlyCanonicalNumbersAreAccepted() {
        for (String port : List.of("00080", "080", "+80", "8O", " 80", "80 ", "1e3", "0x50", "65536", "99999999999",
                "0", "-1", "٨٠"))
            exit2("Port \"" + port + "\" is not valid: use a whole number from 1 to 65535.", "serve", "tcp", "--port",
                    port, "--lang", "en");
        exit2("--connections \"01\" is not valid: use a whole number (0 serves until stopped with Ctrl+C).",
                "serve", "tcp", "--port", "5200", "--connections", "01", "--lang", "en");
        for (String max : List.of("0", "1025", "032", "many"))
            exit2("--max-clients \"" + max + "\" is not valid: use a whole number from 1 to 1024.",
                    "serve", "tcp", "--port", "5200", "--max-clients", max, "--lang", "en");
    }

    @Test
    void helpListsTheCommandsAndEveryExitCodeInTheUsersLanguage() {
        for (String[] args : List.of(new String[]{"help", "--lang", "en"}, new String[]{"--help", "--lang", "en"})) {
            CliTest.Outcome o = CliTest.cli(args);
            assertEquals(0, o.exit());
            for (String word : List.of("socketlab lessons", "socketlab run LESSON", "socketlab serve tcp|udp",
                    "--max-clients", "Exit codes:"))
                assertTrue(o.out().contains(word), word + " in " + o.out());
            for (int code : List.of(Cli.OK, Cli.MISMATCH, Cli.USAGE, Cli.OUTPUT_FAILED, Cli.UNSUPPORTED,
                    Cli.INTERRUPTED, Cli.TERMINATED))
                assertTrue(o.out().lines().anyMatch(l -> l.matches("\\s+" + code + "\\s+\\S.*")),
                        "exit code " + code + " in " + o.out());
        }
        CliTest.Outcome es = CliTest.cli("help", "--lang", "es");
        assertTrue(es.out().contains("Códigos de salida:") && es.out().contains("socketlab run LECCIÓN"), es.out());
        assertTrue(es.out().lines().anyMatch(l -> l.matches("\\s+130\\s+serve detenido con Ctrl\\+C.*")), es.out());
        assertEquals(2, CliTest.cli("help", "--lang", "en", "--lang", "es").exit());
    }
}
