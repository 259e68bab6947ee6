package org.socketlab.ui;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.text.Text;

/** Finds what the window shows cut: a label or button whose text is shortened to "...", an input narrower than its text. */
public final class Truncation {
    private Truncation() {
    }

    /**
     * What must show whole under {@code root}: every label, button, tab, menu button and table cell shown (every
     * {@link Labeled} in the scene graph, not a chosen few), and the inputs of the watched parts (toolbar, call panes,
     * playback bar...). Descriptions of those whose text does not show whole. FX thread.
     */
    public static List<String> under(Parent root) {
        List<String> cut = new ArrayList<>();
        walk(root, false, cut);
        return cut;
    }

    private static final List<String> WATCHED = List.of("app-toolbar", "call-button", "column-header",
            "endpoint-inputs",
            "playback-bar", "tab-header-area", "pane-title", "endpoint-title", "presenter-calls");

    private static void walk(Node n, boolean watched, List<String> cut) {
        if (!n.isVisible()) return;
        boolean here = watched || WATCHED.stream().anyMatch(c -> n.getStyleClass().contains(c) || c.equals(n.getId()));
        if (n instanceof Labeled l) check(l, cut);
        if (here && n instanceof TextField f) check(f, cut);
        if (n instanceof Parent p) for (Node c : p.getChildrenUnmodifiable()) walk(c, here, cut);
    }

    private static void check(Labeled l, List<String> cut) {
        String text = l.getText();
        if (text == null || text.isEmpty() || l.getContentDisplay() == ContentDisplay.GRAPHIC_ONLY) return;
        // The skin's text node (style class "text"; icons are Text nodes too) holds what is drawn: the text, or its shortened form ending in the ellipsis.
        for (Node child : l.getChildrenUnmodifiable())
            if (child instanceof Text shown && child.getStyleClass().contains("text") && child.isVisible()
                    && !text.equals(shown.getText())
                    && !text.replace("\n", " ").equals(shown.getText().replace("\n", " ")))
                cut.add(describe(l) + " shows \"" + shown.getText() + "\" for \"" + text + "\"");
    }

    private static void check(TextField f, List<String> cut) {
        String text = f.getText();
        if (text == null || text.isEmpty()) return;
        Text measure = new Text(text);
        measure.setFont(f.getFont());
        double room = f.getWidth() - f.snappedLeftInset() - f.snappedRightInset();
        if (measure.getLayoutBounds().getWidth() > room + 0.5)
            cut.add(describe(f) + " is " + Math.round(room) + " px for \"" + text + "\" ("
                    + Math.round(measure.getLayoutBounds().getWidth()) + " px)");
    }

    static String describe(Node n) {
        Bounds b = n.localToScene(n.getLayoutBounds());
        return n.getClass().getSimpleName() + (n.getId() != null ? "#" + n.getId() : "") + " at "
                + Math.round(b.getMinX()) + "," + Math.round(b.getMinY());
    }
}
