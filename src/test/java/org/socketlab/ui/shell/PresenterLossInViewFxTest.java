package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lesson.ChildLessonRun;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.testing.ChildJvm;
import org.socketlab.testing.Labnet;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.diagram.DiagramFeature;
import org.socketlab.ui.diagram.DiagramModel;
import org.socketlab.ui.diagram.DiagramText;
import org.socketlab.ui.diagram.Row;
import org.socketlab.ui.diagram.SequenceDiagram;
import org.socketlab.ui.diagram.SequenceDiagramSkin;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 57 (review 2026-11-26, pictures 22 and 23): order-after-loss paced live in presenter mode at 1280x720. Steps 9
 * and 10 are one press ("uno" lost, "dos" right after it); once the run's note ("uno" was sent again 25 ms after its
 * first copy) came, the view rested on the step's tail and the duplicate ACK carrying SACK and the retransmission
 * were above it. A real run of the lesson in the private lab network (its loss needs it) is fed to a diagram of the
 * presenter's size and type as the live lab feeds it, up to that note and then to step 11's narration, which waits for
 * the next press: step 10's first new row, its SACK and its retransmission stay in view.
 */
@ExtendWith(ApplicationExtension.class)
class PresenterLossInViewFxTest {
    /** The presenter's diagram at 1280x720 with the lesson's banner above it and the calls under it (picture 22). */
    private static final int WIDTH = 1280, HEIGHT = 460;
    @TempDir
    static Path shared;
    private static List<Event> journal;
    private static Lesson lesson;
    private DiagramFeature feature;

    @Start
    void start(Stage stage) {
        // the toolkit only: the diagram is laid out in a scene that is never shown
    }

    @BeforeAll
    static void runTheLessonInTheLabNetwork() throws Exception {
        Path labnet = Labnet.built();
        Labnet.Outcome probe = Labnet.run(List.of("enter", "--strict", "--", "true"));
        CiRules.requireOrSkip(probe.status() == 0, "a private lab network (user + network namespace): "
                + probe.output());
        List<String> classPath = ChildLessonRun.readableCopyOfClassPath(Files.createDirectories(shared.resolve("cp")));
        Path file = shared.resolve("order-after-loss.jsonl");
        List<String> command = new ArrayList<>(List.of(labnet.toString(), "enter", "--strict", "--", "/usr/bin/env",
                "SOCKETLAB_ENDPOINT=" + labnet.resolveSibling("socketlab-endpoint")));
        command.addAll(ChildJvm.command("-cp", String.join(File.pathSeparator, classPath), "org.socketlab.Main", "run",
                "order-after-loss", "--lang", "en", "--journal", file.toString()));
        Labnet.Outcome run = Labnet.runCommand(command);
        assertEquals(0, run.status(), run.output());
        journal = JournalJsonl.read(file);
        lesson = LessonLoader.load("order-after-loss");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (feature != null) WaitForAsyncUtils.asyncFx(feature::close).get(60, TimeUnit.SECONDS);
    }

