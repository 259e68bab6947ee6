package org.socketlab.ui.shell;

import java.util.Locale;
import java.util.Objects;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.jspecify.annotations.Nullable;
import org.socketlab.ui.diagram.DiagramFeature;
import org.socketlab.ui.diagram.SequenceDiagram;
import org.socketlab.ui.diagram.SequenceDiagramSkin;
import org.socketlab.ui.predict.PredictPane;

/**
 * The pieces presenter mode and the pop-out show of one session: the diagram at the window's cursor and selection, the
 * narration, a step's slide, predict mode's question beside the diagram. Each is another view of the same models, so
 * closing their window puts nothing back.
 */
final class PresenterViews {
    /** The diagram's least height, in px, when the narration above it needs the rest. */
    static final double DIAGRAM_LEAST_PX = 44;

    /** The share of the presenter's width predict mode's pane takes beside the diagram. */
    static final double QUESTION_SHARE = 0.4;

    private final ShellViewModel vm;
    private final DiagramFeature diagram;

    PresenterViews(ShellViewModel vm, DiagramFeature diagram) {
        this.vm = vm;
        this.diagram = diagram;
    }

    SequenceDiagram diagram(String id) {
        SequenceDiagram d = new SequenceDiagram(diagram.model());
        d.setId(id);
        d.positionProperty().bind(diagram.playback().positionProperty());
        d.messagesProperty().bind(vm.texts().messagesProperty());
        d.selectedRowProperty().bindBidirectional(diagram.details().selectedProperty());
        d.stepNarrationProperty().bind(diagram.stepNarrationProperty()); // a step's story in view together
        d.lessonEndProperty().bind(diagram.lessonEndProperty());
        d.setMinHeight(DIAGRAM_LEAST_PX); // it scrolls: it gives up height to the narration and the calls
        d.setMinWidth(0); // its canvas's last width is no minimum: once the machine gave width, it came back over it
        fitLabelsToWidth(d);
        return d;
    }

    /** The least the presenter's diagram type goes down to, of its size at the zoom, so its longest label fits. */
    static final double LEAST_TYPE_SCALE = 0.4;

