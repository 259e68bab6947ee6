package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.lesson.LessonMismatchTest.lesson;
import static org.socketlab.lesson.LessonMismatchTest.step;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.kernel.DgramState;
import org.socketlab.kernel.TcpState;

/** A malformed lesson file fails with one clear message naming the file and the step, in both languages. */
class LessonLoaderTest {
    private static final String SOCKET = step(
            "\"endpoint\": \"client\", \"call\": \"socket\", \"domain\": \"AF_INET\", \"type\": \"SOCK_STREAM\", \"as\": \"s\"",
            "{\"result\": \"fd\"}");

    /** The English message without its place (line, column), which {@link LessonFileErrorsTest} checks exactly. */
    private static String failure(String json) {
        LocalizedException e = assertThrows(LocalizedException.class, () -> LessonLoader.parse("bad.json", json));
        String es = Messages.of(Lang.ES).text(e);
        assertFalse(es.contains("!"), () -> "a key is missing in Spanish: " + es);
        assertTrue(es.matches("(?s)Fichero de lección bad\\.json, línea \\d+, columna \\d+[,:].*"), es);
        String en = Messages.of(Lang.EN).text(e);
        assertTrue(en.matches("(?s)Lesson file bad\\.json, line \\d+, column \\d+[,:].*"), en);
        return en.replaceFirst(", line \\d+, column \\d+", "");
    }

    @Test
    void brokenJsonNamesTheFile() {
        String message = failure("{\"id\": \"t\", ");
        assertTrue(message.startsWith("Lesson file bad.json: it is not valid JSON"), message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown call | \"endpoint\": \"client\", \"call\": \"dial\", \"socket\": \"s\" | {\"result\": 0} | Lesson file bad.json, step 2 (client dial): unknown call \"dial\"",
            "unknown socket name | \"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"nope\" | {\"result\": 0} | Lesson file bad.json, step 2 (client close): no earlier step named a socket \"nope\"",
            "bad port | \"endpoint\": \"client\", \"call\": \"connect\", \"socket\": \"s\", \"address\": \"127.0.0.1:99999\" | {\"result\": 0} | Lesson file bad.json, step 2 (client connect): Port \"99999\" is not valid",
            "not loopback | \"endpoint\": \"client\", \"call\": \"connect\", \"socket\": \"s\", \"address\": \"8.8.8.8:{port}\" | {\"result\": 0} | Lesson file bad.json, step 2 (client connect): 8.8.8.8:5000 is not a loopback address",
            "missing field | \"endpoint\": \"client\", \"call\": \"send\", \"socket\": \"s\" | {\"result\": 4} | Lesson file bad.json, step 2 (client send): field \"data\" is missing",
            "unknown field | \"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"s\", \"backlog\": 3 | {\"result\": 0} | Lesson file bad.json, step 2 (client close): unknown field \"backlog\"",
            "other endpoint | \"endpoint\": \"server\", \"call\": \"close\", \"socket\": \"s\" | {\"result\": 0} | Lesson file bad.json, step 2 (server close): socket \"s\" belongs to client, not to server",
            "errno needed | \"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"s\" | {\"result\": -1} | Lesson file bad.json, step 2 (client close): an expected result of -1 needs the errno",
            "unknown errno | \"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"s\" | {\"result\": -1, \"errno\": \"EOOPS\"} | Lesson file bad.json, step 2 (client close): errno \"EOOPS\" is not a known errno name",
            "fd result on close | \"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"s\" | {\"result\": \"fd\"} | Lesson file bad.json, step 2 (client close): result \"fd\" only makes sense",
            "bad choice | \"endpoint\": \"client\", \"call\": \"shutdown\", \"socket\": \"s\", \"how\": \"SHUT_UP\" | {\"result\": 0} | Lesson file bad.json, step 2 (client shutdown): field \"how\" cannot be \"SHUT_UP\"",
            "bad backlog | \"endpoint\": \"client\", \"call\": \"listen\", \"socket\": \"s\", \"backlog\": -3 | {\"result\": 0} | Lesson file bad.json, step 2 (client listen): field \"backlog\" must be a whole number from 0 to 4096",
            "bad endpoint | \"endpoint\": \"router\", \"call\": \"close\", \"socket\": \"s\" | {\"result\": 0} | Lesson file bad.json, step 2 (router close): endpoint \"router\" is not valid",
            "unknown flag | \"endpoint\": \"client\", \"call\": \"recv\", \"socket\": \"s\", \"size\": 4, \"flags\": \"MSG_OOPS\" | {\"result\": 4} | Lesson file bad.json, step 2 (client recv): field \"flags\" cannot be \"MSG_OOPS\"",
            "flags on read | \"endpoint\": \"client\", \"call\": \"read\", \"socket\": \"s\", \"size\": 4, \"flags\": \"MSG_PEEK\" | {\"result\": 4} | Lesson file bad.json, step 2 (client read): unknown field \"flags\"",
            "revents not poll | \"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"s\" | {\"result\": 0, \"revents\": {\"s\": \"POLLIN\"}} | Lesson file bad.json, step 2 (client close): \"revents\" is what poll() answers",
            "revents not polled | \"endpoint\": \"client\", \"call\": \"poll\", \"sockets\": [], \"events\": \"POLLIN\", \"timeout\": 0 | {\"result\": 0} | Lesson file bad.json, step 2 (client poll): field \"sockets\" must be a list of 1 to 64",
            "one_of with result | \"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"s\" | {\"result\": 0, \"one_of\": []} | Lesson file bad.json, step 2 (client close): \"one_of\" lists the results",
            "socketpair one name | \"endpoint\": \"client\", \"call\": \"socketpair\", \"domain\": \"AF_UNIX\", \"type\": \"SOCK_SEQPACKET\", \"as\": [\"a\"] | {\"result\": 0} | Lesson file bad.json, step 2 (client socketpair): field \"as\" must be a list of 2 to 2",
    })
    void badStepIsNamed(String kind, String fields, String expect, String expectedStart) {
        String message = failure(lesson(SOCKET, step(fields, expect)));
        assertTrue(message.startsWith(expectedStart), () -> kind + ": " + message);
    }

