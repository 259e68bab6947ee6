package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Button;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.journal.file.SavedJournal;
import org.socketlab.ui.UiTestSupport;
import org.socketlab.ui.diagram.DiagramModel;
import org.socketlab.ui.diagram.DiagramTextBoxes;
import org.socketlab.ui.diagram.SequenceDiagram;
import org.socketlab.ui.diagram.SequenceDiagramSkin;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Issue 78 Wanted 3, "nothing drawn on anything": the busiest lessons drawn to the link's time, from real runs in the
 * lab network (src/test/resources/.../ui/diagram/busiest: loss-burst and slow-start as LinkSentencesTest keeps them,
 * reordering, and the fork server on two machines from busiest/fork-server-two-machines.json), at the diagram's width
 * and font size in the real window at 1024x768, 1280x720 and 1920x1080, at 100 % and 250 %, in English and Spanish:
 * no line of text covers another's box (labels, folds' lengths, narrations, the ruler's marks, the lifelines' titles
 * and the role names under them)
 * and none is cut by the drawing's edge. The boxes are computed as the diagram places them, without a window
 * ({@link DiagramTextBoxes}); the window's canvas is held to draw the same boxes, with ink in each.
 */
@ExtendWith(ApplicationExtension.class)
class BusiestLessonsTextFxTest {
    private static final List<String> JOURNALS = List.of("loss-burst", "slow-start", "reordering",
            "fork-server-two-machines");
    private static final int[][] SCREENS = {{1024, 768}, {1280, 720}, {1920, 1080}};
    private TestWindow window;
    @TempDir
    Path config;

    @Start
    void start(Stage primary) {
        // The test opens its own windows, one screen size at a time.
    }

    @AfterEach
    void close() {
        if (window != null) window.close();
    }

    /** The diagram's view width and font size in the window at one screen size and zoom. */
    private record Size(String name, double width, double fontSize) {
    }