    @Test
    void theSackAndTheRetransmissionStayInViewOnceTheRunsNoteCame() throws Exception {
        Payload.Note ten = narration(10), eleven = narration(11);
        int tenAt = indexOf(ten), elevenAt = indexOf(eleven);
        assertTrue(tenAt > 0 && elevenAt > tenAt, "steps 10 and 11 told in the run");
        // The lab's notes between step 10's rows and step 11's narration: what the run showed ("uno" was sent again…).
        List<Event> notes = journal.subList(tenAt, elevenAt).stream()
                .filter(e -> e.payload() instanceof Payload.Note n && n != ten).toList();
        assertTrue(!notes.isEmpty(), "the run's note after step 10");

        SequenceDiagram d = fx(this::presenterDiagram);
        SequenceDiagramSkin skin = fx(() -> (SequenceDiagramSkin) d.getSkin());
        // Live, up to the run's note (picture 22), then with step 11's narration waiting for the next press.
        for (int upTo : new int[]{journal.indexOf(notes.getLast()) + 1, elevenAt + 1}) {
            int fed = upTo;
            fx(() -> {
                feature.onEvents(journal.subList(fedSoFar, fed));
                fedSoFar = fed;
                d.applyCss();
                d.layout();
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
            int[] rows = fx(() -> storyRows(feature.model(), ten, d));
            String where = fx(() -> describe(feature.model(), d, skin, rows));
            assertTrue(rows[0] >= 0 && rows[1] > rows[0] && rows[2] > rows[1] && rows[3] > rows[2],
                    () -> "step 10's narration, first call, SACK and retransmission drawn: " + where);
            assertTrue(fx(() -> skin.fitTogether(rows[1], rows[3])),
                    () -> "the test needs step 10's call to its retransmission to fit the view: " + where);
            assertTrue(fx(() -> skin.wholeInView(rows[1]) && skin.wholeInView(rows[2]) && skin.wholeInView(rows[3])),
                    () -> "step 10's first call, its SACK and its retransmission in view, " + fed + " events: "
                            + where);
        }
    }

    private int fedSoFar;

    /** The session's diagram as the presenter draws it: its size at 1280x720, its type, the lesson's steps. */
    private SequenceDiagram presenterDiagram() {
        feature = new DiagramFeature(new Texts(Lang.EN));
        feature.playback().instantProperty().set(true);
        feature.stepNarrationProperty().set(LessonTalk.stepNarrations(lesson));
        SequenceDiagram d = feature.diagram();
        d.setStyle("-sl-font-size: 24px;"); // the presenter's type at 1280x720 (picture 22)
        Scene scene = new Scene(new StackPane(d), WIDTH, HEIGHT);
        scene.snapshot(null); // lays out and sizes the canvas
        feature.start();
        return d;
    }

    private static Payload.Note narration(int step) {
        var told = lesson.steps().get(step - 1).narration().byCode();
        return journal.stream().map(Event::payload).filter(p -> p instanceof Payload.Note n && n.text().equals(told))
                .map(p -> (Payload.Note) p).findFirst().orElseThrow(() -> new AssertionError("no narration " + step));
    }

    private static int indexOf(Payload.Note note) {
        for (int i = 0; i < journal.size(); i++) if (journal.get(i).payload() == note) return i;
        return -1;
    }

    /** Step {@code ten}'s narration, its first call, the duplicate ACK carrying SACK and the retransmission after it. */
    private static int[] storyRows(DiagramModel m, Payload.Note ten, SequenceDiagram d) {
        int narration = -1, call = -1, sack = -1, again = -1;
        for (int i = 0; i < d.shownRows(); i++) {
            Row row = m.row(i);
            if (row instanceof Row.NoteRow n && n.note().equals(ten)) narration = i;
            else if (narration >= 0 && call < 0 && row instanceof Row.CallRow) call = i;
            else if (call >= 0 && row instanceof Row.SegmentArrow) {
                String label = DiagramText.label(row, d.getMessages());
                if (sack < 0 && label.contains("SACK")) sack = i;
                else if (sack >= 0 && again < 0 && label.contains("retransmission")) again = i;
            }
        }
        return new int[]{narration, call, sack, again};
    }

    private static String describe(DiagramModel m, SequenceDiagram d, SequenceDiagramSkin skin, int[] rows) {
        StringBuilder out = new StringBuilder("rows " + Arrays.toString(rows) + ", shown " + d.shownRows());
        int from = Math.max(0, rows[0] < 0 ? d.shownRows() - 12 : rows[0]);
        for (int i = from; i < d.shownRows(); i++)
            out.append("\n  ").append(i).append(skin.wholeInView(i) ? " [in view] " : " ")
                    .append(DiagramText.label(m.row(i), d.getMessages()));
        return out.toString();
    }
}