    private static final String LISTENER = step(
            "\"endpoint\": \"server\", \"call\": \"socket\", \"domain\": \"AF_INET\", \"type\": \"SOCK_STREAM\", \"as\": \"l\"",
            "{\"result\": \"fd\"}")
            + ","
            + step("\"endpoint\": \"server\", \"call\": \"listen\", \"socket\": \"l\", \"backlog\": 1",
                    "{\"result\": 0}")
            + ","
            + step("\"endpoint\": \"client\", \"call\": \"socket\", \"domain\": \"AF_INET\", \"type\": \"SOCK_DGRAM\", \"as\": \"u\"",
                    "{\"result\": \"fd\"}");
    private static final String CONNECT = "\"endpoint\": \"client\", \"call\": \"connect\", \"socket\": \"s\", \"address\": \"127.0.0.1:{port}\"";
    private static final String CLOSE = "\"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"s\"";

    /** Malformed kernel expectations and waiting steps; the step under test is step 5 (after s, l, listen, u). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown state | " + "CLOSE"
                    + " | {\"result\": 0, \"state\": {\"s\": \"WAITING\"}} | step 5 (client close): state \"WAITING\" is not one socket \"s\" can be in",
            "state in lower case | " + "CLOSE"
                    + " | {\"result\": 0, \"state\": {\"s\": \"closed\"}} | step 5 (client close): state \"closed\" is not one socket \"s\" can be in",
            "state not a name | " + "CLOSE"
                    + " | {\"result\": 0, \"state\": {\"s\": 4}} | step 5 (client close): state 4 is not one socket \"s\" can be in",
            "tcp state on udp | " + "UDPCLOSE"
                    + " | {\"result\": 0, \"state\": {\"u\": \"TIME_WAIT\"}} | step 5 (client close): state \"TIME_WAIT\" is not one socket \"u\" can be in (choose one of: BOUND, CLOSED, CONNECTED, UNBOUND)",
            "state of unknown socket | " + "CLOSE"
                    + " | {\"result\": 0, \"state\": {\"nope\": \"CLOSED\"}} | step 5 (client close): no earlier step named a socket \"nope\"",
            "queue on listener | " + "CLOSE"
                    + " | {\"result\": 0, \"queue\": {\"l\": {\"recv_q\": 1}}} | step 5 (client close): socket \"l\" is a listener",
            "accept queue on a connection | " + "CLOSE"
                    + " | {\"result\": 0, \"accept_queue\": {\"s\": 1}} | step 5 (client close): socket \"s\" never called listen()",
            "empty queue object | " + "CLOSE"
                    + " | {\"result\": 0, \"queue\": {\"s\": {}}} | step 5 (client close): the queues of \"s\" must be an object",
            "unknown queue field | " + "CLOSE"
                    + " | {\"result\": 0, \"queue\": {\"s\": {\"recvq\": 1}}} | step 5 (client close): unknown field \"recvq\" in queue.s",
            "bad range | " + "CLOSE"
                    + " | {\"result\": 0, \"queue\": {\"s\": {\"recv_q\": {\"min\": 5, \"max\": 1}}}} | step 5 (client close): \"recv_q\" must be a whole number >= 0 or {\"min\": a, \"max\": b} with min <= max",
            "negative queue | " + "CLOSE"
                    + " | {\"result\": 0, \"queue\": {\"s\": {\"send_q\": -1}}} | step 5 (client close): \"send_q\" must be a whole number >= 0",
            "range result on close | " + "CLOSE"
                    + " | {\"result\": {\"min\": 0}} | step 5 (client close): a range of results only makes sense for byte counts",
            "blocked on a waited call | " + "CONNECT"
                    + " | {\"result\": 0, \"blocked\": true} | step 5 (client connect): \"blocked\": true is expected exactly on the steps",
            "wait false on close | " + "CLOSE, \"wait\": false"
                    + " | {\"blocked\": true} | step 5 (client close): \"wait\": false is only for a call that can block",
            "wait false with a result | " + "CONNECT, \"wait\": false"
                    + " | {\"result\": 0, \"blocked\": true} | step 5 (client connect): a call started with \"wait\": false has not returned yet",
            "wait false without blocked | " + "CONNECT, \"wait\": false"
                    + " | {\"state\": {\"s\": \"SYN_SENT\"}} | step 5 (client connect): \"blocked\": true is expected exactly",
            "wait not boolean | " + "CONNECT, \"wait\": \"no\""
                    + " | {\"blocked\": true} | step 5 (client connect): field \"wait\" has the wrong kind of value",
            "nothing to finish | " + "FINISH"
                    + " | {\"result\": 0} | step 5 (client finish connect): client has no call left waiting",
            "call and reset together | " + "CLOSE, \"reset\": true"
                    + " | {\"result\": 0} | step 5 (client reset): a step has exactly one of \"call\", \"finish\", \"reset\" or \"hand_over\"",
            "reset with a result | " + "RESET"
                    + " | {\"result\": 0} | step 5 (client reset): a reset makes no call of its own",
    })
    void badKernelExpectationIsNamed(String kind, String fields, String expect, String expectedPart) {
        String f = switch (fields) {
            case "CLOSE" -> CLOSE;
            case "UDPCLOSE" -> "\"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"u\"";
            case "CONNECT" -> CONNECT;
            case "FINISH" -> "\"endpoint\": \"client\", \"finish\": \"connect\"";
            case "RESET" -> "\"endpoint\": \"client\", \"reset\": true";
            default -> fields.replace("CLOSE", CLOSE).replace("CONNECT", CONNECT);
        };
        String message = failure(lesson(SOCKET, LISTENER, step(f, expect)));
        assertTrue(message.startsWith("Lesson file bad.json, " + expectedPart), () -> kind + ": " + message);
    }

    /** A state's name is read once, where the lesson file is: each TCP and datagram name is its state. */
    @Test
    void everyStateNameOfALessonFileIsItsState() {
        for (TcpState state : TcpState.values()) {
            Lesson l = LessonLoader.parse("ok.json",
                    lesson(SOCKET, LISTENER, step(CLOSE, "{\"result\": 0, \"state\": {\"s\": \"" + state.journalName()
                            + "\"}}")));
            assertEquals(state, l.steps().get(4).expect().states().get("s"), state.journalName());
        }
        for (DgramState state : DgramState.values()) {
            Lesson l = LessonLoader.parse("ok.json", lesson(SOCKET, LISTENER, step(
                    "\"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"u\"",
                    "{\"result\": 0, \"state\": {\"u\": \"" + state.journalName() + "\"}}")));
            assertEquals(state, l.steps().get(4).expect().states().get("u"), state.journalName());
        }
    }

