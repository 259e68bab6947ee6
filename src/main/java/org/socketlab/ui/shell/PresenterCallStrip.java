package org.socketlab.ui.shell;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.socketlab.ui.endpoint.EndpointViewModel;
import org.socketlab.ui.endpoint.SocketCall;
import org.socketlab.ui.playback.PlaybackModel;

/**
 * Presenter mode's bottom strip: the client's and the server's calls (presses make the real calls, as in the panes),
 * the panes' messages and what the Network control has in force, all in type read from the back of the room.
 */
final class PresenterCallStrip {
    /** The calls' text in presenter mode is never smaller than this, in px. */
    static final int CALL_FONT_PX = 20;
    /** The calls' buttons are at least this high, in px: a target the presenter hits without looking. */
    static final int CALL_TARGET_PX = 44;
    /**
     * The calls' text grows with the zoom up to this many times {@link #CALL_FONT_PX}: the presenter's targets, not what
     * the room reads. At 200 % their rows (39 px type) took the state machine's height, a thumbnail at 1280x720 (issue 57).
     */
    static final double MOST_CALL_FONT_SCALE = 1.1;
    static final List<SocketCall> CLIENT_CALLS = List.of(SocketCall.SOCKET, SocketCall.CONNECT, SocketCall.SEND,
            SocketCall.RECV,
            SocketCall.SENDTO, SocketCall.RECVFROM, SocketCall.SHUTDOWN, SocketCall.CLOSE);
    static final List<SocketCall> SERVER_CALLS = List.of(SocketCall.SOCKET, SocketCall.BIND, SocketCall.LISTEN,
            SocketCall.ACCEPT,
            SocketCall.SEND, SocketCall.RECV, SocketCall.RECVFROM, SocketCall.SENDTO, SocketCall.CLOSE);

    private final ShellViewModel vm;
    /** This session's playback: a press brings it back to live. */
    private final PlaybackModel playback;
    private final BooleanProperty machineShown;
    /** The link dropped while the strip's button is held (as F9 and D). */
    private final HoldToDrop dropKeys;

    /** "Share with the room" while nothing is shared, "Stop sharing" while it is. */
    private final Runnable onShare;

    PresenterCallStrip(ShellViewModel vm, PlaybackModel playback, BooleanProperty machineShown, HoldToDrop dropKeys,
            Runnable onShare) {
        this.vm = vm;
        this.onShare = onShare;
        this.playback = playback;
        this.machineShown = machineShown;
        this.dropKeys = dropKeys;
    }

    /** The client's and the server's calls in one wrapping strip, under the messages and the network's line. */
    Node build() {
        VBox strip = new VBox(6);
        strip.setId("presenter-calls");
        strip.getStyleClass().add("presenter-calls");
        strip.setPadding(new Insets(6, 10, 6, 10));
        // Big enough to hit on a projector and to read from the room: text of CALL_FONT_PX at least, targets of
        // CALL_TARGET_PX.
        strip.styleProperty().bind(Bindings.createStringBinding(
                () -> "-fx-font-size: " + Math.max(CALL_FONT_PX,
                        Math.min(vm.fontSizeProperty().get() * 1.3, CALL_FONT_PX * MOST_CALL_FONT_SCALE)) + "px;",
                vm.fontSizeProperty()));
        EndpointViewModel client = vm.activeClientProperty().get();
        EndpointViewModel server = vm.server();
        strip.getChildren().add(side("ui.endpoint.client", "client", CLIENT_CALLS, client));
        strip.getChildren().add(side("ui.endpoint.server", "server", SERVER_CALLS, server));
        ((FlowPane) strip.getChildren().getLast()).getChildren().add(PresenterMachineColumn.toggle(
                vm.texts(), machineShown, CALL_TARGET_PX));
        // Touch: held, the link drops. At the client's row's end, which has room for it: on the server's, full at 1280,
        // it made the strip a row taller and the state machine beside the diagram shorter (names of 18 px).
        ((FlowPane) strip.getChildren().getFirst()).getChildren().add(
                dropKeys.button(vm.texts(), "presenter-drop-hold", CALL_TARGET_PX));
        ((FlowPane) strip.getChildren().getFirst()).getChildren().add(shareButton());
        return new VBox(message(client, server), networkLine(), strip);
    }

