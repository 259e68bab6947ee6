package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * Signal dispositions for real (issue 39): a lesson file installs a handler with sigaction, with or without SA_RESTART,
 * or SIG_IGN, for SIGUSR2, SIGALRM and SIGCHLD, and SocketLab sends a signal while a call waits in the kernel
 * ({@code "kill": "SIGALRM"}). Without SA_RESTART the blocked recv returns -1 EINTR; with it the same recv goes on and
 * gets the data; with the default action the process dies of it. Malformed steps are refused in both languages.
 */
class SignalStepsTest {
    private static String lesson(String lastSteps) {
        return LessonScaffold.lesson("signal-steps", LessonScaffold.CONNECTED + lastSteps);
    }

    private static List<Event> passes(String lastSteps) {
        return LessonScaffold.passes(lesson(lastSteps));
    }

    @Test
    void aCaughtSignalInterruptsRecvWithoutSaRestartAndNotWithIt() {
        List<Event> journal = passes("""
                {"endpoint": "client", "call": "signal", "signal": "SIGALRM", "handler": "on_signal",
                 "narration": {"es": "g", "en": "g"}, "expect": {"result": 0}},
                {"endpoint": "client", "call": "recv", "socket": "sock", "size": 100, "wait": false,
                 "narration": {"es": "h", "en": "h"}, "expect": {"blocked": true}},
                {"endpoint": "client", "kill": "SIGALRM", "narration": {"es": "i", "en": "i"}},
                {"endpoint": "client", "finish": "recv", "narration": {"es": "j", "en": "j"},
                 "expect": {"result": -1, "errno": "EINTR"}},
                {"endpoint": "client", "call": "signal", "signal": "SIGALRM", "handler": "on_signal",
                 "sa_flags": "SA_RESTART", "narration": {"es": "k", "en": "k"}, "expect": {"result": 0}},
                {"endpoint": "client", "call": "recv", "socket": "sock", "size": 100, "wait": false,
                 "narration": {"es": "l", "en": "l"}, "expect": {"blocked": true}},
                {"endpoint": "client", "kill": "SIGALRM", "narration": {"es": "m", "en": "m"}},
                {"endpoint": "server", "call": "send", "socket": "conn", "data": "hola",
                 "narration": {"es": "n", "en": "n"}, "expect": {"result": 4}},
                {"endpoint": "client", "finish": "recv", "narration": {"es": "o", "en": "o"},
                 "expect": {"result": 4, "data": "hola"}}
                """);
        List<Payload.Call> signals = calls(journal, "signal");
        assertEquals("on_signal", signals.get(0).args().get("handler"));
        assertEquals("0", signals.get(0).args().get("sa_flags"));
        assertEquals("SA_RESTART", signals.get(1).args().get("sa_flags"));
        List<Payload.Call> recvs = calls(journal, "recv");
        assertEquals("EINTR", recvs.get(0).errnoName());
        assertTrue(recvs.get(0).blockedNs() > 0, "the interrupted recv waited in the kernel: " + recvs.get(0));
        assertEquals(4, recvs.get(1).result(), "the restarted recv got the data");
        long sent = journal.stream().map(Event::payload)
                .filter(p -> p instanceof Payload.Process e && e.event().equals(Payload.Process.SIGNAL)
                        && "SIGALRM".equals(e.signalName()))
                .count();
        assertEquals(2, sent, "both signals journaled");
        assertTrue(journal.stream().map(Event::payload).noneMatch(p -> p instanceof Payload.Process e && e.killed()),
                "nobody died of a caught signal");
    }

    @Test
    void theDefaultActionOfSigalrmEndsTheProcessInItsCall() {
        List<Event> journal = passes("""
                {"endpoint": "client", "call": "recv", "socket": "sock", "size": 100, "wait": false,
                 "narration": {"es": "g", "en": "g"}, "expect": {"blocked": true}},
                {"endpoint": "client", "kill": "SIGALRM", "narration": {"es": "h", "en": "h"}},
                {"endpoint": "server", "call": "recv", "socket": "conn", "size": 100,
                 "narration": {"es": "i", "en": "i"}, "expect": {"result": 0}}
                """);
        assertTrue(journal.stream().map(Event::payload).anyMatch(p -> p instanceof Payload.Process e
                && e.killed() && "SIGALRM".equals(e.signalName())), "the client died of SIGALRM");
    }

