package org.socketlab.ui.diagram;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.InvalidationListener;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SkinBase;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.paint.Paint;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.FontPosture;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;
import org.socketlab.i18n.Messages;

/**
 * Draws the diagram on one Canvas the size of the viewport: only the rows in view are drawn, so a journal of
 * thousands of events scrolls as cheaply as a short one. Row tops are kept as prefix sums (two row heights:
 * arrows and marks), so finding the first visible row is a binary search.
 */
public final class SequenceDiagramSkin extends SkinBase<SequenceDiagram> {
    private static final String MONO = "DejaVu Sans Mono";
    private static final String SANS = "DejaVu Sans";

    private final Canvas canvas = new Canvas();
    private final ScrollBar scroll = new ScrollBar();
    /** Made at the first hover over a row that explains something (a tooltip is a popup window of its own). */
    private Tooltip hoverTip;
    private final Text measure = new Text();
    private final Map<String, Double> widths = new HashMap<>();
    private double[] rowTop = new double[64];
    private int measuredRows;
    private double measuredFontSize = -1;
    private boolean dirty = true;
    private Row hovered;
    private boolean tipInstalled;
    private DiagramModel observedModel;
    /** Rows from the model's first changed row on are measured again: a late event may be told before rows shown. */
    private final InvalidationListener modelGrew = o -> {
        if (observedModel != null) measuredRows = Math.min(measuredRows, observedModel.firstChangedRow());
        dirty = true;
        getSkinnable().requestLayout();
    };

    // fonts and sizes for the current -sl-font-size
    private double fs, headerH, arrowRowH, markRowH, head;
    private Font mono, monoSmall, sans, sansBold, sansSmall, italic;

    /** Figures the benchmark reads: the last row drawn, the time the last frame took. */
    private int lastDrawnRow = -1;
    private long lastDrawNs;

    public SequenceDiagramSkin(SequenceDiagram control) {
        super(control);
        scroll.setOrientation(Orientation.VERTICAL);
        getChildren().addAll(canvas, scroll);

        java.util.function.Consumer<javafx.beans.Observable> redraw = o -> invalidate();
        registerInvalidationListener(control.positionProperty(), o -> {
            followCursor();
            invalidate();
        });
        registerInvalidationListener(control.selectedRowProperty(), redraw);
        registerInvalidationListener(control.messagesProperty(), o -> {
            widths.clear();
            measuredRows = 0; // a narration in another language wraps otherwise
            invalidate();
        });
        registerInvalidationListener(control.modelProperty(), o -> observeModel());
        // A theme or zoom change restyles the colours and sizes: draw again at once, not on the next event.
        for (javafx.css.CssMetaData<? extends javafx.css.Styleable, ?> meta : SequenceDiagram.getClassCssMetaData())
            if (meta.getProperty().startsWith("-sl-"))
                registerInvalidationListener((javafx.beans.value.ObservableValue<?>) styleable(meta, control), redraw);
        scroll.valueProperty().addListener(o -> invalidate());
        observeModel();

        canvas.setOnMousePressed(this::onPressed);
        canvas.setOnMouseMoved(this::onMoved);
        canvas.setOnScroll(this::onScroll);
        control.addEventHandler(KeyEvent.KEY_PRESSED, this::onKey);
    }

    @SuppressWarnings("unchecked")
    private static javafx.css.StyleableProperty<?> styleable(
            javafx.css.CssMetaData<? extends javafx.css.Styleable, ?> meta, SequenceDiagram c) {
        return ((javafx.css.CssMetaData<SequenceDiagram, ?>) meta).getStyleableProperty(c);
    }

    private void observeModel() {
        if (observedModel != null) observedModel.revisionProperty().removeListener(modelGrew);
        observedModel = getSkinnable().getModel();
        if (observedModel != null) observedModel.revisionProperty().addListener(modelGrew);
        measuredRows = 0;
        invalidate();
    }

    private void invalidate() {
        dirty = true;
        getSkinnable().requestLayout();
    }