    /** Share with the room, or Stop sharing while it is shared (issue 80). */
    private Button shareButton() {
        var room = vm.room();
        Button share = new Button(null, new FontIcon(Feather.SHARE_2));
        share.setId("presenter-share");
        share.setMnemonicParsing(false);
        share.setMinHeight(CALL_TARGET_PX);
        share.setFocusTraversable(false); // Space is "next step", never a press
        // An icon, its words in the tooltip and for a screen reader: with words, at 1024x768 in Spanish the client's row
        // wrapped, and the strip a row taller took the state machine's names under 20 px.
        share.setMinWidth(CALL_TARGET_PX);
        share.accessibleTextProperty().bind(Bindings.when(room.sharingProperty())
                .then(vm.texts().text("ui.share.stop"))
                .otherwise(vm.texts().text("ui.share.menu")));
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(Bindings.concat(share.accessibleTextProperty(), "\n",
                vm.texts().text("ui.share.menu.tooltip")));
        tip.setWrapText(true);
        tip.setMaxWidth(480);
        share.setTooltip(tip);
        share.setOnAction(e -> onShare.run());
        return share;
    }

    /** The playback back at the end of the journal and following it, so the next event is drawn in the next frame. */
    private void followLive() {
        if (playback.liveProperty().get()) return;
        playback.jumpToEnd();
        playback.setLive(true);
    }

    /**
     * The panes' messages (a press refused, an invalid input, "answer the question first"), which the main window
     * shows in panes the presenter window covers: one line above the calls, each with its side's name.
     */
    private Label message(EndpointViewModel client, EndpointViewModel server) {
        var texts = vm.texts();
        Label line = new Label(null,
                new FontIcon(Feather.ALERT_CIRCLE));
        line.setId("presenter-message");
        line.getStyleClass().add("presenter-message");
        line.setWrapText(true);
        line.textProperty().bind(Bindings.createStringBinding(() -> {
            List<String> said = new ArrayList<>();
            if (!client.messageProperty().get().isEmpty())
                said.add(texts.messages().get("ui.endpoint.client") + ": " + client.messageProperty().get());
            if (!server.messageProperty().get().isEmpty())
                said.add(texts.messages().get("ui.endpoint.server") + ": " + server.messageProperty().get());
            return String.join("   ", said);
        }, client.messageProperty(), server.messageProperty(), texts.messagesProperty()));
        line.visibleProperty().bind(line.textProperty().isNotEmpty());
        line.managedProperty().bind(line.visibleProperty());
        return line;
    }

    /** What the Network control has in force (a loss armed), for the audience; there only while one is. */
    private Label networkLine() {
        var network = vm.network();
        Label line = new Label(null,
                new FontIcon(Feather.WIFI_OFF));
        line.setId("presenter-network");
        line.getStyleClass().add("presenter-message");
        line.setWrapText(true);
        line.textProperty().bind(network.statusProperty());
        line.visibleProperty().bind(network.armedProperty());
        line.managedProperty().bind(line.visibleProperty());
        return line;
    }

    private FlowPane side(String titleKey, String id, List<SocketCall> calls, EndpointViewModel endpoint) {
        Label title = new Label();
        title.textProperty().bind(vm.texts().text(titleKey));
        title.getStyleClass().add("endpoint-" + id);
        title.setStyle("-fx-font-weight: bold;");
        title.setMinWidth(Region.USE_PREF_SIZE);
        FlowPane box = new FlowPane(6, 6, title); // a side wraps its calls rather than cut them on a 1024-px projector
        box.setAlignment(Pos.CENTER_LEFT);
        for (SocketCall call : calls) {
            Button b = new Button(call.cName());
            b.textProperty().bind(endpoint.buttonText(call)); // "accept(3)": accept takes the listener
            b.setId("presenter-" + id + "-" + call.cName());
            b.getStyleClass().add("call-button");
            b.setMinWidth(Region.USE_PREF_SIZE);
            b.setMinHeight(CALL_TARGET_PX);
            b.setFocusTraversable(false); // Space is "next step", never a press
            b.setOnAction(e -> {
                followLive(); // a live demo: what the press does is drawn now, whatever step the clicker showed
                endpoint.run(call);
            });
            box.getChildren().add(b);
        }
        return box;
    }
}
