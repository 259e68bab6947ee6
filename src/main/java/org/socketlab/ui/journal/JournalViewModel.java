package org.socketlab.ui.journal;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.socketlab.export.story.JournalLine;
import org.socketlab.export.story.Story;
import org.socketlab.i18n.Messages;
import org.socketlab.lab.Event;
import org.socketlab.ui.common.EventWindow;
import org.socketlab.ui.common.Texts;

/**
 * The journal as lines in the current language, in the story's order ({@link Story}: a call's entry, what the kernel
 * did meanwhile, its return; no inferred twin of a captured segment). Fed by the bridge on the FX thread; a late event
 * told before lines already shown replaces only the lines from there on. Re-rendered on a language switch. Bounded:
 * the lines of the newest events ({@link EventWindow}), after one line saying how many older ones are not listed.
 */
public final class JournalViewModel {
    /** Re-renders on a language switch; held here, weakly by the long-lived texts, so a replaced list is let go. */
    private final ChangeListener<Messages> onLanguage = (obs, old, now) -> languageChanged(now);
    private final Texts texts;
    private final EventWindow events;
    private final ObservableList<JournalLine> lines = FXCollections.observableArrayList();
    private final ObservableList<JournalLine> readOnlyLines = FXCollections.unmodifiableObservableList(lines);

    public JournalViewModel(Texts texts) {
        this(texts, EventWindow.DEFAULT_MAX_EVENTS);
    }

    /** A list of the lines of at most the newest {@code maxEvents} events. */
    public JournalViewModel(Texts texts, int maxEvents) {
        this.texts = texts;
        this.events = new EventWindow(maxEvents);
        texts.messagesProperty().addListener(new WeakChangeListener<>(onLanguage));
    }

    public ObservableList<JournalLine> lines() {
        return readOnlyLines;
    }

    public Texts texts() {
        return texts;
    }

    /** The events of this session the window keeps (the newest EventWindow.DEFAULT_MAX_EVENTS), in journal order (FX thread). */
    public List<Event> events() {
        return List.copyOf(events.events());
    }

    /** A page of a journal file: {@code count} earlier events are only in the file, {@code told} read of them (before the first events). */
    public void olderInFile(long count, List<Event> told) {
        events.olderInFile(count, told);
    }

    /** New events, in journal order. */
    public void onEvents(List<Event> batch) {
        if (batch.isEmpty()) return;
        events.add(batch);
        List<JournalLine> next = render(events, texts.messages());
        int same = 0;
        while (same < lines.size() && same < next.size() && lines.get(same).equals(next.get(same))) same++;
        if (same < lines.size()) lines.remove(same, lines.size());
        lines.addAll(next.subList(same, next.size()));
    }

    private static List<JournalLine> render(EventWindow events, Messages m) {
        List<JournalLine> lines = new ArrayList<>();
        if (events.older() > 0)
            lines.add(new JournalLine(0, "lab", "", JournalLine.Kind.NOTE,
                    m.get("ui.journal.older", String.valueOf(events.older()))));
        for (var beat : events.story().beats()) lines.add(JournalLine.of(beat, m));
        return lines;
    }

    private void languageChanged(Messages now) {
        lines.setAll(render(events, now));
    }
}
