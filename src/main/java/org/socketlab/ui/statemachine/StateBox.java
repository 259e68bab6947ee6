package org.socketlab.ui.statemachine;

import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextAlignment;
import org.socketlab.i18n.Messages;
import org.socketlab.ui.common.EndpointStyle;

/** A state: its RFC name and a badge per socket in it, framed in the endpoint's colour when occupied. */
final class StateBox extends VBox {
    /** A box's padding and its occupied border, on either side, in logical px ({@code statemachine.css}). */
    static final double BOX_INSET = 12;

    final TcpDiagram.Node node;
    private final Label name = new Label();
    /** Where the badges go: under the name, or (a box alone in its row) the name's own line. */
    final Pane badges;
    private final boolean wide;

    /**
     * {@code wide} > 0: the badges on the name's line, the box growing about its centre up to that width. Else each
     * badge on its own line under the name, inside the box's width: {@code narrow}, wrapped (its rows make room);
     * else in smaller type first (the other drawings' rows are close together), wrapped only past that.
     */
    StateBox(TcpDiagram.Node node, double boxH, double wide, boolean narrow) {
        this.node = node;
        this.wide = wide > 0;
        setId("state-" + node.id());
        getStyleClass().add("state-box");
        name.setText(node.state());
        name.getStyleClass().add("state-name");
        NameLine flow = this.wide ? new NameLine(wide - 2 * BOX_INSET) : null;
        badges = flow != null ? flow : new BadgeColumn(!narrow);
        badges.getStyleClass().add("state-badges");
        setAlignment(Pos.CENTER);
        // The canvas (a plain Pane) sizes children to their preferred size: make that the box size.
        setMinWidth(TcpDiagram.BOX_W);
        setPrefWidth(TcpDiagram.BOX_W);
        setMaxWidth(this.wide ? wide : TcpDiagram.BOX_W);
        if (this.wide) setPrefWidth(USE_COMPUTED_SIZE);
        setMinHeight(boxH);
        if (this.wide) {
            flow.getChildren().add(name);
            getChildren().add(flow);
        } else {
            getChildren().addAll(name, badges);
            badges.setVisible(false);
            badges.setManaged(false);
        }
    }

    void show(List<StateMachineViewModel.Badge> in, Messages messages) {
        getStyleClass().removeIf(c -> c.startsWith("ep-") || c.equals("occupied") || c.equals("mixed"));
        badges.getChildren().removeIf(n -> n != name);
        if (badges instanceof NameLine line) line.newBadges();
        if (badges instanceof BadgeColumn column) column.newBadges();
        if (!wide) {
            badges.setVisible(!in.isEmpty());
            badges.setManaged(!in.isEmpty());
        }
        if (in.isEmpty()) return;
        getStyleClass().add("occupied");
        long endpoints = in.stream().map(StateMachineViewModel.Badge::endpoint).distinct().count();
        getStyleClass().add(endpoints == 1 ? EndpointStyle.of(in.getFirst().endpoint()) : "mixed");
        for (StateMachineViewModel.Badge b : in) {
            String text = StateMachineViewModel.badgeText(b, messages);
            // Wrapped, a number stays with its word: "Server ·" over "fd 4", never "Server · fd" over "4".
            if (badges instanceof VBox) text = text.replaceAll(" (\\d)", "\u00a0$1");
            Label badge = new Label(text);
            badge.getStyleClass().addAll("fd-badge", EndpointStyle.of(b.endpoint()));
            if (badges instanceof VBox) {
                badge.setWrapText(true);
                badge.setTextAlignment(TextAlignment.CENTER);
                badge.setMinHeight(USE_PREF_SIZE);
            } else badge.setMinWidth(Region.USE_PREF_SIZE); // whole: "Servidor 2 · fd 4", never "Servidor 2 · f..."
            if (!b.open()) badge.getStyleClass().add("closed");
            badges.getChildren().add(badge);
        }
    }
}