    @Override
    public void dispose() {
        if (observedModel != null) observedModel.revisionProperty().removeListener(modelGrew);
        super.dispose();
    }

    // ---- geometry ----

    private void fonts() {
        double size = getSkinnable().fontSize();
        if (size == measuredFontSize) return;
        measuredFontSize = size;
        fs = size;
        headerH = Math.round(fs * 3.2);
        arrowRowH = Math.round(fs * 3.1);
        markRowH = Math.round(fs * 2.1);
        head = Math.round(fs * 0.6);
        mono = Font.font(MONO, fs);
        monoSmall = Font.font(MONO, fs * 0.85);
        sans = Font.font(SANS, fs);
        sansBold = Font.font(SANS, FontWeight.BOLD, fs);
        sansSmall = Font.font(SANS, fs * 0.85);
        italic = Font.font(SANS, FontWeight.NORMAL, FontPosture.ITALIC, fs * 0.9);
        widths.clear();
        measuredRows = 0;
    }

    private double height(Row row) {
        return switch (row) {
            case Row.CallRow c -> arrowRowH;
            case Row.SegmentArrow s -> arrowRowH;
            case Row.BlockedRow b -> markRowH;
            case Row.CancelledRow c -> markRowH;
            case Row.StateMark s -> markRowH;
            case Row.QueueMark q -> markRowH;
            case Row.NoteRow n -> markRowH + (noteLines(n).size() - 1) * noteLineH();
            case Row.CaptureRow n -> markRowH + (noteLines(n).size() - 1) * noteLineH();
            case Row.OlderRow o -> markRowH + (noteLines(o).size() - 1) * noteLineH();
        };
    }

    /** The distance between two lines of a wrapped narration. */
    private double noteLineH() {
        return Math.round(fs * 1.15);
    }

    /**
     * A row of text across the diagram (a narration, the capture's status, the older rows' mark) in lines no wider than
     * the diagram: wrapped, never cut at the right edge. One line before the diagram has a width.
     */
    private List<String> noteLines(Row row) {
        Messages msg = getSkinnable().getMessages();
        if (msg == null || italic == null) return List.of("");
        String text = DiagramText.label(row, msg);
        double room = canvas.getWidth() - fs * 1.5;
        if (room < fs * 8) return List.of(text);
        List<String> lines = new java.util.ArrayList<>();
        measure.setFont(italic);
        String line = "";
        for (String word : text.split(" ")) {
            String longer = line.isEmpty() ? word : line + " " + word;
            measure.setText(longer);
            if (!line.isEmpty() && measure.getLayoutBounds().getWidth() > room) {
                lines.add(line);
                line = word;
            } else {
                line = longer;
            }
        }
        lines.add(line);
        return lines;
    }

    /** Extends the prefix sums to the model's rows; rowTop[i] is the top of row i, rowTop[n] the bottom. */
    private void measureRows(DiagramModel m) {
        int n = m.rowCount();
        if (rowTop.length < n + 1) rowTop = java.util.Arrays.copyOf(rowTop, Math.max(n + 1, rowTop.length * 2));
        if (measuredRows == 0) rowTop[0] = 0;
        for (int i = measuredRows; i < n; i++) rowTop[i + 1] = rowTop[i] + height(m.row(i));
        measuredRows = n;
    }

