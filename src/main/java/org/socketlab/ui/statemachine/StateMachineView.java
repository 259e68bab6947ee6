package org.socketlab.ui.statemachine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.socketlab.i18n.Names;
import org.socketlab.ui.common.EndpointStyle;
import org.socketlab.ui.common.ViewSubscriptions;

/**
 * The state machine panel: the TCP diagram, a line on the last transition, and the datagram strip. The diagram is the
 * labelled drawing when the pane can show all of it with its labels at the zoom's size (the pane filling the window,
 * a big screen); else the compact drawing scaled to fit whole, when its state names still read at least the narrow
 * drawing's least size (the front, F6, and the low bottom pane, issue 43 item 5); else, in a side column, the narrow
 * drawing: names readable, the machine scrolled to the state that matters now and where it can go next (issue 57).
 */
public final class StateMachineView extends VBox {
    /** A pane narrower than this, in px, is a side column: the tab names the machine, the drawing takes the title's line. */
    static final double COLUMN_PX = 420;
    private final StateMachineDiagram full = new StateMachineDiagram();
    private final StateMachineDiagram fitted = new StateMachineDiagram(true, true);
    private final StateMachineDiagram column = StateMachineDiagram.forColumn();
    /** The drawings, one shown: the pane's double-click and its id stay the same whichever it is. */
    private final StackPane diagram = new StackPane(full, fitted, column);
    private final List<VBox> udpBoxes = new ArrayList<>();
    private final List<Label> udpArrows = new ArrayList<>();
    private final StateMachineViewModel vm;

