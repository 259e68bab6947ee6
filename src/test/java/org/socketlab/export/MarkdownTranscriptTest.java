package org.socketlab.export;

import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonRunner;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarkdownTranscriptTest {
    @Test
    void transcriptNarratesAndExplainsErrnoInTheChosenLanguage() {
        Lesson lesson = LessonLoader.load("connection-refused");
        try (Lab lab = Lab.onThisMachine()) {
            new LessonRunner().run(lesson, lab);
            String es = MarkdownTranscript.render(lab.journal().snapshot(), Lang.ES, lesson.title().es());
            String en = MarkdownTranscript.render(lab.journal().snapshot(), Lang.EN, lesson.title().en());
            assertTrue(es.startsWith("# Conexión rechazada"), es);
            assertTrue(es.contains("> " + lesson.steps().get(1).narration().es()));
            assertTrue(en.contains("> " + lesson.steps().get(1).narration().en()));
            assertTrue(en.contains("**client** `connect("), en);
            assertTrue(en.contains("= -1 ECONNREFUSED` — ECONNREFUSED: Connection refused"), en);
            assertFalse(en.contains("!cli."), "no missing keys");
        }
    }
}