    /** The row at content offset {@code y}, or -1. */
    private int rowAt(double y, int shown) {
        if (shown == 0 || y < 0 || y >= rowTop[shown]) return -1;
        int lo = 0, hi = shown - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (rowTop[mid] <= y) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    private double[] columns(List<Lifeline> lifelines, double width) {
        int n = lifelines.size();
        double[] weight = new double[n + 1];
        double margin = 0.62;
        weight[0] = margin;
        for (int i = 1; i < n; i++) {
            Lifeline a = lifelines.get(i - 1), b = lifelines.get(i);
            boolean wire = a.role() == Lifeline.Role.KERNEL && b.role() == Lifeline.Role.KERNEL;
            weight[i] = a.endpoint().equals(b.endpoint()) ? 1.0 : wire ? 1.45 : 0.6;
        }
        weight[n] = margin;
        double total = 0;
        for (double w : weight) total += w;
        double[] x = new double[n];
        double acc = 0;
        for (int i = 0; i < n; i++) {
            acc += weight[i];
            x[i] = Math.round(width * acc / total) + 0.5;
        }
        return x;
    }

    private double viewHeight() {
        return Math.max(0, canvas.getHeight() - headerH);
    }

    // ---- layout and drawing ----

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        fonts();
        double barW = scroll.prefWidth(-1);
        double cw = Math.max(1, w - barW), ch = Math.max(1, h);
        boolean resized = canvas.getWidth() != cw || canvas.getHeight() != ch;
        if (canvas.getWidth() != cw) measuredRows = 0; // narrations wrap to the new width
        if (resized) {
            canvas.setWidth(cw);
            canvas.setHeight(ch);
            dirty = true;
        }
        canvas.relocate(x, y);
        scroll.resizeRelocate(x + cw, y, barW, h);
        updateScrollRange();
        // A diagram shown for the first time (presenter mode, a pop-out) or resized opens at the cursor, not at the top.
        if (resized) followCursor();
        if (dirty) draw();
    }

    private void updateScrollRange() {
        DiagramModel m = getSkinnable().getModel();
        double content = 0;
        if (m != null) {
            measureRows(m);
            content = rowTop[getSkinnable().shownRows()];
        }
        double max = Math.max(0, content + fs - viewHeight());
        scroll.setMax(max);
        scroll.setVisibleAmount(viewHeight() * Math.max(1, max) / Math.max(1, content));
        scroll.setUnitIncrement(arrowRowH);
        scroll.setBlockIncrement(Math.max(arrowRowH, viewHeight() * 0.9));
        if (scroll.getValue() > max) scroll.setValue(max);
    }

    /** Keeps the row being drawn in view while playback moves. */
    private void followCursor() {
        SequenceDiagram c = getSkinnable();
        DiagramModel m = c.getModel();
        if (!c.followCursorProperty().get() || m == null || canvas.getHeight() <= 0) return;
        fonts();
        measureRows(m);
        int shown = c.shownRows();
        if (shown == 0) return;
        double top = rowTop[shown - 1], bottom = rowTop[shown];
        double view = viewHeight();
        updateScrollRange();
        if (bottom + fs * 0.5 > scroll.getValue() + view)
            scroll.setValue(Math.min(scroll.getMax(), bottom + fs * 0.5 - view));
        else
            if (top < scroll.getValue()) scroll.setValue(top);
    }

