package org.socketlab.ui.journal;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.socketlab.i18n.Messages;
import org.socketlab.lab.Event;
import org.socketlab.ui.common.Texts;

import java.util.ArrayList;
import java.util.List;

/** The journal as lines in the current language; fed by the bridge on the FX thread, re-rendered on a language switch. */
public final class JournalViewModel {
    private final Texts texts;
    private final List<Event> events = new ArrayList<>();
    private final ObservableList<JournalLine> lines = FXCollections.observableArrayList();
    private final ObservableList<JournalLine> readOnlyLines = FXCollections.unmodifiableObservableList(lines);

    public JournalViewModel(Texts texts) {
        this.texts = texts;
        texts.messagesProperty().addListener((obs, old, now) -> lines.setAll(render(events, now)));
    }

    public ObservableList<JournalLine> lines() {
        return readOnlyLines;
    }

    public Texts texts() {
        return texts;
    }

    /** New events, in journal order. */
    public void onEvents(List<Event> batch) {
        events.addAll(batch);
        lines.addAll(render(batch, texts.messages()));
    }

    private static List<JournalLine> render(List<Event> events, Messages m) {
        return events.stream().map(e -> JournalLine.of(e, m)).toList();
    }
}
