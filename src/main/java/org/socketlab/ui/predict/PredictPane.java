package org.socketlab.ui.predict;

import java.util.Locale;
import java.util.Objects;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.common.ViewSubscriptions;

/**
 * Predict mode on screen: the question and its options (buttons, or the keys 1 to 4) before a step runs, then the
 * verdict, and the score at the end. Shown only while there is something to show. The main window and presenter
 * mode each have one, bound to the same view-model; presenter mode's large type makes it readable in a lecture hall.
 */
public final class PredictPane extends VBox {
    public PredictPane(PredictViewModel vm, Texts texts, String idPrefix) {
        this(vm, texts, idPrefix, false);
    }

    /**
     * @param questionFirst the question above the last verdict (presenter mode's pane beside the diagram, narrow and
     *                      tall: the question and its options are in view without scrolling, the verdict under them)
     */
    @SuppressWarnings("checkstyle:methodlength") // a named exception until it is split (issue 61)
    public PredictPane(PredictViewModel vm, Texts texts, String idPrefix, boolean questionFirst) {
        setId(idPrefix);
        getStyleClass().add("predict-pane");
        getStylesheets().add(Objects.requireNonNull(PredictPane.class.getResource("predict.css")).toExternalForm());
        setFillWidth(true);

        Label prompt = new Label();
        prompt.setId(idPrefix + "-prompt");
        prompt.getStyleClass().add("predict-prompt");
        prompt.setWrapText(true);
        prompt.setMinHeight(Region.USE_PREF_SIZE);
        prompt.textProperty().bind(vm.prompt());

        FlowPane options = new FlowPane(8, 8);
        for (int n = 1; n <= 4; n++) {
            Button option = new Button();
            option.setId(idPrefix + "-option-" + n);
            option.getStyleClass().add("predict-option");
            option.setMnemonicParsing(false);
            option.setWrapText(true);
            option.textProperty().bind(vm.option(n));
            option.maxWidthProperty().bind(options.widthProperty()); // a long option wraps in a narrow pane, never cut
            option.visibleProperty().bind(option.textProperty().isNotEmpty());
            option.managedProperty().bind(option.visibleProperty());
            int choice = n;
            option.setOnAction(e -> vm.answer(choice));
            options.getChildren().add(option);
        }
        Button cancel = new Button();
        cancel.setId(idPrefix + "-cancel");
        cancel.getStyleClass().add("predict-cancel");
        cancel.textProperty().bind(texts.text("predict.ui.cancel"));
        cancel.setOnAction(e -> vm.cancel());
        cancel.visibleProperty().bind(vm.cancellableProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        options.getChildren().add(cancel);
        VBox question = new VBox(8, prompt, options);
        question.visibleProperty().bind(vm.questionProperty().isNotNull());
        question.managedProperty().bind(question.visibleProperty());

        Label result = new Label();
        result.setId(idPrefix + "-result");
        result.getStyleClass().add("predict-result");
        result.setWrapText(true);
        result.setMinHeight(Region.USE_PREF_SIZE);
        result.setMaxWidth(Double.MAX_VALUE);
        result.textProperty().bind(vm.result());
        ViewSubscriptions.listen(this, vm.outcome(), (obs, was, is) -> look(result, is));
        look(result, vm.outcome().getValue());
        Label last = new Label(); // under the score: the last step's verdict, which the score followed at once
        last.setId(idPrefix + "-last");
        last.getStyleClass().add("predict-result");
        last.setWrapText(true);
        last.setMinHeight(Region.USE_PREF_SIZE);
        last.setMaxWidth(Double.MAX_VALUE);
        last.textProperty().bind(vm.lastVerdict());
        last.visibleProperty().bind(last.textProperty().isNotEmpty());
        last.managedProperty().bind(last.visibleProperty());
        ViewSubscriptions.listen(this, vm.lastOutcome(), (obs, was, is) -> look(last, is));
        Label narration = new Label();
        narration.setId(idPrefix + "-narration");
        narration.getStyleClass().add("predict-narration");
        narration.setWrapText(true);
        narration.setMinHeight(Region.USE_PREF_SIZE);
        narration.setMaxWidth(Double.MAX_VALUE);
        narration.textProperty().bind(vm.narration());
        narration.visibleProperty().bind(narration.textProperty().isNotEmpty());
        narration.managedProperty().bind(narration.visibleProperty());
        Button dismiss = new Button();
        dismiss.setId(idPrefix + "-dismiss");
        dismiss.textProperty().bind(texts.text("predict.ui.dismiss"));
        dismiss.setOnAction(e -> vm.dismiss());
        dismiss.setMinWidth(Region.USE_PREF_SIZE);
        VBox said = new VBox(4, result, last, narration); // the verdict, then the step's narration (never before the answer)
        HBox.setHgrow(said, Priority.ALWAYS);
        HBox resultRow = new HBox(10, said, dismiss);
        resultRow.visibleProperty().bind(result.textProperty().isNotEmpty());
        resultRow.managedProperty().bind(resultRow.visibleProperty());

        options.setMinWidth(0);
        said.setMinWidth(0);
        setMinWidth(0);
        if (questionFirst) getChildren().addAll(question, resultRow);
        else getChildren().addAll(resultRow, question); // the last step's verdict, then the next question
        visibleProperty().bind(vm.showingProperty());
        managedProperty().bind(visibleProperty());
    }

    /** The verdict's colour (a style class of the theme's success, danger or muted colours) and its icon. */
    private static void look(Label result, Outcome outcome) {
        result.getStyleClass().removeAll("predict-score", "predict-right", "predict-wrong", "predict-void");
        Feather icon = switch (outcome) {
            case RIGHT -> Feather.CHECK_CIRCLE;
            case WRONG -> Feather.X_CIRCLE;
            case VOID -> Feather.HELP_CIRCLE;
            case SCORE -> Feather.AWARD;
            case NONE -> null;
        };
        if (outcome != Outcome.NONE) result.getStyleClass().add("predict-" + outcome.name().toLowerCase(Locale.ROOT));
        result.setGraphic(icon == null ? null : new FontIcon(icon));
    }

    /**
     * The keys 1 to 4 (and the keypad's) answer the question on screen, unless a text field has the focus (a port
     * being typed is not an answer); Escape cancels a free-lab call's question (no call is made). For a scene's key
     * filter; consumes the keys it uses.
     */
    public static void onKey(KeyEvent e, PredictViewModel vm) {
        if (vm.questionProperty().get() == null || e.isShortcutDown() || e.isAltDown()) return;
        if (e.getCode() == KeyCode.ESCAPE && vm.cancellableProperty().get()) {
            vm.cancel();
            e.consume();
            return;
        }
        if (e.getTarget() instanceof TextInputControl) return;
        int n = switch (e.getCode()) {
            case DIGIT1, NUMPAD1 -> 1;
            case DIGIT2, NUMPAD2 -> 2;
            case DIGIT3, NUMPAD3 -> 3;
            case DIGIT4, NUMPAD4 -> 4;
            default -> 0;
        };
        if (n == 0) return;
        vm.answer(n);
        e.consume();
    }

}