    @Test
    void aWaitingEndpointMustBeFinishedBeforeItsNextCallAndFinishedWithItsOwnCall() {
        String start = step(CONNECT + ", \"wait\": false", "{\"blocked\": true}");
        assertTrue(failure(lesson(SOCKET, LISTENER, start, step(CLOSE, "{\"result\": 0}")))
                .startsWith(
                        "Lesson file bad.json, step 6 (client close): client is still waiting in its connect (step 5)"));
        assertTrue(failure(lesson(SOCKET, LISTENER, start,
                step("\"endpoint\": \"client\", \"finish\": \"recv\"", "{\"result\": 0}")))
                .startsWith(
                        "Lesson file bad.json, step 6 (client finish recv): the call client left waiting is connect (step 5), not recv"));
        // Finished, or reset, the endpoint takes calls again.
        LessonLoader.parse("ok.json", lesson(SOCKET, LISTENER, start,
                step("\"endpoint\": \"client\", \"finish\": \"connect\"",
                        "{\"result\": 0, \"state\": {\"s\": \"ESTABLISHED\"}}"),
                step(CLOSE, "{\"result\": 0, \"state\": {\"s\": \"FIN_WAIT_2\"}}")));
        LessonLoader.parse("ok.json", lesson(SOCKET, LISTENER, start,
                step("\"endpoint\": \"client\", \"reset\": true",
                        "{\"state\": {\"s\": \"CLOSED\"}, \"accept_queue\": {\"l\": {\"min\": 0, \"max\": 2}}}")));
    }

