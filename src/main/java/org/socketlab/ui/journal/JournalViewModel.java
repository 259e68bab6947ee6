package org.socketlab.ui.journal;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.socketlab.export.story.Story;
import org.socketlab.i18n.Messages;
import org.socketlab.lab.Event;
import org.socketlab.ui.common.Texts;

import java.util.ArrayList;
import java.util.List;

/**
 * The journal as lines in the current language, in the story's order ({@link Story}: a call's entry, what the kernel
 * did meanwhile, its return; no inferred twin of a captured segment). Fed by the bridge on the FX thread; a late event
 * told before lines already shown replaces only the lines from there on. Re-rendered on a language switch.
 */
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

    /** Every event of this session the window has been given, in journal order (FX thread). */
    public List<Event> events() {
        return List.copyOf(events);
    }

    /** New events, in journal order. */
    public void onEvents(List<Event> batch) {
        if (batch.isEmpty()) return;
        events.addAll(batch);
        List<JournalLine> next = render(events, texts.messages());
        int same = 0;
        while (same < lines.size() && same < next.size() && lines.get(same).equals(next.get(same))) same++;
        if (same < lines.size()) lines.remove(same, lines.size());
        lines.addAll(next.subList(same, next.size()));
    }

    private static List<JournalLine> render(List<Event> events, Messages m) {
        return Story.of(events).beats().stream().map(b -> JournalLine.of(b, m)).toList();
    }
}
