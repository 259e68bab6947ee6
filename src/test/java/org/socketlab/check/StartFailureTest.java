package org.socketlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/** A runtime a limit stopped before its program ran is told as such, never as a program that did not listen. */
class StartFailureTest {
    private static final String JVM = """
            [0.082s][warning][os,thread] Failed to start thread "G1 Refine#0" - pthread_create failed (EAGAIN) for attributes: stacksize: 1024k.
            Error occurred during initialization of VM
            Error: Could not create the Java Virtual Machine.
            """;

    private static final Verdict NEVER_READY = new Verdict(Rule.LISTENER_OPEN, false, "check.why.notStarted",
            List.of("1"), 6L, null);

    /** The JVM's own lookup through nscd's Unix socket, which comes before any code of the program runs. */
    private static List<Event> nscdOnly() {
        Payload.Call socket = new Payload.Call("socket", null, Map.of("domain", "AF_UNIX"), 4, null, null, null, 0,
                null, 0, null, List.of(11L));
        Payload.Call connect = new Payload.Call("connect", 4, Map.of("addr", "/var/run/nscd/socket"), -1, 2, "ENOENT",
                null, 0, null, 0, 11L, List.of());
        return List.of(new Event(1, 0, "program-6", socket), new Event(2, 0, "program-6", connect));
    }

    @Test
    void aJvmStoppedByTheAddressSpaceLimitIsToldSoWithItsOwnWords() {
        CheckFile check = CheckLoader.load("tcp-echo-server");
        List<Verdict> told = StartFailure.explained(List.of(NEVER_READY), nscdOnly(), JVM, check);
        assertEquals("check.why.limitAtStart", told.getFirst().key());
        assertEquals(String.valueOf(check.limits().memoryMb()), told.getFirst().args().getFirst());
        assertTrue(told.getFirst().args().get(1).startsWith("Failed to start thread \"G1 Refine#0\" - pthread_create"),
                told.getFirst().args().get(1));
    }

    @Test
    void aProgramThatMadeANetworkCallIsJudgedOnWhatItDid() {
        Payload.Call socket = new Payload.Call("socket", null, Map.of("domain", "AF_INET"), 3, null, null, null, 0,
                null, 0, null, List.of(12L));
        List<Verdict> same = StartFailure.explained(List.of(NEVER_READY), List.of(new Event(1, 0, "program", socket)),
                JVM, CheckLoader.load("tcp-echo-server"));
        assertEquals("check.why.notStarted", same.getFirst().key());
        List<Verdict> quiet = StartFailure.explained(List.of(NEVER_READY), nscdOnly(), "Traceback: no such file\n",
                CheckLoader.load("tcp-echo-server"));
        assertEquals("check.why.notStarted", quiet.getFirst().key());
    }

    @Test
    void aCommandNotFoundInTheRoomIsToldWithTheMissingPath() {
        String shim = "/root/.pyenv/shims/python3: line 12: /root/.pyenv/libexec/pyenv: No such file or directory\n";
        List<Verdict> told = StartFailure.notFound(List.of(NEVER_READY), nscdOnly(), shim, 127);
        assertEquals("check.why.notFound", told.getFirst().key());
        assertEquals(List.of("127", "/root/.pyenv/libexec/pyenv"), told.getFirst().args());
        assertEquals(List.of("127", "python3"), StartFailure.notFound(List.of(NEVER_READY), nscdOnly(),
                "env: 'python3': No such file or directory\n", 127).getFirst().args());
        assertEquals(List.of("126", "./server"), StartFailure.notFound(List.of(NEVER_READY), nscdOnly(),
                "sh: 1: ./server: Permission denied\n", 126).getFirst().args());
        // Another exit code, or no such line: as it was.
        assertEquals("check.why.notStarted",
                StartFailure.notFound(List.of(NEVER_READY), nscdOnly(), shim, 1).getFirst().key());
        assertEquals("check.why.notStarted",
                StartFailure.notFound(List.of(NEVER_READY), nscdOnly(), "Traceback\n", 127).getFirst().key());
    }
}