    /*
     * Straight lines along the axes are filled as rectangles, not stroked: the same pixels (butt caps), but in the
     * software renderer (no GPU, as on many lecture-hall PCs and under Xvfb) a rectangle is one native fill while a
     * stroke is rasterised in Java; the lifelines were a fifth of the first frame's painting.
     */
    private void draw() {
        long t0 = System.nanoTime();
        dirty = false;
        SequenceDiagram c = getSkinnable();
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth(), h = canvas.getHeight();
        g.setFill(c.background());
        g.fillRect(0, 0, w, h);
        DiagramModel m = c.getModel();
        Messages msg = c.getMessages();
        if (m == null) return;
        measureRows(m);
        List<Lifeline> lifelines = m.lifelines();
        double[] x = columns(lifelines, w);
        int shown = c.shownRows();
        double offset = scroll.getValue();
        double view = viewHeight();
        double position = Math.min(c.positionProperty().get(), m.rowCount());
        int first = Math.max(0, rowAt(offset, shown));
        int last = shown == 0 ? -1 : Math.max(first, rowAt(Math.min(offset + view, rowTop[shown] - 0.1), shown));

        // selection band under everything
        Row selected = c.getSelectedRow();
        if (selected != null && selected.index() < shown && selected.index() >= first && selected.index() <= last) {
            g.setFill(c.selectionFill());
            g.fillRect(0, headerH + rowTop[selected.index()] - offset, w,
                    rowTop[selected.index() + 1] - rowTop[selected.index()]);
        }

        // lifelines: kernels heavier than programs
        g.setLineCap(StrokeLineCap.BUTT);
        g.setLineDashes();
        g.setFill(c.lifelineColor());
        for (int i = 0; i < lifelines.size(); i++) {
            double lw = (lifelines.get(i).role() == Lifeline.Role.KERNEL ? 4 : 2) * c.lineScale();
            g.fillRect(x[i] - lw / 2, headerH, lw, h - headerH);
        }

        // blocked bars crossing the view
        double contentBottom = rowTop[shown];
        for (Bar bar : m.bars()) {
            if (bar.openRow() >= shown) continue;
            double top = rowTop[bar.openRow()] + markRowH / 2;
            double bottom = bar.openAt(shown)
                    ? contentBottom + fs
                    : rowTop[bar.closeRow()] + arrowY(m.row(bar.closeRow()));
            if (bottom < offset || top > offset + view) continue;
            int col = m.column(bar.endpoint(), Lifeline.Role.PROGRAM);
            if (col < 0) continue;
            double bw = fs * 0.7;
            g.setFill(c.barFill());
            g.fillRect(x[col] - bw / 2, headerH + top - offset, bw, bottom - top);
            g.setStroke(c.mutedColor());
            g.setLineWidth(1.5 * c.lineScale());
            g.strokeRect(x[col] - bw / 2, headerH + top - offset, bw, bottom - top);
        }

        // No clip: a clip path makes the software renderer mask every later shape; the opaque header drawn last covers the overhang.
        for (int i = first; i <= last && i < shown; i++) {
            double progress = Math.min(1, Math.max(0, position - i));
            if (i < Math.floor(position)) progress = 1;
            drawRow(g, m, m.row(i), x, headerH + rowTop[i] - offset, w, progress, msg, c);
        }
        if (shown == 0) {
            g.setFill(c.mutedColor());
            g.setFont(italic);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(msg.get("ui.diagram.empty"), w / 2, headerH + fs * 3);
        }
        drawHeader(g, lifelines, x, w, msg, c);
        lastDrawnRow = shown - 1;
        lastDrawNs = System.nanoTime() - t0;
    }

    private double arrowY(Row row) {
        return row instanceof Row.CallRow || row instanceof Row.SegmentArrow ? fs * 1.75 : markRowH / 2;
    }

    private void drawHeader(GraphicsContext g, List<Lifeline> lifelines, double[] x, double w, Messages msg,
            SequenceDiagram c) {
        g.setFill(c.headerFill());
        g.fillRect(0, 0, w, headerH);
        g.setFill(c.lifelineColor());
        g.fillRect(0, headerH - 1, w, 1);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        for (int i = 0; i < lifelines.size(); i++) {
            Lifeline l = lifelines.get(i);
            boolean pairStart = l.role() == Lifeline.Role.PROGRAM && i + 1 < lifelines.size()
                    && lifelines.get(i + 1).endpoint().equals(l.endpoint());
            boolean pairEnd = i > 0 && lifelines.get(i - 1).endpoint().equals(l.endpoint());
            if (!pairEnd) {
                double cx = pairStart ? (x[i] + x[i + 1]) / 2 : x[i];
                if (l.endpoint().equals("server") && i + 1 < lifelines.size()) cx = (x[i] + x[i + 1]) / 2;
                g.setFill(endpointColor(l.endpoint(), c));
                g.setFont(sansBold);
                g.fillText(DiagramText.endpointName(l.endpoint(), msg), cx, headerH * 0.3);
            }
            if (!pairStart && !pairEnd && !l.endpoint().equals("server")) continue; // "Other kernel" says it all
            g.setFill(c.mutedColor());
            g.setFont(sansSmall);
            g.fillText(DiagramText.roleName(l.role(), msg),
                    clampCenter(x[i], width(DiagramText.roleName(l.role(), msg), sansSmall), w), headerH * 0.72);
        }
    }

    private static double clampCenter(double cx, double textW, double w) {
        return Math.max(textW / 2 + 4, Math.min(w - textW / 2 - 4, cx));
    }

