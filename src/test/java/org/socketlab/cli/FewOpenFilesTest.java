package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.CiRules;
import org.socketlab.syscall.OpenFilesLimit;
import org.socketlab.syscall.TrustedPrograms;
import org.socketlab.testing.ChildJvm;

/**
 * Under a shell whose open-files limit is below what a lab needs, a command that makes calls says so in one line in
 * the user's language and exits 4 before starting anything, instead of failing half-way in the JDK's English.
 */
class FewOpenFilesTest {
    @Test
    void theSoftLimitIsReadFromProcLimits() {
        String limits = """
                Limit                     Soft Limit           Hard Limit           Units
                Max processes             62987                62987                processes
                Max open files            24                   4096                 files
                """;
        assertEquals(24, OpenFilesLimit.parse(limits).orElseThrow());
        assertEquals(Long.MAX_VALUE,
                OpenFilesLimit.parse("Max open files            unlimited            unlimited            files\n")
                        .orElseThrow());
        assertTrue(OpenFilesLimit.parse("nothing here").isEmpty());
        assertTrue(OpenFilesLimit.current().orElseThrow() >= OpenFilesLimit.NEEDED, "this test JVM's own limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"es", "en"})
    void aLessonUnderALowLimitIsOneLineAndExit4(String lang) throws Exception {
        Optional<Path> prlimit = TrustedPrograms.find("prlimit");
        CiRules.requireOrSkip(prlimit.isPresent(), "prlimit (util-linux)");
        List<String> command = new ArrayList<>(List.of(prlimit.orElseThrow().toString(), "--nofile=64:64"));
        command.addAll(ChildJvm.command("-cp", System.getProperty("java.class.path"), "org.socketlab.Main", "run",
                "tcp-basics", "--lang", lang));
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command ends");
        String out = read(p.getInputStream());
        String err = read(p.getErrorStream());
        assertEquals(Cli.UNSUPPORTED, p.exitValue(), err);
        assertEquals("", out, "nothing was started");
        assertEquals(1, err.lines().count(), err);
        assertTrue(
                err.contains("ulimit -n") && err.contains(" 64 ")
                        && err.contains(String.valueOf(OpenFilesLimit.NEEDED)),
                err);
        assertTrue(err.contains(lang.equals("es") ? "ficheros" : "files"), err);
        assertFalse(err.contains("Exception") || err.contains("spawn"), err);
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
