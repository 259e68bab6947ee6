package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.testing.ChildJvm;

/**
 * In the POSIX locale (a grader's container, {@code env -i}) the command line writes UTF-8, so Spanish and the
 * verdicts' marks arrive whole instead of as "?"; with a locale chosen (C.UTF-8 here) the same bytes.
 */
class ConsoleTextTest {
    @ParameterizedTest
    @ValueSource(strings = {"POSIX", "C.UTF-8"})
    void spanishArrivesWholeWhateverTheLocale(String locale) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(ChildJvm.command("-cp", System.getProperty("java.class.path"),
                "org.socketlab.Main", "help", "--lang", "es"))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.equals("LANGUAGE"));
        env.put("LC_ALL", locale);
        Process p = builder.start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "help ends");
        assertEquals(0, p.exitValue(), said);
        assertTrue(said.contains("Condiciones del enlace entre dos máquinas"), said);
        assertTrue(!said.contains("m?quinas"), said);
    }
}