    @SuppressWarnings("checkstyle:methodlength") // a named exception until it is split (issue 61)
    public StateMachineView(StateMachineViewModel vm) {
        this.vm = vm;
        getStyleClass().add("state-machine-view");
        getStylesheets().addAll(EndpointStyle.stylesheet(),
                Objects.requireNonNull(StateMachineView.class.getResource("statemachine.css")).toExternalForm());
        var texts = vm.texts();
        Label title = new Label();
        title.setId("statemachine-title");
        title.getStyleClass().add("section-title");
        title.textProperty().bind(texts.text("ui.statemachine.title"));
        title.setWrapText(true);
        title.setMinHeight(Region.USE_PREF_SIZE);

        diagram.setId("tcp-state-diagram");
        full.setId("tcp-state-diagram-full");
        fitted.setId("tcp-state-diagram-fitted");
        column.setId("tcp-state-diagram-column");
        for (StateMachineDiagram d : new StateMachineDiagram[]{full, fitted, column}) {
            d.pictureProperty().bind(vm.pictureProperty());
            d.messagesProperty().bind(texts.messagesProperty());
            d.setMinSize(0, 0);
        }
        diagram.setMinSize(0, 0);
        diagram.getStyleClass().add("state-machine-drawings");
        // The labelled drawing only when all of it fits at the labels' size; else the compact drawing whose names come
        // out larger fitted whole (the wide one in a wide pane, the narrow one in a high pane), by the pane's shape
        // alone so that new badges never swap them; the narrow one scrolls to what matters when it would not read
        // whole (a side column of a small screen).
        Runnable choose = () -> {
            double w = diagram.getWidth(), h = diagram.getHeight();
            double least = full.labelSize() / StateMachineDiagramSkin.LABEL_PX;
            double wide = Math.min(w / TcpDiagram.DENSE_WIDTH, h / TcpDiagram.DENSE_HEIGHT);
            double high = Math.min(w / TcpDiagram.NARROW_WIDTH, h / TcpDiagram.NARROW_HEIGHT);
            StateMachineDiagram shown = w >= TcpDiagram.WIDTH * least && h >= TcpDiagram.HEIGHT * least
                    ? full
                    : wide >= high && wide * PresenterStateMachine.NAME_PX >= column.nameSize() ? fitted : column;
            for (StateMachineDiagram d : new StateMachineDiagram[]{full, fitted, column})
                if (d.isVisible() != (d == shown)) d.setVisible(d == shown);
        };
        // The narrow drawing first: the window's side column shows it at 1024x768 to 1920x1080, and a drawing first
        // shown later is only made then (StateMachineDiagram#createDefaultSkin).
        full.setVisible(false);
        fitted.setVisible(false);
        diagram.widthProperty().addListener(obs -> choose.run());
        diagram.heightProperty().addListener(obs -> choose.run());
        VBox.setVgrow(diagram, Priority.ALWAYS);

        Label caption = new Label();
        caption.setId("statemachine-caption");
        caption.getStyleClass().add("state-caption");
        caption.setWrapText(true);
        caption.textProperty().bind(vm.caption());

        Label timeWait = new Label();
        timeWait.setId("statemachine-timewait");
        timeWait.getStyleClass().add("state-caption");
        timeWait.setWrapText(true);
        timeWait.textProperty().bind(vm.timeWaitNote());
        timeWait.visibleProperty().bind(vm.timeWaitNote().isNotEmpty());
        timeWait.managedProperty().bind(timeWait.visibleProperty());

        Label legend = new Label();
        legend.getStyleClass().add("state-legend");
        legend.setWrapText(true);
        legend.textProperty().bind(texts.text("ui.statemachine.legend"));

        FlowPane udp = new FlowPane(6, 6);
        udp.getStyleClass().add("udp-strip");
        udp.setAlignment(Pos.CENTER_LEFT);
        Label udpTitle = new Label();
        udpTitle.getStyleClass().add("udp-title");
        udpTitle.textProperty().bind(texts.text("ui.statemachine.udp.title"));
        udp.getChildren().add(udpTitle);
        for (int i = 0; i < TcpDiagram.UDP_STATES.size(); i++) {
            if (i > 0) {
                TcpDiagram.Edge e = TcpDiagram.UDP_EDGES.get(i - 1);
                Label arrow = new Label();
                arrow.getStyleClass().add("udp-arrow");
                arrow.setUserData(e);
                arrow.textProperty().bind(texts.text(e.labelKey()));
                udpArrows.add(arrow);
                udp.getChildren().add(arrow);
            }
            String state = TcpDiagram.UDP_STATES.get(i);
            Label name = new Label();
            name.textProperty().bind(Bindings.createStringBinding(
                    () -> Names.state(state, texts.messages()), texts.messagesProperty()));
            name.getStyleClass().add("state-name");
            FlowPane badges = new FlowPane(6, 4);
            badges.setAlignment(Pos.CENTER);
            badges.setPrefWrapLength(150);
            VBox box = new VBox(4, name, badges);
            box.setId("udp-" + state);
            box.setAlignment(Pos.CENTER);
            box.getStyleClass().add("state-box");
            box.setMaxWidth(Region.USE_PREF_SIZE);
            box.setUserData(state);
            udpBoxes.add(box);
            udp.getChildren().add(box);
        }
        vm.pictureProperty().addListener((obs, old, now) -> showUdp(now));
        showUdp(vm.picture());
        ViewSubscriptions.listen(this, texts.messagesProperty(), (obs, old, now) -> showUdp(vm.picture()));

        setSpacing(6);
        // A wide, low pane (the bottom of the lab window) puts the words beside the diagram so it can be tall.
        VBox side = new VBox(8, caption, timeWait, legend, udp);
        // Every sentence whole (never cut to "..."): in a low pane the words scroll beside the diagram instead.
        for (Label l : new Label[]{caption, timeWait, legend}) l.setMinHeight(Region.USE_PREF_SIZE);
        ScrollPane sideScroll = new ScrollPane(side);
        sideScroll.setFitToWidth(true);
        sideScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        sideScroll.getStyleClass().add("edge-to-edge");
        sideScroll.setMinWidth(150);
        sideScroll.setPrefWidth(340);
        sideScroll.setMaxWidth(420);
        HBox wide = new HBox(12);
        HBox.setHgrow(diagram, Priority.ALWAYS);
        VBox.setVgrow(wide, Priority.ALWAYS);
        Runnable arrange = () -> {
            // Wide and low: the words beside the drawing. The low bottom pane of a 1024x768 screen is ~500 px wide.
            boolean isWide = getWidth() > 1.4 * getHeight() && getWidth() > 440;
            if (isWide && wide.getChildren().isEmpty()) {
                // The title goes beside too: in a low pane every line above the drawing makes its names smaller.
                getChildren().setAll(wide);
                side.getChildren().setAll(title, caption, timeWait, legend, udp);
                wide.getChildren().setAll(diagram, sideScroll);
                udp.setPrefWrapLength(320);
                sideScroll.setMaxWidth(420);
            } else if (!isWide && (getChildren().isEmpty() || !wide.getChildren().isEmpty())) {
                // High or narrow: the words under the drawing, scrolling in what the drawing leaves them. Whole
                // sentences (their minimum height) in the pane itself took all of a low pane (the front at 1024x768)
                // and left the drawing nothing.
                wide.getChildren().clear();
                side.getChildren().setAll(caption, timeWait, legend, udp);
                getChildren().setAll(title, diagram, sideScroll);
                udp.setPrefWrapLength(1200);
                sideScroll.setMaxWidth(Double.MAX_VALUE);
            }
            // A side column: its tab names the machine, so the drawing takes the title's lines, and the words scroll in
            // a third of the height (the narrow drawing needs rows in view, issue 57).
            boolean inColumn = !isWide && getWidth() < COLUMN_PX;
            title.setVisible(!inColumn);
            title.setManaged(!inColumn);
            double words = inColumn ? Math.max(60, getHeight() * 0.3) : Math.max(80, getHeight() * 0.4);
            sideScroll.setMaxHeight(isWide ? Double.MAX_VALUE : words);
            // In a column the drawing's height is worth less than the last transition's words: they keep their third.
            sideScroll.setMinHeight(inColumn ? words : Region.USE_COMPUTED_SIZE);
        };
        arrange.run();
        widthProperty().addListener(obs -> arrange.run());
        heightProperty().addListener(obs -> arrange.run());
        // Beside the fitted drawing the words take what the drawing, as high as the pane, leaves (at least 160 px).
        Runnable share = () -> {
            double high = getHeight() - snappedTopInset() - snappedBottomInset();
            double drawing = high * TcpDiagram.DENSE_WIDTH / TcpDiagram.DENSE_HEIGHT;
            double words = Math.clamp(getWidth() - snappedLeftInset() - snappedRightInset() - 12 - drawing, 150, 420);
            if (sideScroll.getPrefWidth() != words) sideScroll.setPrefWidth(words);
        };
        widthProperty().addListener(obs -> share.run());
        heightProperty().addListener(obs -> share.run());
    }

