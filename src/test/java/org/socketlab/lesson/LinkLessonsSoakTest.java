package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.testing.Soak;

/**
 * {@link LinkLessonsTest}'s lessons every way (the soak lane): as this test's user and, as root, as nobody, in Spanish
 * and in English, paced at 2.5 s a step as the student, and beside a busy loop on its CPU; each sentence held to the
 * truth of its own journal ({@link LinkSentenceTruths}). And udp-jitter's quiz at a student's pace (issue 76 item 3):
 * the datagrams still leave together, and answering "UDP keeps the order" is never judged right. About six minutes of
 * one core, so not in {@code mvn test}.
 */
@Soak
class LinkLessonsSoakTest extends LinkLessonsTest {
    @Override
    List<Way> ways() {
        return everyWay();
    }

    @Test
    void udpJittersQuizAtAStudentsPaceNeverConfirmsThatUdpKeepsTheOrder() throws Exception {
        requireLabNetwork();
        List<String> user = users().getLast();
        Path journal = Files.createTempDirectory(shared, "udp-jitter-quiz-").resolve("udp-jitter.jsonl");
        assertTrue(journal.getParent().toFile().setWritable(true, false)
                && journal.getParent().toFile().setExecutable(true, false));
        Ran ran = inLab(user, PacedQuizRun.class.getName(), journal.toString(), "udp-jitter",
                String.valueOf(PACE_MS), "1");
        String how = "udp-jitter quiz as " + who(user) + ", an answer each 2.5 s, load " + load();
        assertEquals(0, ran.status(), how + ": " + ran.output());
        List<Event> events = JournalJsonl.read(journal);
        LinkSentenceTruths.udpJitter(LessonLoader.load("udp-jitter"), events, how);
        // The six sendto() left together, whatever the pace of the answers before them.
        List<Payload.Segment> datagrams = LinkSentenceTruths.captured(events, "client").stream()
                .filter(s -> s.len() > 0).toList();
        assertEquals(6, datagrams.size(), how);
        double over = (datagrams.getLast().wireNs() - datagrams.getFirst().wireNs()) / 1e6;
        assertTrue(over < 1000, how + ": the six left over " + over + " ms");
        Payload.Quiz.Answer step10 = events.stream().map(Event::payload)
                .filter(p -> p instanceof Payload.Note n && n.quiz() instanceof Payload.Quiz.Answer a && a.step() == 10)
                .map(p -> (Payload.Quiz.Answer) ((Payload.Note) p).quiz()).findFirst().orElseThrow();
        assertEquals(1, step10.chosen(), how);
        assertFalse(step10.right().contains(1), how + ": \"UDP keeps the order\" judged right: " + step10);
        System.out.println(how + ": the six left over " + over + " ms; step 10's right answers " + step10.right());
    }
}