    private Paint endpointColor(String endpoint, SequenceDiagram c) {
        if (endpoint.equals("server")) return c.serverColor();
        if (endpoint.startsWith("client")) return c.clientColor();
        return c.mutedColor();
    }

    private void drawRow(GraphicsContext g, DiagramModel m, Row row, double[] x, double top, double w, double p,
            Messages msg, SequenceDiagram c) {
        g.setGlobalAlpha(1);
        switch (row) {
            case Row.CallRow r -> {
                int pc = m.column(r.endpoint(), Lifeline.Role.PROGRAM),
                        kc = m.column(r.endpoint(), Lifeline.Role.KERNEL);
                if (pc < 0 || kc < 0) return;
                Paint color = r.error() ? c.errorColor() : c.callColor();
                double xp = x[pc], xk = x[kc], dir = Math.signum(xk - xp);
                double callY = top + fs * 1.75, returnY = top + fs * 2.55;
                // Entry and return: one row when nothing happened in between, else two with the kernel's doings between.
                if (r.entersKernel())
                    arrow(g, xp, xk, callY, r.returns() ? Math.min(1, p * 2) : p, false, true, c.callColor());
                if (r.returns() && (p > 0.5 || !r.entersKernel()))
                    arrow(g, xk, xp, returnY, r.entersKernel() ? (p - 0.5) * 2 : p, false, false, color);
                g.setGlobalAlpha(Math.min(1, p * 2));
                String label = DiagramText.label(r, msg);
                double lx = xp + dir * fs * 0.7;
                double tw = label(g, label, lx, top + fs * 0.85, dir > 0 ? TextAlignment.LEFT : TextAlignment.RIGHT,
                        mono, color, c, w);
                if (r.error()) {
                    // a small "?" badge: hover or click explains the errno
                    double bx = dir > 0 ? lx + tw + fs * 0.75 : lx - tw - fs * 0.75;
                    double rad = fs * 0.55;
                    g.setFill(c.errorColor());
                    g.fillOval(bx - rad, top + fs * 0.85 - rad, rad * 2, rad * 2);
                    g.setFill(c.background());
                    g.setFont(sansBold);
                    g.setTextAlign(TextAlignment.CENTER);
                    g.fillText("?", bx, top + fs * 0.85);
                }
            }
            case Row.SegmentArrow r -> {
                int fc = m.column(r.segment().from(), Lifeline.Role.KERNEL),
                        tc = m.column(r.segment().to(), Lifeline.Role.KERNEL);
                if (fc < 0 || tc < 0) return;
                double y = top + fs * 1.75;
                boolean refused = r.segment().flags().contains("RST") || r.segment().proto().equals("icmp");
                Paint color = refused || r.segment().lost() ? c.errorColor() : c.segmentColor();
                if (r.segment().lost()) lost(g, x[fc], x[tc], y, p, color);
                else arrow(g, x[fc], x[tc], y, p, !r.captured(), true, color);
                g.setGlobalAlpha(Math.min(1, p * 1.5));
                String label = DiagramText.label(r, msg);
                label(g, label, (x[fc] + x[tc]) / 2, top + fs * 0.85, TextAlignment.CENTER,
                        r.captured() ? sans : italicLabel(), color, c, w);
            }
            case Row.StateMark r -> {
                int kc = m.column(r.endpoint(), Lifeline.Role.KERNEL);
                if (kc < 0) return;
                g.setGlobalAlpha(p);
                String text = DiagramText.label(r, msg);
                double tw = width(text, monoSmall), ph = fs * 1.45, pw = tw + fs * 1.2;
                double cx = clampCenter(x[kc], pw, w), cy = top + markRowH / 2;
                g.setFill(c.stateFill());
                g.fillRoundRect(cx - pw / 2, cy - ph / 2, pw, ph, ph, ph);
                g.setStroke(c.stateColor());
                g.setLineWidth(1.5);
                g.setLineDashes();
                g.strokeRoundRect(cx - pw / 2, cy - ph / 2, pw, ph, ph, ph);
                g.setFill(c.stateColor());
                g.setFont(monoSmall);
                g.setTextAlign(TextAlignment.CENTER);
                g.setTextBaseline(VPos.CENTER);
                g.fillText(text, cx, cy);
            }
            case Row.QueueMark r -> {
                int kc = m.column(r.endpoint(), Lifeline.Role.KERNEL);
                if (kc < 0) return;
                g.setGlobalAlpha(p);
                boolean right = towardsWire(m, r.endpoint());
                label(g, DiagramText.label(r, msg), x[kc] + (right ? 1 : -1) * fs * 0.7, top + markRowH / 2,
                        right ? TextAlignment.LEFT : TextAlignment.RIGHT, monoSmall, c.mutedColor(), c, w);
            }
            case Row.BlockedRow r -> {
                int pc = m.column(r.endpoint(), Lifeline.Role.PROGRAM);
                if (pc < 0) return;
                g.setGlobalAlpha(p);
                boolean right = towardsWire(m, r.endpoint());
                label(g, DiagramText.label(r, msg), x[pc] + (right ? 1 : -1) * fs * 0.9, top + markRowH / 2,
                        right ? TextAlignment.LEFT : TextAlignment.RIGHT, italicLabel(), c.mutedColor(), c, w);
            }
            case Row.CancelledRow r -> {
                int pc = m.column(r.endpoint(), Lifeline.Role.PROGRAM);
                if (pc < 0) return;
                g.setGlobalAlpha(p);
                boolean right = towardsWire(m, r.endpoint());
                double cy = top + markRowH / 2, s = fs * 0.4;
                g.setStroke(c.mutedColor());
                g.setLineWidth(2.5);
                g.setLineDashes();
                g.strokeLine(x[pc] - s, cy - s, x[pc] + s, cy + s);
                g.strokeLine(x[pc] - s, cy + s, x[pc] + s, cy - s);
                label(g, DiagramText.label(r, msg), x[pc] + (right ? 1 : -1) * fs * 0.9, cy,
                        right ? TextAlignment.LEFT : TextAlignment.RIGHT, italicLabel(), c.mutedColor(), c, w);
            }
            case Row.NoteRow r -> {
                g.setGlobalAlpha(p);
                List<String> lines = noteLines(r);
                for (int i = 0; i < lines.size(); i++)
                    label(g, lines.get(i), w / 2, top + markRowH / 2 + i * noteLineH(), TextAlignment.CENTER,
                            italicLabel(), c.textColor(), c, w);
            }
            case Row.CaptureRow r -> mutedLines(g, noteLines(r), w, top, p, c);
            case Row.OlderRow r -> mutedLines(g, noteLines(r), w, top, p, c);
        }
        g.setGlobalAlpha(1);
    }