    @Test
    void noTextOnTextNorCutOnTheBusiestLessonsAtEverySizeZoomAndLanguage() throws Exception {
        long t0 = System.nanoTime();
        Map<String, List<Event>> journals = new LinkedHashMap<>();
        for (String name : JOURNALS) journals.put(name, JournalJsonl.read(journal(name)));
        List<Size> sizes = new ArrayList<>();
        for (int[] screen : SCREENS) {
            window = TestWindow.openWithoutCapture(screen[0], screen[1], config.resolve("window.properties"));
            for (int zoom : new int[]{100, 250}) {
                int shown = zoomTo(zoom);
                SequenceDiagram d = diagram();
                double[] view = fx(() -> skin(d).viewAndHeads());
                sizes.add(new Size(screen[0] + "x" + screen[1] + " at " + shown + " %", view[0],
                        fx(d::fontSize)));
                if ((screen[0] == 1024 && zoom == 100) || (screen[0] == 1920 && zoom == 250))
                    canvasDrawsWhatIsPlaced(screen[0] + "x" + screen[1] + " at " + shown + " %");
            }
            window.close();
            window = null;
        }
        List<String> wrong = new ArrayList<>();
        int lines = 0, arrowsOverText = 0;
        for (Size size : sizes)
            for (Map.Entry<String, List<Event>> j : journals.entrySet())
                for (Lang lang : Lang.values()) {
                    String where = j.getKey() + ", " + lang.code() + ", " + size.name() + " (diagram "
                            + Math.round(size.width()) + " px, font " + size.fontSize() + " px)";
                    DiagramModel m = fx(() -> {
                        DiagramModel model = new DiagramModel();
                        model.append(j.getValue());
                        return model;
                    });
                    DiagramTextBoxes text = fx(() -> DiagramTextBoxes.of(m, Messages.of(lang), size.fontSize(),
                            size.width()));
                    // Arrows across text are found and told, not yet held (issue 78: "if cheap").
                    List<String> crossed = fx(() -> DiagramTextBoxes.arrowsOverText(m, Messages.of(lang),
                            size.fontSize(), size.width()));
                    arrowsOverText += crossed.size();
                    if (!crossed.isEmpty()) System.out.println(where + ": arrow over text, e.g. " + crossed.getFirst());
                    assertTrue(text.timed(), where + ": drawn to the link's time");
                    lines += text.lineCount();
                    text.overlaps().forEach(o -> wrong.add(where + ": " + o));
                    // Also at 200 % on 1024 px (a ~390 px diagram for 34 px type): folds' lengths said shorter,
                    // a narration's long word broken, nothing past an edge.
                    text.cut().forEach(o -> wrong.add(where + ": cut " + o));
                    System.out.println(where + ": " + text.lineCount() + " lines, " + text.overlaps().size()
                            + " overlapping, " + text.cut().size() + " cut, " + crossed.size() + " arrows over text");
                }
        System.out.println("BusiestLessonsTextFxTest: " + sizes + ", " + lines + " lines of text placed, "
                + wrong.size() + " wrong, " + arrowsOverText + " arrows over text (told only), "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertEquals(List.of(), wrong.subList(0, Math.min(40, wrong.size())), wrong.size() + " wrong");
    }

    /** The window's canvas, on the loss-burst run, places its text as the model does and draws ink in each box. */
    private void canvasDrawsWhatIsPlaced(String where) {
        fx(() -> {
            window.shell().replay(SavedJournal.open(journal("loss-burst")));
            return null;
        });
        settle();
        SequenceDiagram d = diagram();
        fx(() -> {
            ((Button) window.stage().getScene().lookup("#playback-end")).fire();
            return null;
        });
        settle();
        DiagramTextBoxes drawn = fx(() -> skin(d).drawnText());
        DiagramTextBoxes model = fx(() -> DiagramTextBoxes.of(d.getModel(), d.getMessages(), d.fontSize(),
                skin(d).viewAndHeads()[0]));
        assertTrue(drawn.timed(), where + ": the replay is drawn to the link's time");
        assertEquals(model.labels().toString(), drawn.labels().toString(),
                where + ": the canvas's text is the model's");
        assertEquals(model.titles().toString(), drawn.titles().toString(), where + ": the heads' titles");
        int[] inked = fx(() -> {
            WritableImage picture = skin(d).picture();
            double[] view = skin(d).viewAndHeads();
            double offset = skin(d).scrollBar().getValue(), across = skin(d).sidewaysBar().getValue();
            int boxes = 0, withInk = 0;
            for (List<DiagramTextBoxes.Text> label : drawn.labels())
                for (DiagramTextBoxes.Text t : label) {
                    double top = view[1] + t.top() - offset, bottom = view[1] + t.bottom() - offset;
                    double left = t.left() - across, right = t.right() - across;
                    if (top < view[1] + 2 || bottom > view[2] - 2 || left < 0 || right > view[0]) continue;
                    boxes++;
                    if (ink(picture.getPixelReader(), left, top, right, bottom)) withInk++;
                }
            return new int[]{boxes, withInk};
        });
        assertTrue(inked[0] >= 1, where + ": boxes in view " + inked[0]);
        System.out.println(where + ": " + inked[0] + " placed boxes in view, each with ink");
        assertEquals(inked[0], inked[1], where + ": text drawn in each placed box in view");
    }

    /** Whether the box holds pixels of a colour far from its most common one (its halo): text drawn there. */
    private static boolean ink(PixelReader r, double left, double top, double right, double bottom) {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        List<Color> all = new ArrayList<>();
        for (int y = (int) Math.ceil(top); y < (int) bottom; y++)
            for (int x = (int) Math.ceil(left); x < (int) right; x++) {
                Color c = r.getColor(x, y);
                all.add(c);
                counts.merge(r.getArgb(x, y), 1, Integer::sum);
            }
        int most = counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(0);
        Color halo = Color.rgb((most >> 16) & 0xff, (most >> 8) & 0xff, most & 0xff);
        long far = all.stream().filter(c -> Math.abs(c.getRed() - halo.getRed()) + Math.abs(c.getGreen()
                - halo.getGreen()) + Math.abs(c.getBlue() - halo.getBlue()) > 0.6).count();
        return far >= 3;
    }

    private int zoomTo(int zoom) {
        int shown = fx(() -> {
            ShellViewModel vm = window.shell().viewModel();
            int z = Math.min(zoom, vm.maxZoomProperty().get());
            vm.zoomProperty().set(z);
            return z;
        });
        settle();
        return shown;
    }

    private void settle() {
        UiTestSupport.settle(window.stage(), () -> window.shell().view().dividers());
    }

    private SequenceDiagram diagram() {
        return fx(() -> (SequenceDiagram) window.stage().getScene().lookup("#sequence-diagram"));
    }

    private static SequenceDiagramSkin skin(SequenceDiagram d) {
        return (SequenceDiagramSkin) d.getSkin();
    }

    private static Path journal(String name) {
        try {
            return Path.of(BusiestLessonsTextFxTest.class.getResource("/org/socketlab/ui/diagram/busiest/" + name
                    + ".jsonl").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
