package org.socketlab.ui.diagram;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.canvas.Canvas;
import javafx.scene.text.Font;
import org.socketlab.story.Lifeline;

/**
 * Whether the diagram's text fits its width, measured as the frame draws it: the lines each row is drawn in, the
 * labels that would run past the edge, the role names under the lifelines' heads. The window's tests check these.
 */
final class DiagramTextFit {
    private final SequenceDiagram c;
    private final DiagramMetrics k;
    private final RowPainter painter;
    private final Canvas canvas;

    DiagramTextFit(SequenceDiagram c, DiagramMetrics k, RowPainter painter, Canvas canvas) {
        this.c = c;
        this.k = k;
        this.painter = painter;
        this.canvas = canvas;
    }

    /** The lines a narration row is drawn in (one for any other row); the window's tests check none is cut. */
    List<String> linesOf(int i) {
        DiagramModel m = c.getModel();
        k.fonts(c.fontSize());
        return switch (m.row(i)) {
            case Row.NoteRow n -> k.noteLines(n, c.getMessages(), canvas.getWidth());
            case Row.CaptureRow n -> k.noteLines(n, c.getMessages(), canvas.getWidth());
            case Row.OlderRow n -> k.noteLines(n, c.getMessages(), canvas.getWidth());
            case Row.SegmentArrow a -> k.segmentLines(a, c.getMessages(), canvas.getWidth());
            default -> List.of(DiagramText.label(m.row(i), c.getMessages()));
        };
    }

    /**
     * Whether the role names under the lifelines' heads keep a gap between neighbours at this width, as drawn or (tests
     * that can fail) as whole words in the heads' small type.
     */
    boolean headerRolesApart(boolean wholeWords) {
        List<Lifeline> lifelines = c.getModel().lifelines();
        double w = k.contentWidth(c.getModel(), canvas.getWidth());
        double[] x = k.columns(c.getModel(), canvas.getWidth());
        k.fonts(c.fontSize());
        return (wholeWords
                ? HeaderRoles.whole(lifelines, x, w, c.getMessages(), c.getModel(),
                        k)
                : painter.roles(lifelines, x, w, c.getMessages())).apart(1);
    }

    /**
     * The lifelines' heads as placed: "name ENDPOINT at X" for each endpoint's name and "role I at X" for each role
     * name under lifeline I, X rounded to the pixel.
     */
    List<String> headerPlaces() {
        List<Lifeline> lifelines = c.getModel().lifelines();
        double w = k.contentWidth(c.getModel(), canvas.getWidth());
        double[] x = k.columns(c.getModel(), canvas.getWidth());
        k.fonts(c.fontSize());
        List<String> out = new ArrayList<>();
        for (HeaderRoles.Head head : HeaderRoles.heads(lifelines, x))
            out.add("name " + head.endpoint() + " at " + Math.round(head.centre()));
        for (HeaderRoles.Label role : painter.roles(lifelines, x, w, c.getMessages()).labels())
            out.add("role " + role.lifeline() + " at " + Math.round(role.centre()));
        return out;
    }

    /** The rows up to the cursor whose label (a line of it) is wider than the diagram: drawn past its edge. */
    List<String> labelsPastTheEdge() {
        DiagramModel m = c.getModel();
        k.fonts(c.fontSize());
        List<String> out = new ArrayList<>();
        if (m == null) return out;
        double room = canvas.getWidth() - 8;
        for (int i = 0; i < c.shownRows(); i++) {
            Row row = m.row(i);
            Font font = switch (row) {
                case Row.CallRow call -> k.mono;
                case Row.SegmentArrow a -> a.captured() ? k.sans : k.italic;
                case Row.StateMark s -> k.monoSmall;
                case Row.QueueMark q -> k.monoSmall;
                default -> k.italic;
            };
            for (String line : linesOf(i)) if (k.width(line, font) > room) out.add(line);
        }
        return out;
    }

    /** As {@link SequenceDiagramSkin#labelsRunningPastTheView()}; the rows measured at the fonts of now. */
    List<String> labelsRunningPastTheView() {
        DiagramModel m = c.getModel();
        double view = canvas.getWidth(), wide = k.contentWidth(m, view);
        double[] x = k.columns(m, view);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < c.shownRows(); i++) {
            if (!(m.row(i) instanceof Row.CallRow call)) continue;
            double[] span = painter.labelSpan(m, call, x, wide, c.getMessages());
            if (span[1] - span[0] <= view - 8 && span[1] > view - 4) out.add(DiagramText.label(call, c.getMessages()));
        }
        return out;
    }

    /** Whether {@code text} drawn as a narration fits in the diagram's width. */
    boolean fitsAsNarration(String text) {
        k.fonts(c.fontSize());
        k.measure.setFont(k.italic);
        k.measure.setText(text);
        return k.measure.getLayoutBounds().getWidth() <= canvas.getWidth() - 8;
    }
}