    private void mutedLines(GraphicsContext g, List<String> lines, double w, double top, double p, SequenceDiagram c) {
        g.setGlobalAlpha(p);
        for (int i = 0; i < lines.size(); i++)
            label(g, lines.get(i), w / 2, top + markRowH / 2 + i * noteLineH(), TextAlignment.CENTER, italicLabel(),
                    c.mutedColor(), c, w);
    }

    private Font italicLabel() {
        return italic;
    }

    /** Whether this endpoint's wire side is to the right of its lifelines (clients) or the left (server). */
    private static boolean towardsWire(DiagramModel m, String endpoint) {
        int pc = m.column(endpoint, Lifeline.Role.PROGRAM), kc = m.column(endpoint, Lifeline.Role.KERNEL);
        return pc < 0 ? !endpoint.equals("server") : kc > pc;
    }

    /** A lost segment: it leaves, stops halfway ({@code p} of that way drawn) and ends at a cross. */
    private void lost(GraphicsContext g, double x1, double x2, double y, double p, Paint color) {
        if (p <= 0) return;
        double mid = (x1 + x2) / 2, end = x1 + (mid - x1) * Math.min(1, p), lw = 2.5 * getSkinnable().lineScale();
        g.setFill(color);
        g.setStroke(color);
        g.fillRect(Math.min(x1, end), y - lw / 2, Math.abs(end - x1), lw);
        if (p < 1) return;
        double r = head * 0.9;
        g.setLineWidth(lw * 1.2);
        g.setLineDashes();
        g.strokeLine(mid - r, y - r, mid + r, y + r);
        g.strokeLine(mid - r, y + r, mid + r, y - r);
    }

