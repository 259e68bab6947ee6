package org.socketlab.ui.diagram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.text.Font;
import javafx.scene.text.FontPosture;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import org.socketlab.i18n.Messages;

/**
 * The diagram's measures at its font size: the fonts, the two row heights (arrows and marks), narrations wrapped to
 * the width, the rows' tops as prefix sums (so finding the first visible row is a binary search), the lifelines'
 * columns, and text widths (cached). Used by {@link SequenceDiagramSkin} and {@link RowPainter}.
 */
final class DiagramMetrics {
    private static final String MONO = "DejaVu Sans Mono";
    private static final String SANS = "DejaVu Sans";

    final Text measure = new Text();
    private final Map<String, Double> widths = new HashMap<>();
    /** rowTop[i] is the top of row i, rowTop[n] the bottom of the rows measured. */
    double[] rowTop = new double[64];
    int measuredRows;
    private double measuredFontSize = -1;

    // fonts and sizes for the current -sl-font-size
    double fs, headerH, arrowRowH, markRowH, head;
    Font mono, monoSmall, sans, sansBold, sansSmall, italic;

    /** Rows are measured again from the first (a language switch wraps narrations anew). */
    void remeasure() {
        widths.clear();
        measuredRows = 0;
    }

    /** Sizes for the control's font size {@code size} (-sl-font-size); nothing changes when it is the same. */
    void fonts(double size) {
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

    double height(Row row, Messages msg, double canvasWidth) {
        return switch (row) {
            case Row.CallRow c -> arrowRowH;
            case Row.SegmentArrow s -> arrowRowH + (segmentLines(s, msg, canvasWidth).size() - 1) * noteLineH();
            case Row.BlockedRow b -> markRowH;
            case Row.CancelledRow c -> markRowH;
            case Row.ProcessRow p -> markRowH;
            case Row.StateMark s -> markRowH;
            case Row.QueueMark q -> markRowH;
            case Row.TcpInfoMark t -> markRowH;
            case Row.NoteRow n -> markRowH + (noteLines(n, msg, canvasWidth).size() - 1) * noteLineH();
            case Row.CaptureRow n -> markRowH + (noteLines(n, msg, canvasWidth).size() - 1) * noteLineH();
            case Row.OlderRow o -> markRowH + (noteLines(o, msg, canvasWidth).size() - 1) * noteLineH();
        };
    }

    /** The distance between two lines of a wrapped narration. */
    double noteLineH() {
        return Math.round(fs * 1.15);
    }

    /**
     * A row of text across the diagram (a narration, the capture's status, the older rows' mark) in lines no wider than
     * the diagram: wrapped, never cut at the right edge. One line before the diagram has a width.
     */
    List<String> noteLines(Row row, Messages msg, double canvasWidth) {
        if (msg == null || italic == null) return List.of("");
        String text = DiagramText.label(row, msg);
        double room = canvasWidth - fs * 1.5;
        if (room < fs * 3) return List.of(text); // no width yet
        return wrap(text, italic, room);
    }

    /**
     * A segment's label in lines no wider than the diagram (issue 43 item 4: "✗ lost: it left, and never arrived
     * (dropped by the receiver's input)" ran past the right edge): the first above the arrow, the rest under it.
     */
    List<String> segmentLines(Row.SegmentArrow row, Messages msg, double canvasWidth) {
        if (msg == null || sans == null) return List.of("");
        String text = DiagramText.label(row, msg);
        double room = canvasWidth - fs * 1.5;
        if (room < fs * 3) return List.of(text); // no width yet
        return wrap(text, row.captured() ? sans : italic, room);
    }

    /** {@code text} in lines of whole words no wider than {@code room} in {@code font} (a longer word is a line alone). */
    List<String> wrap(String text, Font font, double room) {
        List<String> lines = new ArrayList<>();
        measure.setFont(font);
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
    void measureRows(DiagramModel m, Messages msg, double canvasWidth) {
        int n = m.rowCount();
        if (rowTop.length < n + 1) rowTop = Arrays.copyOf(rowTop, Math.max(n + 1, rowTop.length * 2));
        if (measuredRows == 0) rowTop[0] = 0;
        for (int i = measuredRows; i < n; i++) rowTop[i + 1] = rowTop[i] + height(m.row(i), msg, canvasWidth);
        measuredRows = n;
    }

    /** The row at content offset {@code y}, or -1. */
    int rowAt(double y, int shown) {
        if (shown == 0 || y < 0 || y >= rowTop[shown]) return -1;
        int lo = 0, hi = shown - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (rowTop[mid] <= y) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    double width(String text, Font font) {
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
}
