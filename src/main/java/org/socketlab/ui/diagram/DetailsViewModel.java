package org.socketlab.ui.diagram;

import java.util.function.ToLongFunction;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.socketlab.ui.common.Texts;

/** The selected row's details in the current language; re-rendered when the selection or the language changes. */
public final class DetailsViewModel {
    /** Re-renders on a language switch; held here, weakly by the long-lived texts, so a session's details are let go. */
    private final InvalidationListener onLanguage = obs -> render();
    private final Texts texts;
    private final ObjectProperty<Row> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObservableList<Detail> details = FXCollections.observableArrayList();
    private final ObservableList<Detail> readOnly = FXCollections.unmodifiableObservableList(details);
    private final SimpleObjectProperty<String> title = new SimpleObjectProperty<>(this, "title", "");
    /** The number a row is known by (the diagram's: its moment's place in the story). */
    private ToLongFunction<Row> numbers = row -> row.event().seq();

    public DetailsViewModel(Texts texts) {
        this.texts = texts;
        this.earlierOffered = Bindings.createBooleanBinding(
                () -> selected.get() instanceof Row.OlderRow && earlierInFile.get(), selected, earlierInFile);
        selected.addListener((obs, old, now) -> render());
        texts.messagesProperty().addListener(new WeakInvalidationListener(onLanguage));
    }

    private void render() {
        Row row = selected.get();
        if (row == null) {
            details.clear();
            title.set("");
        } else {
            details.setAll(RowDetails.of(row, numbers.applyAsLong(row), texts.messages()));
            title.set(DiagramText.label(row, texts.messages()));
        }
    }

    /** Rows are known by {@code numbers} from now on (the diagram's model numbers its rows). */
    void numberedBy(ToLongFunction<Row> numbers) {
        this.numbers = numbers;
    }

    public Texts texts() {
        return texts;
    }

    /** Whether earlier events can be read from the file now (a replayed page with events before it). */
    private final BooleanProperty earlierInFile = new SimpleBooleanProperty(this, "earlierInFile");
    private Runnable showEarlier = () -> {
    };
    private final BooleanBinding earlierOffered;

    /** The older-events row offers "Show earlier events" while {@code available} holds, doing {@code action}. */
    public void offerEarlierEvents(ObservableValue<Boolean> available, Runnable action) {
        earlierInFile.bind(available);
        showEarlier = action;
    }

    /** Whether the selected row is the older-events row and earlier events can be shown. */
    public BooleanBinding earlierOffered() {
        return earlierOffered;
    }

    /** The older-events row's action: the page before, read from the file. */
    public void showEarlierEvents() {
        if (earlierOffered().get()) showEarlier.run();
    }
    /** The row shown; the diagram's selection is bound to it. */
    public ObjectProperty<Row> selectedProperty() {
        return selected;
    }
    public ObservableList<Detail> details() {
        return readOnly;
    }
    public ObservableValue<String> titleProperty() {
        return title;
    }
}