    /** A horizontal arrow drawn {@code p} of its way; dashed when the segment was only inferred. */
    private void arrow(GraphicsContext g, double x1, double x2, double y, double p, boolean dashed, boolean filledHead,
            Paint color) {
        if (p <= 0) return;
        double end = x1 + (x2 - x1) * p, dir = Math.signum(x2 - x1);
        g.setStroke(color);
        g.setFill(color);
        g.setLineWidth(2.5 * getSkinnable().lineScale());
        double shaftEnd = end - dir * head * 0.8;
        if (dashed) {
            g.setLineDashes(fs * 0.6, fs * 0.45);
            g.strokeLine(x1, y, shaftEnd, y);
            g.setLineDashes();
        } else {
            double lw = 2.5 * getSkinnable().lineScale();
            g.fillRect(Math.min(x1, shaftEnd), y - lw / 2, Math.abs(shaftEnd - x1), lw);
        }
        if (filledHead) {
            g.fillPolygon(new double[]{end, end - dir * head * 1.5, end - dir * head * 1.5},
                    new double[]{y, y - head * 0.7, y + head * 0.7}, 3);
        } else {
            g.strokeLine(end, y, end - dir * head * 1.4, y - head * 0.7);
            g.strokeLine(end, y, end - dir * head * 1.4, y + head * 0.7);
        }
    }

    /** Text on a halo of the background colour, so lifelines never strike through it; kept inside the canvas. Returns its width. */
    private double label(GraphicsContext g, String text, double x, double y, TextAlignment align, Font font,
            Paint color, SequenceDiagram c, double w) {
        double tw = width(text, font);
        double left = switch (align) {
            case LEFT -> x;
            case RIGHT -> x - tw;
            default -> x - tw / 2;
        };
        left = Math.max(4, Math.min(w - tw - 4, left));
        double pad = fs * 0.25;
        g.setFill(c.background());
        g.fillRect(left - pad, y - fs * 0.7, tw + 2 * pad, fs * 1.4);
        g.setFill(color);
        g.setFont(font);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(text, left, y);
        return tw;
    }

    private double width(String text, Font font) {
        String key = font.getName() + font.getSize() + '\u0000' + text;
        Double cached = widths.get(key);
        if (cached != null) return cached;
        if (widths.size() > 4000) widths.clear();
        measure.setFont(font);
        measure.setText(text);
        double tw = measure.getLayoutBounds().getWidth();
        widths.put(key, tw);
        return tw;
    }

    // ---- input ----

    private Row rowUnder(MouseEvent e) {
        DiagramModel m = getSkinnable().getModel();
        if (m == null || e.getY() < headerH) return null;
        int shown = getSkinnable().shownRows();
        measureRows(m);
        int i = rowAt(e.getY() - headerH + scroll.getValue(), shown);
        return i < 0 ? null : m.row(i);
    }

    private void onPressed(MouseEvent e) {
        getSkinnable().requestFocus();
        getSkinnable().select(rowUnder(e));
    }

    private void onMoved(MouseEvent e) {
        Row row = rowUnder(e);
        canvas.setCursor(row == null ? Cursor.DEFAULT : Cursor.HAND);
        if (row == hovered) return;
        hovered = row;
        String tip = row == null ? null : hoverText(row, getSkinnable().getMessages());
        if (tip == null) {
            if (tipInstalled) Tooltip.uninstall(canvas, hoverTip);
            tipInstalled = false;
        } else {
            if (hoverTip == null) {
                hoverTip = new Tooltip();
                hoverTip.setShowDelay(Duration.millis(250));
                hoverTip.setWrapText(true);
                hoverTip.setMaxWidth(560);
                hoverTip.setStyle("-fx-font-size: 16px;");
            }
            hoverTip.setText(tip);
            if (!tipInstalled) Tooltip.install(canvas, hoverTip);
            tipInstalled = true;
        }
    }

