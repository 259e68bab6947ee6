package org.socketlab.ui.predict;

import java.util.Objects;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.socketlab.ui.common.Texts;

/**
 * Predict mode on screen: the question and its options (buttons, or the keys 1 to 4) before a step runs, then the
 * verdict, and the score at the end. Shown only while there is something to show. The main window and presenter
 * mode each have one, bound to the same view-model; presenter mode's large type makes it readable in a lecture hall.
 */
public final class PredictPane extends VBox {
    public PredictPane(PredictViewModel vm, Texts texts, String idPrefix) {
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
        result.textProperty().addListener((obs, was, is) -> {
            result.getStyleClass().remove("predict-score");
            if (vm.resultIsScore()) result.getStyleClass().add("predict-score");
        });
        Button dismiss = new Button();
        dismiss.setId(idPrefix + "-dismiss");
        dismiss.textProperty().bind(texts.text("predict.ui.dismiss"));
        dismiss.setOnAction(e -> vm.dismiss());
        HBox.setHgrow(result, Priority.ALWAYS);
        HBox resultRow = new HBox(10, result, dismiss);
        resultRow.visibleProperty().bind(result.textProperty().isNotEmpty());
        resultRow.managedProperty().bind(resultRow.visibleProperty());

        getChildren().addAll(resultRow, question); // the last step's verdict, then the next question
        visibleProperty().bind(vm.showingProperty());
        managedProperty().bind(visibleProperty());
    }

    /**
     * The keys 1 to 4 (and the keypad's) answer the question on screen, unless a text field has the focus (a port
     * being typed is not an answer); Escape cancels a free-lab call's question (no call is made). For a scene's key
     * filter; consumes the keys it uses.
     */
    public static void onKey(KeyEvent e, PredictViewModel vm) {
        if (vm.questionProperty().get() == null || e.isShortcutDown() || e.isAltDown()) return;
        if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE && vm.cancellableProperty().get()) {
            vm.cancel();
            e.consume();
            return;
        }
        if (e.getTarget() instanceof javafx.scene.control.TextInputControl) return;
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