    @Test
    void aReplyToFromNeedsAnEarlierRecvfromOnTheSameSocket() {
        String udp = step(
                "\"endpoint\": \"server\", \"call\": \"socket\", \"domain\": \"AF_INET\", \"type\": \"SOCK_DGRAM\", \"as\": \"u\"",
                "{\"result\": \"fd\"}");
        String reply = step(
                "\"endpoint\": \"server\", \"call\": \"sendto\", \"socket\": \"u\", \"data\": \"x\", \"address\": \"{from}\"",
                "{\"result\": 1}");
        assertTrue(failure(lesson(udp, reply)).contains("recvfrom"));
        String connect = step(
                "\"endpoint\": \"server\", \"call\": \"connect\", \"socket\": \"u\", \"address\": \"{from}\"",
                "{\"result\": 0}");
        String recvfrom = step("\"endpoint\": \"server\", \"call\": \"recvfrom\", \"socket\": \"u\", \"size\": 10",
                "{\"result\": 1}");
        assertTrue(failure(lesson(udp, recvfrom, connect)).contains("sendto"));
        Lesson ok = LessonLoader.parse("ok.json", lesson(udp, recvfrom, reply));
        assertEquals("{from}", ok.steps().get(2).address());
    }

    @Test
    void narrationMissingInOneLanguageIsNamed() {
        String step = "{\"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"s\", \"narration\": {\"es\": \"cierra\"}, \"expect\": {\"result\": 0}}";
        assertEquals(
                "Lesson file bad.json, step 2 (client close): \"narration\" has no text in language \"en\": every text is needed in both es and en.",
                failure(lesson(SOCKET, step)));
    }

    @Test
    void missingExpectationIsNamed() {
        String step = "{\"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"s\", \"narration\": {\"es\": \"a\", \"en\": \"b\"}}";
        assertTrue(failure(lesson(SOCKET, step))
                .startsWith("Lesson file bad.json, step 2 (client close): field \"expect\" is missing"));
    }

    @Test
    void lessonWithoutStepsOrTitleIsNamed() {
        assertTrue(failure(
                "{\"id\": \"t\", \"title\": {\"es\": \"t\", \"en\": \"t\"}, \"summary\": {\"es\": \"s\", \"en\": \"s\"}, \"steps\": []}")
                .startsWith("Lesson file bad.json: \"steps\" must be a non-empty list"));
        assertTrue(failure("{\"id\": \"t\", \"summary\": {\"es\": \"s\", \"en\": \"s\"}, \"steps\": []}")
                .startsWith("Lesson file bad.json: \"title\" must be an object"));
    }

    @Test
    void unknownLessonIdIsClear() {
        LocalizedException e = assertThrows(LocalizedException.class, () -> LessonLoader.load("no-such-lesson"));
        assertEquals("lesson.error.unknown", e.key());
        assertThrows(LocalizedException.class, () -> LessonLoader.load("../i18n/messages_en"));
    }
}
