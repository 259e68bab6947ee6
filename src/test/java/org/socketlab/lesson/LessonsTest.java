package org.socketlab.lesson;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.lab.Event;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Payload;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every shipped lesson, run headlessly on real loopback sockets, does what it says. */
class LessonsTest {
    static final List<String> IDS = LessonCatalog.IDS;

    @ParameterizedTest
    @FieldSource("IDS")
    void lessonMeetsEveryExpectation(String id) {
        Lesson lesson = LessonLoader.load(id);
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport report = new LessonRunner().run(lesson, lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            assertEquals(lesson.steps().size(), report.steps().size());
            // Each step's narration is journaled just before its call.
            List<Event> events = lab.journal().snapshot();
            List<Event> notesAndCalls = events.stream()
                    .filter(e -> e.payload() instanceof Payload.Note || e.payload() instanceof Payload.Call).toList();
            for (int i = 0; i < lesson.steps().size(); i++) {
                Step step = lesson.steps().get(i);
                Event note = notesAndCalls.get(2 * i);
                Event call = notesAndCalls.get(2 * i + 1);
                assertEquals(step.narration().byCode(), assertInstanceOf(Payload.Note.class, note.payload()).text());
                assertEquals(step.call(), assertInstanceOf(Payload.Call.class, call.payload()).call());
                assertEquals(step.endpoint(), call.endpoint());
            }
            // Lessons close what they open: closing the lab had nothing left to close.
            assertTrue(lab.endpoints().stream().allMatch(e -> e.sockets().isEmpty()));
        }
    }

    @Test
    void catalogListsEveryLessonWithTitlesInBothLanguages() {
        List<Lesson> all = LessonCatalog.all();
        assertEquals(LessonCatalog.IDS, all.stream().map(Lesson::id).toList());
        for (Lesson l : all) {
            assertFalse(l.title().es().equals(l.title().en()), l.id());
            assertFalse(l.summary().es().isBlank());
        }
    }

    @Test
    void tcpCoalescingReturnsAllBytesInOneRecvWhileUdpKeepsDatagrams() {
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport tcp = new LessonRunner().run(LessonLoader.load("tcp-stream-coalescing"), lab);
            Payload.Call recv = tcp.steps().stream().filter(s -> s.step().call().equals("recv")).findFirst().orElseThrow().call();
            assertEquals("uno dos tres", new String(recv.data(), java.nio.charset.StandardCharsets.UTF_8));
        }
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport udp = new LessonRunner().run(LessonLoader.load("udp-basics"), lab);
            List<Long> sizes = udp.steps().stream().filter(s -> s.step().call().equals("recvfrom")).map(s -> s.call().result()).toList();
            assertEquals(List.of(4L, 5L), sizes);
        }
    }
}
