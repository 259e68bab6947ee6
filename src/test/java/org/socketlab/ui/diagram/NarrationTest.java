package org.socketlab.ui.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.ui.common.Texts;

/** The narration above the diagram follows the playback cursor and the language, without the toolkit. */
class NarrationTest {

    @Test
    void theLastNoteAtOrBeforeTheCursorIsShownInTheCurrentLanguage() {
        Texts texts = new Texts(Lang.EN);
        long[] now = {0};
        DiagramFeature feature = new DiagramFeature(texts, () -> now[0]);
        Payload.Call socket = new Payload.Call("socket", null, Map.of("domain", "AF_INET"), 3, null, null, null, 0);
        feature.onEvents(List.of(
                new Event(1, 1, "server",
                        new Payload.Note(Map.of("es", "Primero, un socket.", "en", "First, a socket."))),
                new Event(2, 2, "server", socket),
                new Event(3, 3, "server", new Payload.Note(Map.of("es", "Luego, bind.", "en", "Then, bind."))),
                new Event(4, 4, "server", socket)));
        var narration = feature.narration();
        feature.playback().jumpToStart();
        assertEquals("", narration.get(), "nothing shown yet");
        feature.playback().stepForward();
        assertEquals("First, a socket.", narration.get());
        feature.playback().stepForward();
        assertEquals("First, a socket.", narration.get(), "still the note of this step");
        feature.playback().jumpToEnd();
        assertEquals("Then, bind.", narration.get());
        texts.langProperty().set(Lang.ES);
        assertEquals("Luego, bind.", narration.get());
    }

    @Test
    void predictModesQuestionHidesTheNarrationAndAVerdictIsPassedOver() {
        Texts texts = new Texts(Lang.EN);
        DiagramFeature feature = new DiagramFeature(texts, () -> 0);
        Payload.Call socket = new Payload.Call("socket", null, Map.of("domain", "AF_INET"), 3, null, null, null, 0);
        feature.onEvents(List.of(
                new Event(1, 1, "client", new Payload.Note(Map.of("es", "Un socket.", "en", "A socket."))),
                new Event(2, 2, "client", socket),
                new Event(3, 3, "lab", new Payload.Note(Map.of("es", "Predice", "en", "Predict"),
                        new Payload.Quiz.Asked("x", 2, 1, "result")))));
        var narration = feature.narration();
        feature.playback().jumpToEnd();
        assertEquals("", narration.get(),
                "the question pane says the question: it is not said twice above the diagram");
        feature.onEvents(List.of(
                new Event(4, 4, "client", new Payload.Note(Map.of("es", "Conecta.", "en", "It connects."))),
                new Event(5, 5, "lab", new Payload.Note(Map.of("es", "Paso 2: ¡Correcto!", "en", "Step 2: Right!"),
                        new Payload.Quiz.Answer("x", 2, "result", 1, List.of(1), "0", "0")))));
        feature.playback().jumpToEnd();
        assertEquals("It connects.", narration.get(), "the verdict is the question pane's; the narration stays");
        assertEquals("Predict mode: the question of step 2 is asked here, before its call (click it to read it whole)",
                DiagramText.label(feature.model().row(2), texts.messages()));
    }

    /**
     * Issue 43: a finished lesson's banner and narration stayed above the diagram for the whole live demo after it. The
     * lesson is over once its verdict is shown (its banner goes), and a live call after it has no narration.
     */
    @Test
    void aLessonEndsWithItsVerdictAndALiveCallAfterItHasNoNarration() {
        Texts texts = new Texts(Lang.EN);
        DiagramFeature feature = new DiagramFeature(texts, () -> 0);
        Payload.Call socket = new Payload.Call("socket", null, Map.of("domain", "AF_INET"), 3, null, null, null, 0);
        feature.onEvents(List.of(
                new Event(1, 1, "lab", new Payload.Note(Map.of("es", "Un socket.", "en", "A socket."))),
                new Event(2, 2, "client", socket),
                new Event(3, 3, "lab", new Payload.Note(Map.of("es", "Lección hecha.", "en", "Lesson done.")))));
        var over = feature.lessonOver();
        var narration = feature.narration();
        var slide = feature.slideTitle();
        feature.playback().jumpToEnd();
        assertFalse(over.get(), "no lesson has ended: a lesson still playing keeps its banner");
        feature.lessonEndProperty().set(3); // the lesson's thread ended with its verdict, seq 3
        assertTrue(over.get(), "the verdict shown: the lesson is over, its banner goes");
        assertEquals("Lesson done.", narration.get(), "the verdict is told until something follows it");
        feature.playback().stepBack();
        assertFalse(over.get(), "back inside the lesson: its banner says the step again");
        assertEquals("A socket.", narration.get());
        feature.playback().jumpToEnd();
        feature.onEvents(List.of(new Event(4, 4, "client", socket))); // the live demo's first press
        feature.playback().jumpToEnd();
        assertTrue(over.get());
        assertEquals("", narration.get(), "a live call after the lesson is not told under its verdict");
        assertEquals("", slide.get());
        feature.playback().seek(3);
        assertEquals("Lesson done.", narration.get(), "going back, the verdict is told again");
        feature.lessonEndProperty().set(-1); // a new lesson started
        feature.playback().jumpToEnd();
        assertFalse(over.get());
        assertEquals("Lesson done.", narration.get());
    }
}
