package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.lesson.LessonMismatchTest.lesson;
import static org.socketlab.lesson.LessonMismatchTest.step;

import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.lab.Lab;

/**
 * A lesson can still expect the state of a closed socket whose connection lingers in TIME_WAIT after a new socket
 * took its fd number: the runner follows each named socket by its kernel inode, not by the number.
 */
class ReusedFdLessonTest {
    @Test
    void theOldSocketsTimeWaitAndTheNewSocketOnTheSameFdAreBothFollowed() {
        Lesson reuse = LessonLoader.parse("reuse.json", lesson(
                step("\"endpoint\": \"server\", \"call\": \"socket\", \"domain\": \"AF_INET\", \"type\": \"SOCK_STREAM\", \"as\": \"l\"",
                        "{\"result\": \"fd\"}"),
                step("\"endpoint\": \"server\", \"call\": \"bind\", \"socket\": \"l\", \"address\": \"127.0.0.1:{port}\"",
                        "{\"result\": 0}"),
                step("\"endpoint\": \"server\", \"call\": \"listen\", \"socket\": \"l\", \"backlog\": 5",
                        "{\"result\": 0}"),
                step("\"endpoint\": \"client\", \"call\": \"socket\", \"domain\": \"AF_INET\", \"type\": \"SOCK_STREAM\", \"as\": \"a\"",
                        "{\"result\": \"fd\"}"),
                step("\"endpoint\": \"client\", \"call\": \"connect\", \"socket\": \"a\", \"address\": \"127.0.0.1:{port}\"",
                        "{\"result\": 0}"),
                step("\"endpoint\": \"server\", \"call\": \"accept\", \"socket\": \"l\", \"as\": \"conn\"",
                        "{\"result\": \"fd\"}"),
                step("\"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"a\"", "{\"result\": 0}"),
                step("\"endpoint\": \"server\", \"call\": \"close\", \"socket\": \"conn\"",
                        "{\"result\": 0, \"state\": {\"a\": \"TIME_WAIT\"}}"),
                step("\"endpoint\": \"client\", \"call\": \"socket\", \"domain\": \"AF_INET\", \"type\": \"SOCK_STREAM\", \"as\": \"b\"",
                        "{\"result\": \"fd\"}"),
                step("\"endpoint\": \"client\", \"call\": \"connect\", \"socket\": \"b\", \"address\": \"127.0.0.1:{port}\"",
                        "{\"result\": 0, \"state\": {\"b\": \"ESTABLISHED\", \"a\": \"TIME_WAIT\"}}"),
                step("\"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"b\"",
                        "{\"result\": 0, \"state\": {\"b\": \"FIN_WAIT_2\", \"a\": \"TIME_WAIT\"}}")));
        try (Lab lab = Lab.withoutCapture()) {
            LessonReport report = new LessonRunner().run(reuse, lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            long a = report.steps().get(3).call().result(), b = report.steps().get(8).call().result();
            assertEquals(a, b, "the kernel gave the new socket the freed number (the lowest free one)");
        }
    }
}