    /** The drawing shown now: the labelled one, the compact one fitted to the pane, or the narrow one. */
    public StateMachineDiagram diagram() {
        return full.isVisible() ? full : fitted.isVisible() ? fitted : column;
    }

    private void showUdp(StateMachineViewModel.Picture p) {
        for (VBox box : udpBoxes) {
            List<StateMachineViewModel.Badge> in = p.udpAt((String) box.getUserData());
            FlowPane badges = (FlowPane) box.getChildren().get(1);
            badges.getChildren().clear();
            box.getStyleClass().removeIf(c -> c.startsWith("ep-") || c.equals("occupied") || c.equals("mixed"));
            badges.setManaged(!in.isEmpty());
            if (in.isEmpty()) continue;
            box.getStyleClass().addAll("occupied",
                    in.stream().map(StateMachineViewModel.Badge::endpoint).distinct().count() == 1
                            ? EndpointStyle.of(in.getFirst().endpoint())
                            : "mixed");
            for (StateMachineViewModel.Badge b : in) {
                Label badge = new Label(vm.badgeText(b));
                badge.getStyleClass().addAll("fd-badge", EndpointStyle.of(b.endpoint()));
                badges.getChildren().add(badge);
            }
        }
        StateMachineViewModel.Moved last = p.lastUdp();
        for (Label arrow : udpArrows) {
            arrow.getStyleClass().removeIf(c -> c.startsWith("ep-") || c.equals("last"));
            if (last != null && last.path().contains((TcpDiagram.Edge) arrow.getUserData()))
                arrow.getStyleClass().addAll("last", EndpointStyle.of(last.endpoint()));
        }
    }

}
