package org.socketlab.lesson;

import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.lab.Lab;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

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
                step("\"endpoint\": \"client\", \"call\": \"socket\", \"domain\": \"AF_INET\", \"type\": \"SOCK_STREAM\", \"as\": \"s\"", "{\"result\": \"fd\"}"),
                step("\"endpoint\": \"client\", \"call\": \"connect\", \"socket\": \"s\", \"address\": \"127.0.0.1:{port}\"", "{\"result\": 0}"),
                step("\"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"s\"", "{\"result\": 0}")));
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport report = new LessonRunner().run(wrong, lab);
            assertFalse(report.passed());
            assertEquals(2, report.steps().size(), "the run stops at the first mismatch");
            assertEquals("step 2 (client connect): expected 0, got -1 ECONNREFUSED", report.mismatch().describe(Messages.of(Lang.EN)));
            assertEquals("paso 2 (client connect): se esperaba 0, se obtuvo -1 ECONNREFUSED", report.mismatch().describe(Messages.of(Lang.ES)));
        }
    }

    @Test
    void wrongDataIsReportedWithWhatCame() {
        Lesson wrong = LessonLoader.parse("data.json", lesson(
                step("\"endpoint\": \"server\", \"call\": \"socket\", \"domain\": \"AF_INET\", \"type\": \"SOCK_DGRAM\", \"as\": \"s\"", "{\"result\": \"fd\"}"),
                step("\"endpoint\": \"server\", \"call\": \"bind\", \"socket\": \"s\", \"address\": \"127.0.0.1:{port}\"", "{\"result\": 0}"),
                step("\"endpoint\": \"client\", \"call\": \"socket\", \"domain\": \"AF_INET\", \"type\": \"SOCK_DGRAM\", \"as\": \"c\"", "{\"result\": \"fd\"}"),
                step("\"endpoint\": \"client\", \"call\": \"sendto\", \"socket\": \"c\", \"data\": \"hola\", \"address\": \"127.0.0.1:{port}\"", "{\"result\": 4}"),
                step("\"endpoint\": \"server\", \"call\": \"recvfrom\", \"socket\": \"s\", \"size\": 2", "{\"result\": 2, \"data\": \"hola\"}")));
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport report = new LessonRunner().run(wrong, lab);
            assertInstanceOf(Mismatch.Data.class, report.mismatch());
            assertEquals("step 5 (server recvfrom): expected the data \"hola\", got \"ho\"", report.mismatch().describe(Messages.of(Lang.EN)));
        }
    }

    @Test
    void aCallThatNeverReturnsIsATimeoutMismatch() {
        Lesson stuck = LessonLoader.parse("stuck.json", lesson(
                step("\"endpoint\": \"server\", \"call\": \"socket\", \"domain\": \"AF_INET\", \"type\": \"SOCK_STREAM\", \"as\": \"l\"", "{\"result\": \"fd\"}"),
                step("\"endpoint\": \"server\", \"call\": \"bind\", \"socket\": \"l\", \"address\": \"127.0.0.1:{port}\"", "{\"result\": 0}"),
                step("\"endpoint\": \"server\", \"call\": \"listen\", \"socket\": \"l\", \"backlog\": 1", "{\"result\": 0}"),
                step("\"endpoint\": \"server\", \"call\": \"accept\", \"socket\": \"l\", \"as\": \"c\"", "{\"result\": \"fd\"}")));
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport report = new LessonRunner(Duration.ofMillis(200)).run(stuck, lab);
            assertInstanceOf(Mismatch.Timeout.class, report.mismatch());
            assertEquals("step 4 (server accept): expected a new descriptor (>= 0), got no answer within 1 s (the call is still blocked)",
                    report.mismatch().describe(Messages.of(Lang.EN)));
        } // closing the lab cancels the blocked accept
    }
}