    @Test
    void sigchldCaughtInterruptsAcceptAndIgnoredLeavesNoZombie() {
        List<Event> journal = passes("""
                {"endpoint": "server", "call": "signal", "signal": "SIGCHLD", "handler": "on_signal",
                 "narration": {"es": "g", "en": "g"}, "expect": {"result": 0}},
                {"endpoint": "server", "fork": "server-2", "narration": {"es": "h", "en": "h"}},
                {"endpoint": "server", "call": "accept", "socket": "listener", "as": "conn2", "wait": false,
                 "narration": {"es": "i", "en": "i"}, "expect": {"blocked": true}},
                {"endpoint": "server-2", "exit": 0, "narration": {"es": "j", "en": "j"}},
                {"endpoint": "server", "finish": "accept", "narration": {"es": "k", "en": "k"},
                 "expect": {"result": -1, "errno": "EINTR"}},
                {"endpoint": "server", "call": "waitpid", "pid": "server-2", "narration": {"es": "l", "en": "l"},
                 "expect": {"result": {"min": 1}}},
                {"endpoint": "server", "call": "signal", "signal": "SIGCHLD", "handler": "SIG_IGN",
                 "narration": {"es": "m", "en": "m"}, "expect": {"result": 0}},
                {"endpoint": "server", "fork": "server-3", "narration": {"es": "n", "en": "n"}},
                {"endpoint": "server-3", "exit": 3, "narration": {"es": "o", "en": "o"}},
                {"endpoint": "server", "call": "waitpid", "pid": -1, "narration": {"es": "p", "en": "p"},
                 "expect": {"result": -1, "errno": "ECHILD"}}
                """);
        List<Payload.Process> zombies = journal.stream().map(Event::payload)
                .filter(p -> p instanceof Payload.Process e && e.event().equals(Payload.Process.ZOMBIE))
                .map(p -> (Payload.Process) p).toList();
        assertEquals(1, zombies.size(), "server-2 was a zombie until its waitpid, server-3 never: " + zombies);
        Payload.Process third = journal.stream().filter(e -> e.endpoint().equals("server-3"))
                .map(Event::payload).filter(p -> p instanceof Payload.Process e
                        && e.event().equals(Payload.Process.EXITED))
                .map(p -> (Payload.Process) p).findFirst().orElseThrow();
        assertEquals(3, third.code(), "server-3's exit(3), reaped by its parent's kernel");
    }

    @Test
    void malformedSignalStepsAreRefusedInTheUsersLanguage() {
        String lab = lesson("{\"endpoint\": \"client\", \"call\": \"signal\", \"signal\": \"SIGUSR1\","
                + " \"handler\": \"on_signal\", \"narration\": {\"es\": \"i\", \"en\": \"i\"}}");
        String flagsWithoutHandler = lesson("{\"endpoint\": \"client\", \"call\": \"signal\", \"signal\":"
                + " \"SIGALRM\", \"handler\": \"SIG_IGN\", \"sa_flags\": \"SA_RESTART\", \"narration\": {\"es\":"
                + " \"i\", \"en\": \"i\"}}");
        String badFlags = lesson("{\"endpoint\": \"client\", \"call\": \"signal\", \"signal\": \"SIGALRM\","
                + " \"handler\": \"on_signal\", \"sa_flags\": \"SA_NODEFER\", \"narration\": {\"es\": \"i\","
                + " \"en\": \"i\"}}");
        LessonScaffold.refusedInBothLanguages(lab,
                "\"signal\": \"SIGUSR1\" is not a signal this step takes; write one of: SIGPIPE, SIGUSR2, SIGALRM",
                "\"signal\": \"SIGUSR1\" no es una señal que admita este paso");
        LessonScaffold.refusedInBothLanguages(flagsWithoutHandler,
                "\"sa_flags\" goes with a handler function only (on_signal, reap_one, reap_all)",
                "\"sa_flags\" solo va con una función manejadora (on_signal, reap_one, reap_all)");
        LessonScaffold.refusedInBothLanguages(badFlags, "SA_NODEFER", "SA_NODEFER");
    }

    private static List<Payload.Call> calls(List<Event> journal, String call) {
        return journal.stream().map(Event::payload)
                .filter(p -> p instanceof Payload.Call c && c.call().equals(call)).map(p -> (Payload.Call) p)
                .toList();
    }

}
