package org.socketlab.ui.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.export.SvgDiagram;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lesson.ChildLessonRun;
import org.socketlab.story.StoryLayout;
import org.socketlab.story.TimeAxis;
import org.socketlab.testing.ChildJvm;
import org.socketlab.testing.Labnet;
import org.socketlab.ui.shell.DiagramSnapshot;
import org.socketlab.ui.shell.Theme;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 60: drawn to the link's time, marks stand at their moments, and two tcp_info readings a fraction of a millisecond
 * apart (the client's and the server's, each beside its kernel, towards the wire) ran into each other on the canvas
 * while the SVG moved them apart. The canvas places its mark labels by the SVG's rule ({@code story/LabelPlaces}): on a
 * real round-trip run on the lab's delayed link no two mark labels of the canvas cover each other, and some of them
 * would have without the rule.
 */
@ExtendWith(ApplicationExtension.class)
class MarkLabelsApartFxTest {
    @TempDir
    static Path shared;
    private static List<Event> journal;

    @Start
    void start(Stage stage) {
        // the toolkit only: the measures are made without a window
    }

    @BeforeAll
    static void runRoundTripOnTheLabsLink() throws Exception {
        Path labnet = Labnet.built();
        Labnet.Outcome probe = Labnet.run(List.of("enter", "--strict", "--", "true"));
        CiRules.requireOrSkip(probe.status() == 0, "a private lab network (user + network namespace): "
                + probe.output());
        List<String> classPath = ChildLessonRun.readableCopyOfClassPath(Files.createDirectories(shared.resolve("cp")));
        Path file = shared.resolve("round-trip.jsonl");
        List<String> command = new ArrayList<>(List.of(labnet.toString(), "enter", "--strict", "--", "/usr/bin/env",
                "SOCKETLAB_ENDPOINT=" + labnet.resolveSibling("socketlab-endpoint")));
        command.addAll(ChildJvm.command("-cp", String.join(File.pathSeparator, classPath), "org.socketlab.Main", "run",
                "round-trip", "--lang", "es", "--journal", file.toString()));
        Labnet.Outcome run = Labnet.runCommand(command);
        assertEquals(0, run.status(), run.output());
        journal = JournalJsonl.read(file);
    }

    @Test
    void noTwoMarkLabelsOfTheCanvasCoverEachOther() throws Exception {
        assertTrue(journal.stream().filter(e -> e.payload() instanceof Payload.TcpInfo).count() >= 2,
                "tcp_info readings journaled");
        for (double width : new double[]{1280, 900}) {
            Overlaps found = WaitForAsyncUtils.asyncFx(() -> overlaps(width)).get(60, TimeUnit.SECONDS);
            assertTrue(found.timed(), "drawn to the link's time");
            assertEquals(List.of(), found.placed(), "labels covering each other at " + width + " px");
            assertTrue(!found.unmoved().isEmpty(),
                    "some labels of this run stand within a line of each other at their moments (the rule is needed)");
        }
    }

    /**
     * Issue 60's leftover: the PNG of a round trip began its ruler at 120 ms (other runs 380–1000 ms) while the SVG's
     * began at 0. The picture's control was two pixels (its border) shorter than its rows, so it was scrolled to its
     * end, a whole row down: the first rows and the ruler's first marks were under the lifelines' heads. As
     * {@code --png} and File → Export lay it out, nothing is scrolled, and the first mark in the picture is the SVG's.
     */
    @Test
    void thePicturesRulerStartsWhereTheSvgsDoes() throws Exception {
        String svg = SvgDiagram.render(journal, Lang.EN, "round-trip");
        Matcher first = Pattern.compile("class=\"tick\"[^>]*>([0-9]+) ms<").matcher(svg);
        assertTrue(first.find(), "the SVG has a ruler");
        long svgFirstMs = Long.parseLong(first.group(1));
        double[] scrolled = WaitForAsyncUtils.asyncFx(() -> {
            DiagramModel m = new DiagramModel();
            m.append(journal);
            SequenceDiagram d = DiagramSnapshot.laidOut(m, Lang.EN, Theme.LIGHT, 100, DiagramSnapshot.widthAt(100));
            SequenceDiagramSkin skin = (SequenceDiagramSkin) d.getSkin();
            d.layout();
            DiagramMetrics k = new DiagramMetrics();
            k.fonts(d.fontSize());
            k.measureRows(m, d.getMessages(), DiagramSnapshot.widthAt(100) - skin.scrollBar().getWidth());
            double offset = skin.scrollBar().getValue();
            double firstInView = Double.NaN;
            for (TimeAxis.Tick t : k.time.axis().ticks(k.time.axis().tickStepMs(k.fs * 3)))
                if (t.y() >= offset) {
                    firstInView = t.ms();
                    break;
                }
            return new double[]{offset, skin.scrollBar().getMax(), firstInView};
        }).get(60, TimeUnit.SECONDS);
        assertEquals(0, scrolled[0], "the picture is scrolled by " + scrolled[0] + " px");
        assertEquals(0, scrolled[1], "the picture's rows are taller than it by " + scrolled[1] + " px");
        assertEquals(svgFirstMs, (long) scrolled[2], "the first mark of the picture's ruler against the SVG's");
    }

    private record Overlaps(boolean timed, List<String> placed, List<String> unmoved) {
    }

    /** The pairs of mark labels that cover each other as placed, and as they would stand unmoved. */
    private static Overlaps overlaps(double width) {
        Messages es = Messages.of(Lang.ES);
        DiagramModel m = new DiagramModel();
        m.append(journal);
        DiagramMetrics k = new DiagramMetrics();
        k.fonts(14);
        k.measureRows(m, es, width);
        double[] x = StoryLayout.columns(m.lifelines(), k.rulerRoom(), width - k.rulerRoom());
        List<double[]> placed = new ArrayList<>(), unmoved = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> placedNames = new ArrayList<>();
        for (int i = 0; i < m.rowCount(); i++) {
            double[] b = k.markBox(m, m.row(i), es, x, width);
            if (b == null) continue;
            double top = k.top(i) + b[1];
            unmoved.add(new double[]{b[0], top, b[0] + b[2], top + b[3]});
            names.add("#" + m.row(i).event().seq() + " " + DiagramText.label(m.row(i), es));
            // As placed (TimedLabels, the rule the SVG keeps too): each line's box where RowPainter writes it.
            var p = k.placed(i);
            if (p == null) continue;
            for (var box : p.boxes()) {
                placed.add(new double[]{box.left(), box.top(), box.right(), box.top() + box.height()});
                placedNames.add("#" + m.row(i).event().seq() + " " + DiagramText.label(m.row(i), es));
            }
        }
        return new Overlaps(m.linkTime().timed(), coveringOthers(placed, placedNames), covering(unmoved, names));
    }

    /** The pairs of boxes of different labels that cover each other (a label's own lines stand one under another). */
    private static List<String> coveringOthers(List<double[]> boxes, List<String> names) {
        List<String> pairs = new ArrayList<>();
        for (String pair : covering(boxes, names)) {
            String[] two = pair.split(" / ", 2);
            if (!two[0].equals(two[1])) pairs.add(pair);
        }
        return pairs;
    }

    private static List<String> covering(List<double[]> boxes, List<String> names) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++)
            for (int j = i + 1; j < boxes.size(); j++) {
                double[] a = boxes.get(i), b = boxes.get(j);
                if (a[0] < b[2] - 0.5 && b[0] < a[2] - 0.5 && a[1] < b[3] - 0.5 && b[1] < a[3] - 0.5)
                    pairs.add(names.get(i) + " / " + names.get(j));
            }
        return pairs;
    }
}
