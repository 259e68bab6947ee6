package org.socketlab.codegen;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The programs of the lessons on socket options (TCP_NODELAY, SO_KEEPALIVE with its IPPROTO_TCP timers, SO_REUSEPORT,
 * SO_RCVTIMEO and SO_SNDTIMEO with their struct timeval)
 * compile in the four languages, and the C and Python ones make the lesson's calls again, as {@link GeneratedProgramsTest}
 * checks for the first lessons. Nagle's and the UDP reply's programs are compiled, not replayed: what Nagle holds back
 * depends on timing (a replay's recv may get "a" where the lesson waited for "abc"), and the reply goes to the port the
 * lesson's client had, not the replay's.
 */
class OptionProgramsTest {
    private final GeneratedProgramsTest programs = new GeneratedProgramsTest();

    @ParameterizedTest
    @ValueSource(strings = {"keepalive", "reuseport", "timeouts"})
    void cProgramsCompileAndRun(String lesson, @TempDir Path dir) throws Exception {
        programs.theCProgramsCompileAndMakeTheLessonsCallsAgain(lesson, dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"keepalive", "reuseport", "timeouts"})
    void pythonProgramsRun(String lesson, @TempDir Path dir) throws Exception {
        programs.thePythonProgramsMakeTheLessonsCallsAgain(lesson, dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nagle", "keepalive", "reuseport", "udp-request-reply", "timeouts"})
    void javaProgramsCompile(String lesson, @TempDir Path dir) throws Exception {
        programs.theJavaProgramsCompile(lesson, dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nagle", "keepalive", "reuseport", "udp-request-reply", "timeouts"})
    void rustProgramsCompile(String lesson, @TempDir Path dir) throws Exception {
        programs.theRustProgramsCompile(lesson, dir);
    }
}
