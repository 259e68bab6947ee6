package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;

class LessonMismatchTest {
    static String narration() {
        return "\"narration\": {\"es\": \"texto\", \"en\": \"text\"}";
    }

    static String lesson(String... steps) {
        return "{\"id\": \"t\", \"title\": {\"es\": \"t\", \"en\": \"t\"}, \"summary\": {\"es\": \"s\", \"en\": \"s\"}, \"steps\": ["
                + String.join(",", steps) + "]}";
    }

    static String step(String fields, String expect) {
        return "{" + fields + ", " + narration() + ", \"expect\": " + expect + "}";
    }

    @Test
    void wrongExpectationIsReportedAsAMismatchNamingTheStep() {
        Lesson wrong = LessonLoader.parse("wrong.json", lesson(
                step("\"endpoint\": \"client\", \"call\": \"socket\", \"domain\": \"AF_INET\", \"type\": \"SOCK_STREAM\", \"as\": \"s\"",
                        "{\"result\": \"fd\"}"),
                step("\"endpoint\": \"client\", \"call\": \"connect\", \"socket\": \"s\", \"address\": \"127.0.0.1:{port}\"",
                        "{\"result\": 0}"),
                step("\"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"s\"", "{\"result\": 0}")));
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport report = new LessonRunner().run(wrong, lab);
            assertFalse(report.passed());
            assertEquals(2, report.steps().size(), "the run stops at the first mismatch");
            assertEquals("step 2 (client connect): expected 0, got -1 ECONNREFUSED",
                    report.mismatch().describe(Messages.of(Lang.EN)));
            assertEquals("paso 2 (client connect): se esperaba 0, se obtuvo -1 ECONNREFUSED",
                    report.mismatch().describe(Messages.of(Lang.ES)));
        }
    }

    /**
     * Issue 59 item 4: an instructor's file expects -1 EPIPE from a send() after the peer's RST, but SIGPIPE's default
     * action kills the client inside it, as it kills a C program: the mismatch says so, and how to get EPIPE instead.
     */
    @Test
    void aCallWhoseProcessDiesInsideItIsToldAsADeathAndHowToGetTheError() throws Exception {
        String file;
        try (var in = LessonLoader.class.getResourceAsStream("/org/socketlab/lessons/sigpipe.json")) {
            file = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String expected = "\"killed_by\": \"SIGPIPE\"";
        assertTrue(file.contains(expected));
        Lesson instructors = LessonLoader.parse("epipe.json",
                file.replace(expected, "\"result\": -1, \"errno\": \"EPIPE\""));
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport report = new LessonRunner().run(instructors, lab);
            assertInstanceOf(Mismatch.Died.class, report.mismatch());
            assertEquals("step 9 (client send): send() killed the client: SIGPIPE (signal 13), as it kills a C program"
                    + " that has not ignored it; to get -1 EPIPE, ignore SIGPIPE or send with MSG_NOSIGNAL",
                    report.mismatch().describe(Messages.of(Lang.EN)));
            assertEquals(
                    "paso 9 (client send): send() mató al cliente: SIGPIPE (señal 13), como mata a un programa en C"
                            + " que no la ignora; para obtener -1 EPIPE, ignora SIGPIPE o envía con MSG_NOSIGNAL",
                    report.mismatch().describe(Messages.of(Lang.ES)));
        }
    }

    @Test
    void wrongDataIsReportedWithWhatCame() {
        Lesson wrong = LessonLoader.parse("data.json", lesson(
                step("\"endpoint\": \"server\", \"call\": \"socket\", \"domain\": \"AF_INET\", \"type\": \"SOCK_DGRAM\", \"as\": \"s\"",
                        "{\"result\": \"fd\"}"),
                step("\"endpoint\": \"server\", \"call\": \"bind\", \"socket\": \"s\", \"address\": \"127.0.0.1:{port}\"",
                        "{\"result\": 0}"),
                step("\"endpoint\": \"client\", \"call\": \"socket\", \"domain\": \"AF_INET\", \"type\": \"SOCK_DGRAM\", \"as\": \"c\"",
                        "{\"result\": \"fd\"}"),
                step("\"endpoint\": \"client\", \"call\": \"sendto\", \"socket\": \"c\", \"data\": \"hola\", \"address\": \"127.0.0.1:{port}\"",
                        "{\"result\": 4}"),
                step("\"endpoint\": \"server\", \"call\": \"recvfrom\", \"socket\": \"s\", \"size\": 2",
                        "{\"result\": 2, \"data\": \"hola\"}")));
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport report = new LessonRunner().run(wrong, lab);
            assertInstanceOf(Mismatch.Data.class, report.mismatch());
            assertEquals("step 5 (server recvfrom): expected the data \"hola\", got \"ho\"",
                    report.mismatch().describe(Messages.of(Lang.EN)));
        }
    }

    @Test
    void aCallThatNeverReturnsIsATimeoutMismatch() {
        Lesson stuck = LessonLoader.parse("stuck.json", lesson(
                step("\"endpoint\": \"server\", \"call\": \"socket\", \"domain\": \"AF_INET\", \"type\": \"SOCK_STREAM\", \"as\": \"l\"",
                        "{\"result\": \"fd\"}"),
                step("\"endpoint\": \"server\", \"call\": \"bind\", \"socket\": \"l\", \"address\": \"127.0.0.1:{port}\"",
                        "{\"result\": 0}"),
                step("\"endpoint\": \"server\", \"call\": \"listen\", \"socket\": \"l\", \"backlog\": 1",
                        "{\"result\": 0}"),
                step("\"endpoint\": \"server\", \"call\": \"accept\", \"socket\": \"l\", \"as\": \"c\"",
                        "{\"result\": \"fd\"}")));
        try (Lab lab = Lab.onThisMachine()) {
            // 2 s: time for the watchdog to see the accept asleep in the kernel and journal it blocked, under load too
            LessonReport report = new LessonRunner(Duration.ofSeconds(2)).run(stuck, lab);
            assertInstanceOf(Mismatch.Timeout.class, report.mismatch());
            assertEquals(
                    "step 4 (server accept): expected a new descriptor (>= 0), got no answer within 2 s (the call is still blocked)",
                    report.mismatch().describe(Messages.of(Lang.EN)));
        } // closing the lab cancels the blocked accept
    }

    @Test
    void aCallItsProcessNeverAnsweredIsNotSaidToBeBlocked() {
        Lesson one = LessonLoader.parse("unanswered.json", lesson(LISTEN, ACCEPT));
        Step accept = one.steps().getLast();
        // The journal of a run whose accept was journaled blocked, and of one where nothing of it came back.
        Event blocked = new Event(7, 0, "server", new Payload.Blocked("accept", 3));
        Event otherEndpoint = new Event(8, 0, "client", new Payload.Blocked("accept", 3));
        assertTrue(StepRunner.waitsInTheKernel(accept, List.of(blocked)));
        assertFalse(StepRunner.waitsInTheKernel(accept, List.of(otherEndpoint)));
        assertEquals("step 5 (server accept): expected a new descriptor (>= 0), got no answer within 5 s (the call is "
                + "not waiting in the kernel: its endpoint's process did not answer; is the computer very busy?)",
                new Mismatch.Timeout(accept, 5, false).describe(Messages.of(Lang.EN)));
        assertEquals("paso 5 (server accept): se esperaba un descriptor nuevo (>= 0), no hubo respuesta en 5 s (la "
                + "llamada no espera en el núcleo: el proceso del extremo no respondió; ¿está el ordenador muy ocupado?)",
                new Mismatch.Timeout(accept, 5, false).describe(Messages.of(Lang.ES)));
    }

    @Test
    void aWaitThatReachedTcpsLimitSaysTheLimit() {
        Step accept = LessonLoader.parse("limit.json", lesson(LISTEN, ACCEPT)).steps().getLast();
        // A wait for TCP ends at its step timeout plus TCP's give-up time (issue 76 item 4): said, with the limit.
        assertEquals("step 5 (server accept): expected a new descriptor (>= 0), got no answer within 136 s, with TCP "
                + "still sending again what the link lost: a step waits for TCP at most 136 s: its step timeout plus the"
                + " time TCP takes to give up a connection that is never answered",
                new Mismatch.Timeout(accept, 136, true, 136L).describe(Messages.of(Lang.EN)));
        assertTrue(new Mismatch.Timeout(accept, 136, true, 136L).describe(Messages.of(Lang.ES))
                .contains("un paso espera a TCP como mucho 136 s"));
    }

    private static final String LISTEN = step(
            "\"endpoint\": \"server\", \"call\": \"socket\", \"domain\": \"AF_INET\", \"type\": \"SOCK_STREAM\", \"as\": \"l\"",
            "{\"result\": \"fd\"}")
            + ","
            + step("\"endpoint\": \"server\", \"call\": \"bind\", \"socket\": \"l\", \"address\": \"127.0.0.1:{port}\"",
                    "{\"result\": 0}")
            + ","
            + step("\"endpoint\": \"server\", \"call\": \"listen\", \"socket\": \"l\", \"backlog\": 5",
                    "{\"result\": 0}")
            + ","
            + step("\"endpoint\": \"client\", \"call\": \"socket\", \"domain\": \"AF_INET\", \"type\": \"SOCK_STREAM\", \"as\": \"s\"",
                    "{\"result\": \"fd\"}");
    private static final String CONNECT = "\"endpoint\": \"client\", \"call\": \"connect\", \"socket\": \"s\", \"address\": \"127.0.0.1:{port}\"";
    private static final String ACCEPT = step(
            "\"endpoint\": \"server\", \"call\": \"accept\", \"socket\": \"l\", \"as\": \"conn\"",
            "{\"result\": \"fd\"}");

    /** Runs a lesson that must stop at its last step; kernel expectations give up after 300 ms. */
    private static Mismatch lastStepFails(String... steps) {
        Lesson lesson = LessonLoader.parse("wrong.json", lesson(steps));
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport report = new LessonRunner(Duration.ofSeconds(5), Duration.ofMillis(300)).run(lesson, lab);
            assertFalse(report.passed());
            assertEquals(lesson.steps().size(), report.steps().size(),
                    () -> report.mismatch().describe(Messages.of(Lang.EN)));
            return report.mismatch();
        }
    }

    @Test
    void aStateThatNeverCameIsReportedWithTheLastStateSeen() {
        Mismatch m = lastStepFails(LISTEN, step(CONNECT, "{\"result\": 0}"), ACCEPT,
                step("\"endpoint\": \"client\", \"call\": \"shutdown\", \"socket\": \"s\", \"how\": \"SHUT_RD\"",
                        "{\"result\": 0, \"state\": {\"conn\": \"CLOSE_WAIT\"}}"));
        assertInstanceOf(Mismatch.State.class, m);
        assertEquals("step 7 (client shutdown): expected fd conn in CLOSE_WAIT, saw ESTABLISHED",
                m.describe(Messages.of(Lang.EN)));
        assertEquals("paso 7 (client shutdown): se esperaba el fd conn en CLOSE_WAIT, se vio ESTABLISHED",
                m.describe(Messages.of(Lang.ES)));
    }

    @Test
    void aClosedSocketsConnectionIsStillExpectedAndWrongQueuesAreReported() {
        Mismatch m = lastStepFails(LISTEN, step(CONNECT, "{\"result\": 0, \"accept_queue\": {\"l\": 1}}"), ACCEPT,
                step("\"endpoint\": \"client\", \"call\": \"send\", \"socket\": \"s\", \"data\": \"hola\"",
                        "{\"result\": 4, \"queue\": {\"conn\": {\"recv_q\": 4}}}"),
                step("\"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"s\"",
                        "{\"result\": 0, \"state\": {\"s\": \"FIN_WAIT_2\", \"conn\": \"CLOSE_WAIT\"}, \"queue\": {\"conn\": {\"recv_q\": {\"min\": 5}}}}"));
        assertEquals("step 8 (client close): expected fd conn with recv_q >= 5, saw 4",
                m.describe(Messages.of(Lang.EN)));
        Mismatch a = lastStepFails(LISTEN, step(CONNECT, "{\"result\": 0, \"accept_queue\": {\"l\": 2}}"));
        assertEquals("step 5 (client connect): expected 2 connections in the accept queue of fd l, saw 1",
                a.describe(Messages.of(Lang.EN)));
    }

    @Test
    void aCallThatHadToBlockButReturnedIsReported() {
        Mismatch m = lastStepFails(LISTEN, step(CONNECT + ", \"wait\": false", "{\"blocked\": true}"));
        assertInstanceOf(Mismatch.NotBlocked.class, m);
        assertEquals("step 5 (client connect): expected the call to block, but it returned 0",
                m.describe(Messages.of(Lang.EN)));
    }

    @Test
    void aBlockedCallIsFinishedOrResetAndTheEndOfTheRunResetsWhatIsLeft() {
        String recv = step(
                "\"endpoint\": \"server\", \"call\": \"recv\", \"socket\": \"conn\", \"size\": 16, \"wait\": false",
                "{\"blocked\": true}");
        Lesson lesson = LessonLoader.parse("ok.json", lesson(LISTEN, step(CONNECT, "{\"result\": 0}"), ACCEPT, recv,
                step("\"endpoint\": \"client\", \"call\": \"send\", \"socket\": \"s\", \"data\": \"hola\"",
                        "{\"result\": 4}"),
                step("\"endpoint\": \"server\", \"finish\": \"recv\"", "{\"result\": 4, \"data\": \"hola\"}"),
                recv));
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport report = new LessonRunner().run(lesson, lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            // The last recv was still waiting when the lesson ended: the run reset the server, closing its sockets.
            assertTrue(lab.server().sockets().isEmpty(), "the run's end reset the waiting endpoint");
            assertTrue(lab.journal().snapshot().stream()
                    .anyMatch(e -> e.payload() instanceof Payload.Cancelled c
                            && c.call().equals("recv")),
                    "the waiting recv was given up");
        }
    }
}
