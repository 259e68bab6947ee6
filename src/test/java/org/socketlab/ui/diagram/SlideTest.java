package org.socketlab.ui.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.lesson.Step;
import org.socketlab.ui.common.Texts;

/**
 * A step's slide travels in the journal with its narration (so a replayed journal has it too) and presenter mode's
 * view-model shows the slide of the step at the playback cursor, in the current language; a step without one shows none.
 */
class SlideTest {

    @Test
    void theSlideOfTheStepAtTheCursorInTheCurrentLanguage() {
        Texts texts = new Texts(Lang.EN);
        DiagramFeature feature = new DiagramFeature(texts, () -> 0);
        Payload.Call socket = new Payload.Call("socket", null, Map.of("domain", "AF_INET"), 3, null, null, null, 0);
        feature.onEvents(List.of(
                new Event(1, 1, "server",
                        new Payload.Note(Map.of("es", "Primero, un socket.", "en", "First, a socket."),
                                Map.of("es", "socket(): un descriptor", "en", "socket(): a descriptor"),
                                Map.of("es", "Un número pequeño.", "en", "A small number."))),
                new Event(2, 2, "server", socket),
                new Event(3, 3, "server", new Payload.Note(Map.of("es", "Luego, otro.", "en", "Then, another."))),
                new Event(4, 4, "server", socket)));
        var title = feature.slideTitle();
        var text = feature.slideText();
        feature.playback().jumpToStart();
        assertEquals("", title.get());
        feature.playback().stepForward();
        assertEquals("socket(): a descriptor", title.get());
        assertEquals("A small number.", text.get());
        texts.langProperty().set(Lang.ES);
        assertEquals("socket(): un descriptor", title.get());
        assertEquals("Un número pequeño.", text.get());
        feature.playback().jumpToEnd();
        assertEquals("", title.get(), "the next step has no slide: none is shown");
        assertEquals("", text.get());
    }

    @Test
    void aLessonJournalsEachStepsSlideAndTheJournalFileKeepsIt() throws Exception {
        var lesson = LessonLoader.load("tcp-basics");
        assertTrue(lesson.steps().stream().allMatch(s -> s.slide() != null), "every step of tcp-basics has a slide");
        List<Event> events;
        try (Lab lab = Lab.onThisMachine()) {
            assertTrue(new LessonRunner().run(lesson, lab).passed());
            events = lab.journal().snapshot();
        }
        List<Payload.Note> notes = events.stream().map(Event::payload).filter(p -> p instanceof Payload.Note)
                .map(p -> (Payload.Note) p).toList();
        assertEquals(lesson.steps().stream().map(Step::slide).map(s -> s.title().en()).toList(),
                notes.stream().map(n -> n.slideTitle().get("en")).toList());
        StringWriter out = new StringWriter();
        for (Event e : events) out.write(JournalJsonl.line(e) + "\n");
        assertTrue(
                out.toString().contains(
                        "\"slide\":{\"title\":{\"es\":\"socket(): un descriptor\",\"en\":\"socket(): a descriptor\"}"),
                out::toString);
        List<Event> back = JournalJsonl.read(new StringReader(out.toString()));
        assertEquals(events, back, "a journal with slides reads back the same");
    }
}