    /**
     * The type a little smaller while a call's label, no wider than the diagram, is drawn past its right edge where its
     * lifeline puts its start: smaller, it comes into view. A label wider than the diagram keeps the type as it is (the
     * whole diagram's type went down to {@value #LEAST_TYPE_SCALE} of its size for one long sigaction()): the diagram
     * scrolls sideways to it (issue 57). Checked after the layout of a new width, zoom or step; the type grows back
     * with a new width or zoom only, so it never goes back and forth within a step.
     */
    private void fitLabelsToWidth(SequenceDiagram d) {
        DoubleProperty scale = new SimpleDoubleProperty(1);
        d.styleProperty().bind(Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "-sl-font-size: %.3fem;", DIAGRAM_EM * scale.get()), scale));
        boolean[] queued = {false};
        Runnable check = () -> {
            queued[0] = false;
            if (d.getScene() == null || !(d.getSkin() instanceof SequenceDiagramSkin skin)) return;
            // The canvas keeps its width while the type changes: smaller steps at once, each measured as drawn.
            while (!skin.labelsRunningPastTheView().isEmpty() && scale.get() > LEAST_TYPE_SCALE) {
                scale.set(Math.max(LEAST_TYPE_SCALE, scale.get() * 0.92));
                d.applyCss();
            }
        };
        InvalidationListener later = obs -> {
            if (queued[0] || d.getScene() == null) return;
            queued[0] = true;
            d.getScene().addPostLayoutPulseListener(new Runnable() {
                @Override
                public void run() {
                    d.getScene().removePostLayoutPulseListener(this);
                    check.run();
                }
            });
        };
        InvalidationListener anew = obs -> {
            scale.set(1);
            later.invalidated(obs);
        };
        d.widthProperty().addListener(anew);
        vm.fontSizeProperty().addListener(new WeakInvalidationListener(anew));
        d.positionProperty().addListener(later);
        d.messagesProperty().addListener(later);
        d.skinProperty().addListener(later);
        d.sceneProperty().addListener(later);
    }

    /** The diagram's type in the window's em (sequence-diagram.css: 17 px at 100 %). */
    static final double DIAGRAM_EM = 1.133;

    /**
     * The diagram with predict mode's question and verdict beside it, not above it: above, in large type, they left the
     * diagram about 220 px on a projector. The pane takes {@value #QUESTION_SHARE} of the width, the question on top,
     * scrolls if it must (back to the top for each new question), and takes no room while there is nothing to say.
     */
    Node withQuestions(SequenceDiagram diagram) {
        PredictPane predict = new PredictPane(vm.predict(), vm.texts(),
                "presenter-predict", true);
        ScrollPane side = new ScrollPane(predict);
        side.setId("presenter-predict-side");
        side.setFitToWidth(true);
        side.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        side.visibleProperty().bind(predict.visibleProperty());
        side.managedProperty().bind(side.visibleProperty());
        BorderPane centre = new BorderPane(diagram);
        side.prefWidthProperty().bind(centre.widthProperty().multiply(QUESTION_SHARE));
        centre.setRight(side);
        // Each new question is shown from the top (listened to on the pane's own label: nothing outlives the window).
        ((Label) predict.lookup("#presenter-predict-prompt")).textProperty()
                .addListener((obs, was, is) -> side.setVvalue(0));
        return centre;
    }

    Label narration(String id) {
        Label narration = new Label();
        narration.setId(id);
        narration.getStyleClass().add("diagram-narration");
        narration.getStylesheets().add(
                Objects.requireNonNull(SequenceDiagram.class.getResource("sequence-diagram.css")).toExternalForm());
        narration.setWrapText(true);
        narration.setMaxWidth(Double.MAX_VALUE);
        narration.setMinHeight(Region.USE_PREF_SIZE);
        narration.textProperty().bind(diagram.narration());
        narration.visibleProperty().bind(narration.textProperty().isNotEmpty());
        narration.managedProperty().bind(narration.visibleProperty());
        return narration;
    }

    /**
     * The current step's slide, when its lesson gives one: the short title very large, its one sentence large, above
     * the narration. Hidden (and taking no room) for steps without a slide.
     */
    VBox slide() {
        Label title = new Label();
        title.setId("presenter-slide-title");
        title.getStyleClass().add("presenter-slide-title");
        title.setStyle("-fx-font-size: 1.6em; -fx-font-weight: bold;");
        title.setWrapText(true);
        title.textProperty().bind(diagram.slideTitle());
        Label text = new Label();
        text.setId("presenter-slide-text");
        text.getStyleClass().add("presenter-slide-text");
        text.setStyle("-fx-font-size: 1.15em;");
        text.setWrapText(true);
        text.textProperty().bind(diagram.slideText());
        VBox box = new VBox(4, title, text);
        box.setId("presenter-slide");
        box.getStyleClass().add("presenter-slide");
        box.setPadding(new Insets(10, 16, 6, 16));
        box.setMinHeight(Region.USE_PREF_SIZE);
        box.managedProperty().bind(box.visibleProperty()); // shown while the step has a slide and there is room for it
        return box;
    }

    /**
     * The height the words above the diagram take at the talk's width: the lesson bar, the slide (its title; and its
     * sentence when {@code withText}) and the whole narration (none when null). 0 before the first layout.
     */
    static double words(BorderPane talk, Node lessonBar, VBox slide, @Nullable Label narration, boolean withText) {
        double width = talk.getWidth();
        if (width <= 0) return 0;
        return (lessonBar.isManaged() ? lessonBar.prefHeight(width) : 0) + slide.getPadding().getTop()
                + slide.getPadding().getBottom() + slide.getChildren().getFirst().prefHeight(width)
                + (withText ? slide.getChildren().get(1).prefHeight(width) : 0)
                + (narration != null && narration.isManaged() ? narration.prefHeight(width) : 0);
    }
}
