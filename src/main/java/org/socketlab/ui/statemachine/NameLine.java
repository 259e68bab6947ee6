package org.socketlab.ui.statemachine;

import java.util.List;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * A box's name and its badges on one line while they fit {@code most} px, the badges wrapped under the name when they
 * do not: three endpoints in ESTABLISHED (a forked child's connection) read "ESTABLI... Cliente · f...".
 */
final class NameLine extends FlowPane {
    /** The least share of their stylesheet's type the badges are set in, to keep to two lines. */
    static final double LEAST_BADGE_SCALE = 0.6;
    /** The badges' type now, a share of their stylesheet's. */
    private double badgeScale = 1;

    NameLine(double most) {
        super(8, 2); // two lines of badges fit between the dense drawing's rows (88 px high would touch them)
        setPrefWrapLength(most);
    }

    /** The badges' type in their stylesheet (measured while they are set in it), or null before. */
    private Font badgeFont;
    private final Text measure = new Text();

    /** New badges came, in their stylesheet's type. */
    void newBadges() {
        badgeScale = 1;
        badgeFont = null;
    }

    /**
     * The badges' type a little smaller while the name and the badges would take more than two lines: a third line
     * made the box cover the boxes above and below it (the dense drawing's rows are close together). After CSS.
     */
    void keepToTwoLines() {
        List<Node> all = getManagedChildren();
        if (all.size() < 2) return;
        if (badgeFont == null) {
            if (badgeScale != 1) return;
            badgeFont = ((Label) all.get(1)).getFont();
        }
        double most = getPrefWrapLength(), gap = snapSpaceX(getHgap()),
                name = snapSizeX(all.getFirst().prefWidth(-1));
        double[] text = new double[all.size() - 1], pad = new double[text.length];
        measure.setFont(badgeFont);
        for (int i = 0; i < text.length; i++) {
            Label badge = (Label) all.get(i + 1);
            pad[i] = badge.snappedLeftInset() + badge.snappedRightInset() + 2;
            measure.setText(badge.getText());
            text[i] = measure.getLayoutBounds().getWidth(); // in the stylesheet's type, whatever it is set in now
        }
        double scale = 1;
        while (scale > LEAST_BADGE_SCALE + 1e-9 && lines(name, text, pad, scale, most, gap) > 2) scale -= 0.05;
        if (Math.abs(scale - badgeScale) < 1e-9) return;
        String style = scale == 1
                ? ""
                : String.format(Locale.ROOT, "-fx-font-size: %.2fpx;", badgeFont.getSize() * scale);
        for (int i = 1; i < all.size(); i++) all.get(i).setStyle(style);
        badgeScale = scale;
    }

    /** How many lines the flow makes of the name and the badges at {@code scale} of their type. */
    private double lines(double name, double[] text, double[] pad, double scale, double most, double gap) {
        int lines = 1;
        double run = name;
        for (int i = 0; i < text.length; i++) {
            double w = snapSizeX(text[i] * scale + pad[i]);
            if (run + gap + w > most) {
                lines++;
                run = w;
            } else run += gap + w;
        }
        return lines;
    }

    /** As wide as the one line, up to {@code most}: a box with one short badge stays as narrow as before. */
    @Override
    protected double computePrefWidth(double height) {
        double line = 0;
        int shown = 0;
        for (Node n : getManagedChildren()) { // as the flow pane measures them when it lays them out
            line += snapSizeX(n.prefWidth(-1));
            shown++;
        }
        line += Math.max(0, shown - 1) * snapSpaceX(getHgap()) + snappedLeftInset() + snappedRightInset();
        return Math.min(Math.ceil(line) + 1, super.computePrefWidth(height));
    }
}
