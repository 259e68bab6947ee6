package org.socketlab.ui.diagram;

import java.util.List;
import java.util.function.Consumer;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.value.ObservableValue;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.css.StyleableProperty;
import javafx.geometry.Orientation;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SkinBase;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import org.socketlab.i18n.Messages;
import org.socketlab.story.LabelPlaces;
import org.socketlab.story.TimeAxis;

/**
 * Draws the diagram on one Canvas the size of the viewport: only the rows in view are drawn, so a journal of
 * thousands of events scrolls as cheaply as a short one. Row tops are kept as prefix sums (two row heights:
 * arrows and marks), so finding the first visible row is a binary search.
 */
public final class SequenceDiagramSkin extends SkinBase<SequenceDiagram> {

    private final Canvas canvas = new Canvas();
    private final DiagramMetrics k = new DiagramMetrics();
    private final RowPainter painter;
    private final DiagramFrame frame;
    private final DiagramTextFit fit;
    private final ScrollBar scroll = new ScrollBar();
    /** Sideways, shown only when a row's label is wider than the view (issue 57: long calls were cut at the edge). */
    private final ScrollBar sideways = new ScrollBar();
    /** The hint over a row that explains something. */
    private final RowHoverTip hover = new RowHoverTip(canvas);
    private boolean dirty = true;
    private DiagramModel observedModel;
    /** Rows from the model's first changed row on are measured again: a late event may be told before rows shown. */
    private final InvalidationListener modelGrew = o -> {
        if (observedModel != null) k.measuredRows = Math.min(k.measuredRows, observedModel.firstChangedRow());
        dirty = true;
        getSkinnable().requestLayout();
    };

    /** Figures the benchmark reads: the last row drawn, the time the last frame took. */
    private int lastDrawnRow = -1;
    private long lastDrawNs;

    public SequenceDiagramSkin(SequenceDiagram control) {
        super(control);
        painter = new RowPainter(control, k);
        frame = new DiagramFrame(k, painter);
        fit = new DiagramTextFit(control, k, painter, canvas);
        scroll.setOrientation(Orientation.VERTICAL);
        sideways.setOrientation(Orientation.HORIZONTAL);
        sideways.setId("diagram-sideways");
        sideways.setVisible(false);
        getChildren().addAll(canvas, scroll, sideways);

        Consumer<Observable> redraw = o -> invalidate();
        registerInvalidationListener(control.positionProperty(), o -> {
            followCursor();
            invalidate();
        });
        registerInvalidationListener(control.selectedRowProperty(), redraw);
        registerInvalidationListener(control.headerScaleProperty(), redraw);
        registerInvalidationListener(control.messagesProperty(), o -> {
            k.remeasure(); // a narration in another language wraps otherwise
            invalidate();
        });
        registerInvalidationListener(control.modelProperty(), o -> observeModel());
        // A theme or zoom change restyles the colours and sizes: draw again at once, not on the next event.
        for (CssMetaData<? extends Styleable, ?> meta : SequenceDiagram.getClassCssMetaData())
            if (meta.getProperty().startsWith("-sl-"))
                registerInvalidationListener((ObservableValue<?>) styleable(meta, control), redraw);
        scroll.valueProperty().addListener(o -> invalidate());
        sideways.valueProperty().addListener(o -> invalidate());
        observeModel();

        canvas.setOnMousePressed(this::onPressed);
        canvas.setOnMouseMoved(this::onMoved);
        // The rows move under a still pointer when the diagram scrolls: a shown hint no longer names the row under it
        // (issue 43 item 9: an "Inferred…" hint stayed over the diagram), so it goes, as it does when the pointer leaves.
        scroll.valueProperty().addListener(o -> hover.forget());
        canvas.setOnMouseExited(e -> hover.forget());
        canvas.setOnScroll(this::onScroll);
        control.addEventHandler(KeyEvent.KEY_PRESSED, this::onKey);
    }