    /** What a hover explains: an errno in plain words, or that a segment was deduced rather than seen. */
    static String hoverText(Row row, Messages m) {
        String error = DiagramText.errorExplanation(row, m);
        if (error != null) return error;
        if (row instanceof Row.SegmentArrow s)
            return m.get("ui.diagram.details.origin." + (s.captured() ? "captured" : "inferred"));
        return null;
    }

    private void onScroll(ScrollEvent e) {
        scroll.setValue(Math.max(0, Math.min(scroll.getMax(), scroll.getValue() - e.getDeltaY())));
        e.consume();
    }

    private void onKey(KeyEvent e) {
        DiagramModel m = getSkinnable().getModel();
        int shown = getSkinnable().shownRows();
        if (m == null || shown == 0) return;
        Row sel = getSkinnable().getSelectedRow();
        int i = sel == null ? shown - 1 : sel.index();
        switch (e.getCode()) {
            case UP -> i = Math.max(0, i - 1);
            case DOWN -> i = Math.min(shown - 1, i + 1);
            case ESCAPE -> {
                getSkinnable().select(null);
                e.consume();
                return;
            }
            default -> {
                return;
            }
        }
        getSkinnable().select(m.row(i));
        scrollToRow(i);
        e.consume();
    }

    /** Scrolls so that row {@code i} is in view. */
    public void scrollToRow(int i) {
        DiagramModel m = getSkinnable().getModel();
        if (m == null || i < 0 || i >= m.rowCount()) return;
        measureRows(m);
        updateScrollRange();
        double view = viewHeight();
        if (rowTop[i] < scroll.getValue()) scroll.setValue(rowTop[i]);
        else
            if (rowTop[i + 1] > scroll.getValue() + view)
                scroll.setValue(Math.min(scroll.getMax(), rowTop[i + 1] - view));
    }

    /** The lines a narration row is drawn in (one for any other row); the window's tests check none is cut. */
    public List<String> linesOf(int i) {
        DiagramModel m = getSkinnable().getModel();
        fonts();
        return switch (m.row(i)) {
            case Row.NoteRow n -> noteLines(n);
            case Row.CaptureRow n -> noteLines(n);
            case Row.OlderRow n -> noteLines(n);
            default -> List.of(DiagramText.label(m.row(i), getSkinnable().getMessages()));
        };
    }

    /** Whether {@code text} drawn as a narration fits in the diagram's width. */
    public boolean fitsAsNarration(String text) {
        fonts();
        measure.setFont(italic);
        measure.setText(text);
        return measure.getLayoutBounds().getWidth() <= canvas.getWidth() - 8;
    }

    /** The y of a row's middle in the control's coordinates as it is scrolled now, for clicks in tests. */
    public double rowCenterY(int i) {
        DiagramModel m = getSkinnable().getModel();
        measureRows(m);
        return headerH + (rowTop[i] + rowTop[i + 1]) / 2 - scroll.getValue();
    }

    /** The height that shows every row up to the cursor without scrolling: the lifelines' heads, the rows, a margin. */
    public double contentHeight() {
        fonts();
        DiagramModel m = getSkinnable().getModel();
        if (m == null) return headerH;
        measureRows(m);
        return headerH + rowTop[getSkinnable().shownRows()] + fs;
    }

    /** What is drawn now, without the scroll bar: the picture File → Export saves. FX thread. */
    public javafx.scene.image.WritableImage picture() {
        if (dirty) draw();
        return canvas.snapshot(null, null);
    }

    /** The vertical scroll offset in pixels; the benchmark scrolls with it. */
    public ScrollBar scrollBar() {
        return scroll;
    }

    public int lastDrawnRow() {
        return lastDrawnRow;
    }
    public long lastDrawNs() {
        return lastDrawNs;
    }
}