    @SuppressWarnings("unchecked")
    private static StyleableProperty<?> styleable(
            CssMetaData<? extends Styleable, ?> meta, SequenceDiagram c) {
        return ((CssMetaData<SequenceDiagram, ?>) meta).getStyleableProperty(c);
    }

    private void observeModel() {
        if (observedModel != null) observedModel.revisionProperty().removeListener(modelGrew);
        observedModel = getSkinnable().getModel();
        if (observedModel != null) observedModel.revisionProperty().addListener(modelGrew);
        k.measuredRows = 0;
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
        k.headerScale(getSkinnable().headerScaleProperty().get());
        k.fonts(getSkinnable().fontSize());
    }

    private void measureRows(DiagramModel m) {
        k.measureRows(m, getSkinnable().getMessages(), canvas.getWidth());
    }

    /** The width the rows are drawn at: the view's, or a long row's when its label is wider (then it scrolls). */
    private double contentWidth() {
        DiagramModel m = getSkinnable().getModel();
        if (m == null) return canvas.getWidth();
        measureRows(m);
        return k.contentWidth(m, canvas.getWidth());
    }

    private double viewHeight() {
        return Math.max(0, canvas.getHeight() - k.headerH);
    }

    // ---- layout and drawing ----

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        fonts();
        double barW = scroll.prefWidth(-1);
        double cw = Math.max(1, w - barW);
        if (canvas.getWidth() != cw) {
            k.measuredRows = 0; // narrations wrap to the new width
            canvas.setWidth(cw);
            dirty = true;
        }
        double wide = contentWidth();
        boolean across = wide > cw + 0.5;
        double barH = across ? sideways.prefHeight(-1) : 0, ch = Math.max(1, h - barH);
        boolean resized = canvas.getHeight() != ch;
        if (resized) {
            canvas.setHeight(ch);
            dirty = true;
        }
        canvas.relocate(x, y);
        scroll.resizeRelocate(x + cw, y, barW, ch);
        sideways.setVisible(across);
        sideways.resizeRelocate(x, y + ch, cw, barH);
        sideways.setMax(Math.max(0, wide - cw));
        sideways.setVisibleAmount(cw * Math.max(1, wide - cw) / Math.max(1, wide));
        sideways.setUnitIncrement(k.fs * 2);
        sideways.setBlockIncrement(cw * 0.9);
        if (sideways.getValue() > sideways.getMax()) sideways.setValue(sideways.getMax());
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
            content = k.rowTop[getSkinnable().shownRows()];
        }
        double max = Math.max(0, content + k.fs - viewHeight());
        // Scrolled to the end, the view starts with a whole row too (a little more room under the last one).
        if (max > 0 && m != null) max = Math.max(max, wholeRowAtTop(max, getSkinnable().shownRows()));
        scroll.setMax(max);
        scroll.setVisibleAmount(viewHeight() * Math.max(1, max) / Math.max(1, content));
        scroll.setUnitIncrement(k.arrowRowH);
        scroll.setBlockIncrement(Math.max(k.arrowRowH, viewHeight() * 0.9));
        if (scroll.getValue() > max) scroll.setValue(max);
    }

    /**
     * Keeps the row being drawn in view while playback moves; in a lesson, the step's story with it
     * ({@link StoryFollow}).
     */
    private void followCursor() {
        SequenceDiagram c = getSkinnable();
        DiagramModel m = c.getModel();
        if (!c.followCursorProperty().get() || m == null || canvas.getHeight() <= 0) return;
        fonts();
        measureRows(m);
        int shown = c.shownRows();
        if (shown == 0) return;
        updateScrollRange();
        int story = StoryFollow.storyStart(m, shown, c.stepNarrationProperty().get(), c.lessonEndProperty().get());
        double offset = StoryFollow.offset(k.rowTop, story, shown, i -> m.row(i) instanceof Row.CallRow, viewHeight(),
                k.fs * 0.5, scroll.getValue(), o -> wholeRowAtTop(o, shown));
        scroll.setValue(Math.min(scroll.getMax(), offset));
    }

    /**
     * The first row top at or below {@code offset}: the view starts with a whole row, never with an arrow whose label
     * is under the lifelines' heads (issue 43 item 3: after a refused connect the [SYN] label was, so the SYN and its
     * RST were never seen together). The newest rows stay in view; when the step's rows all fit, so does its start.
     */
    private double wholeRowAtTop(double offset, int shown) {
        int i = k.rowAt(offset, shown);
        if (i < 0 || k.rowTop[i] >= offset - 0.5) return offset;
        return i + 1 < shown ? k.rowTop[i + 1] : offset;
    }

    private void draw() {
        long t0 = System.nanoTime();
        dirty = false;
        int shown = frame.paint(getSkinnable(), canvas, scroll.getValue(), sideways.getValue());
        if (shown < 0) return; // no model: the background alone
        lastDrawnRow = shown - 1;
        lastDrawNs = System.nanoTime() - t0;
    }

    // ---- input ----

    private Row rowUnder(MouseEvent e) {
        DiagramModel m = getSkinnable().getModel();
        if (m == null || e.getY() < k.headerH) return null;
        int shown = getSkinnable().shownRows();
        measureRows(m);
        int i = k.rowAt(e.getY() - k.headerH + scroll.getValue(), shown);
        return i < 0 ? null : m.row(i);
    }

    private void onPressed(MouseEvent e) {
        getSkinnable().requestFocus();
        getSkinnable().select(rowUnder(e));
    }

    private void onMoved(MouseEvent e) {
        if (e.getY() < k.headerH) { // over the lifelines' heads: a title drawn short is whole in the tooltip
            canvas.setCursor(Cursor.DEFAULT);
            hover.overTitle(painter.headTitleAt(e.getX() + (sideways.isVisible() ? sideways.getValue() : 0)));
            return;
        }
        String fold = foldUnder(e);
        if (fold != null) { // a folded gap's length drawn short in a narrow view: whole in the tooltip
            canvas.setCursor(Cursor.DEFAULT);
            hover.overTitle(fold);
            return;
        }
        Row row = rowUnder(e);
        canvas.setCursor(row == null ? Cursor.DEFAULT : Cursor.HAND);
        hover.over(row, getSkinnable().getMessages());
    }

    /** The whole text of the fold's label under the pointer when it is drawn shorter; null over none. */
    private String foldUnder(MouseEvent e) {
        DiagramModel m = getSkinnable().getModel();
        if (m == null) return null;
        measureRows(m);
        if (k.time == null) return null;
        double x = e.getX() + (sideways.isVisible() ? sideways.getValue() : 0);
        double y = e.getY() - k.headerH + scroll.getValue();
        for (TimeAxis.Fold f : k.time.axis().folds()) {
            TimedLabels.FoldLabel label = TimedLabels.fold(k, getSkinnable().getMessages(), f, canvas.getWidth());
            LabelPlaces.Box b = label.halo();
            if (!label.shown().equals(label.whole()) && x >= b.left() && x <= b.right() && y >= b.top()
                    && y <= b.bottom())
                return label.whole();
        }
        return null;
    }

    /** What a hover explains: an errno in plain words, or that a segment was deduced rather than seen. */
    static String hoverText(Row row, Messages m) {
        return RowHoverTip.text(row, m);
    }

    /** The wheel scrolls down; sideways with Shift (or a sideways wheel or touchpad swipe) when a row is wider. */
    private void onScroll(ScrollEvent e) {
        double across = e.getDeltaX() != 0 ? e.getDeltaX() : e.isShiftDown() ? e.getDeltaY() : 0;
        if (across != 0) sideways.setValue(clamp(sideways.getValue() - across, sideways.getMax()));
        else scroll.setValue(clamp(scroll.getValue() - e.getDeltaY(), scroll.getMax()));
        e.consume();
    }

    private static double clamp(double value, double max) {
        return Math.max(0, Math.min(max, value));
    }

    private void onKey(KeyEvent e) {
        DiagramModel m = getSkinnable().getModel();
        int shown = getSkinnable().shownRows();
        if (m == null || shown == 0) return;
        Row sel = getSkinnable().getSelectedRow();
        int i = sel == null ? shown - 1 : sel.index();
        if (e.isShiftDown() && (e.getCode() == KeyCode.LEFT || e.getCode() == KeyCode.RIGHT)) {
            // Shift as with the wheel: plain Right is the lesson's next step
            double step = (e.getCode() == KeyCode.LEFT ? -1 : 1) * sideways.getUnitIncrement();
            sideways.setValue(clamp(sideways.getValue() + step, sideways.getMax()));
            e.consume();
            return;
        }
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
        if (k.rowTop[i] < scroll.getValue()) scroll.setValue(k.rowTop[i]);
        else
            if (k.rowTop[i + 1] > scroll.getValue() + view)
                scroll.setValue(Math.min(scroll.getMax(), k.rowTop[i + 1] - view));
    }

    /** The lines a narration row is drawn in (one for any other row); the window's tests check none is cut. */
    public List<String> linesOf(int i) {
        return fit.linesOf(i);
    }

    /**
     * Whether the role names under the lifelines' heads keep a gap between neighbours at this width, as drawn or (tests
     * that can fail) as whole words in the heads' small type.
     */
    public boolean headerRolesApart(boolean wholeWords) {
        return fit.headerRolesApart(wholeWords);
    }

    /** The rows up to the cursor whose label (a line of it) is wider than the diagram: drawn past its edge. */
    public List<String> labelsPastTheEdge() {
        return fit.labelsPastTheEdge();
    }

    /**
     * The calls up to the cursor whose label is no wider than the view but is drawn past its right edge, where its
     * program's lifeline puts its start: smaller type brings them into view. A label wider than the view is not one:
     * the view scrolls sideways to it.
     */
    public List<String> labelsRunningPastTheView() {
        DiagramModel m = getSkinnable().getModel();
        if (m == null) return List.of();
        fonts();
        measureRows(m);
        return fit.labelsRunningPastTheView();
    }

    /** Whether {@code text} drawn as a narration fits in the diagram's width. */
    public boolean fitsAsNarration(String text) {
        return fit.fitsAsNarration(text);
    }

    /** Whether row {@code i} is wholly in view, under the lifelines' heads (tests). */
    public boolean wholeInView(int i) {
        measureRows(getSkinnable().getModel());
        double top = scroll.getValue();
        return k.rowTop[i] >= top - 0.5 && k.rowTop[i + 1] <= top + viewHeight() + 0.5;
    }

    /** Whether rows {@code from} to {@code to} (both drawn) fit the view together (tests). */
    public boolean fitTogether(int from, int to) {
        measureRows(getSkinnable().getModel());
        return k.rowTop[to + 1] - k.rowTop[from] <= viewHeight() + 0.5;
    }

    /** The view's height, the top of row {@code from}, the bottom of row {@code to} and the scroll offset (tests). */
    public double[] measuresOf(int from, int to) {
        measureRows(getSkinnable().getModel());
        return new double[]{viewHeight(), k.rowTop[from], k.rowTop[to + 1], scroll.getValue()};
    }

    /** Whether the view shows the step the cursor is in as {@link StoryFollow} keeps it (tests). */
    public boolean stepInView() {
        SequenceDiagram c = getSkinnable();
        measureRows(c.getModel());
        int shown = c.shownRows(), story = StoryFollow.storyStart(c.getModel(), shown, c.stepNarrationProperty().get(),
                c.lessonEndProperty().get());
        return shown == 0 || StoryFollow.shows(k.rowTop, story, shown, i -> c.getModel().row(i) instanceof Row.CallRow,
                viewHeight(), scroll.getValue());
    }

    /** Whether the row at the top of the view starts there: no row is half hidden under the lifelines' heads (tests). */
    public boolean topRowWhole() {
        measureRows(getSkinnable().getModel());
        int shown = getSkinnable().shownRows();
        int i = k.rowAt(scroll.getValue(), shown);
        return i < 0 || k.rowTop[i] >= scroll.getValue() - 0.5;
    }

    /** The y of a row's middle in the control's coordinates as it is scrolled now, for clicks in tests. */
    public double rowCenterY(int i) {
        DiagramModel m = getSkinnable().getModel();
        measureRows(m);
        return k.headerH + (k.rowTop[i] + k.rowTop[i + 1]) / 2 - scroll.getValue();
    }

    /**
     * The control's height that shows every row up to the cursor without scrolling: the lifelines' heads, the rows, a
     * margin, and the control's border. Without the border the view was two pixels short, and scrolled to its end it
     * started at the second row: an exported picture lost its first rows and its ruler's first marks under the heads.
     */
    public double contentHeight() {
        fonts();
        DiagramModel m = getSkinnable().getModel();
        double border = getSkinnable().snappedTopInset() + getSkinnable().snappedBottomInset();
        if (m == null) return k.headerH + border;
        measureRows(m);
        return k.headerH + k.rowTop[getSkinnable().shownRows()] + k.fs + border;
    }

    /** What is drawn now, without the scroll bar: the picture File → Export saves. FX thread. */
    public WritableImage picture() {
        if (dirty) draw();
        return canvas.snapshot(null, null);
    }

    /**
     * The text as this diagram places and draws it, drawn to time (issue 78's tests: the window's canvas draws what
     * {@link DiagramTextBoxes#of(DiagramModel, Messages, double, double)} computes without a window).
     */
    public DiagramTextBoxes drawnText() {
        DiagramModel m = getSkinnable().getModel();
        fonts();
        measureRows(m);
        return DiagramTextBoxes.of(k, m, getSkinnable().getMessages(), canvas.getWidth());
    }

    /** The view's width and the height of the heads over the rows (tests). */
    public double[] viewAndHeads() {
        fonts();
        return new double[]{canvas.getWidth(), k.headerH, canvas.getHeight()};
    }

    /** The sideways scroll bar, shown when a row's label is wider than the view (tests). */
    public ScrollBar sidewaysBar() {
        return sideways;
    }

    /**
     * Where row {@code i}'s one-line label starts and ends in the view as scrolled sideways now, and the view's width
     * (tests: its start and, scrolled, its end can be read).
     */
    public double[] labelInView(int i) {
        DiagramModel m = getSkinnable().getModel();
        measureRows(m);
        double wide = k.contentWidth(m, canvas.getWidth());
        double[] span = painter.labelSpan(m, m.row(i), k.columns(m, canvas.getWidth()), wide,
                getSkinnable().getMessages());
        return new double[]{span[0] - sideways.getValue(), span[1] - sideways.getValue(), canvas.getWidth()};
    }

    /**
     * Where each endpoint's name in the lifelines' heads is centred, as the view's width places it (tests), and, in
     * {@code roles}, the lifelines a role name ("program", "kernel") is written under.
     */
    public List<String> headerPlaces() {
        return fit.headerPlaces();
    }

    /** Where each lifeline stands in the view as scrolled sideways now (tests: the server's stay in view). */
    public double[] lifelinesInView() {
        DiagramModel m = getSkinnable().getModel();
        measureRows(m);
        double[] x = k.columns(m, canvas.getWidth()).clone();
        for (int i = 0; i < x.length; i++) x[i] -= sideways.getValue();
        return x;
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
