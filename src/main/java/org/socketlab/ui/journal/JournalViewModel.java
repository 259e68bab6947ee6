package org.socketlab.ui.journal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.lab.Lab;
import org.socketlab.story.Beat;
import org.socketlab.story.JournalLine;
import org.socketlab.story.SequenceOrigins;
import org.socketlab.story.Story;
import org.socketlab.ui.common.EventWindow;
import org.socketlab.ui.common.Texts;

/**
 * The journal as lines in the current language, in the story's order ({@link Story}: a call's entry, what the kernel
 * did meanwhile, its return; no inferred twin of a captured segment). Fed by the bridge on the FX thread; a late event
 * told before lines already shown replaces only the lines from there on. Re-rendered on a language switch. Bounded:
 * the lines of the newest events ({@link EventWindow}), after one line saying how many older ones are not listed.
 */
public final class JournalViewModel {
    private final Texts texts;
    private final EventWindow events;
    private final ObservableList<JournalLine> lines = FXCollections.observableArrayList();
    private final ObservableList<JournalLine> readOnlyLines = FXCollections.unmodifiableObservableList(lines);
    /** The beats told by the lines after the older-events line, in the same order. */
    private final List<Beat> shown = new ArrayList<>();
    /** Re-renders on a language switch; held here, weakly by the long-lived texts, so a replaced list is let go. */
    private final ChangeListener<Messages> onLanguage = (obs, old, now) -> lines.setAll(render(now));

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

    /** The events will be the session after event {@code cut} ({@link EventWindow#startsSessionAfter}). */
    public void startsSessionAfter(long cut) {
        events.startsSessionAfter(cut);
    }

    /** A page of a journal file: {@code count} earlier events are only in the file, {@code told} read of them (before the first events). */
    public void olderInFile(long count, List<Event> told, SequenceOrigins origins) {
        events.olderInFile(count, told, origins);
    }

    /**
     * New events, in journal order. Only what is new is rendered: the lines of events let go leave from the top, the
     * lines from the first beat the new story tells differently (a late event told before lines already shown) are
     * placed again, and only beats not told before are rendered, so a long session costs a batch's lines, not the
     * window's.
     */
    public void onEvents(List<Event> batch) {
        if (batch.isEmpty()) return;
        events.add(batch);
        Story story = events.story();
        List<Beat> next = story.beats();
        long firstKept = events.events().getFirst().seq();
        int gone = 0;
        while (gone < shown.size() && shown.get(gone).event().seq() < firstKept) gone++;
        int same = 0;
        while (gone + same < shown.size() && same < next.size() && shown.get(gone + same).equals(next.get(same)))
            same++;
        Messages m = texts.messages();
        int note = lines.size() - shown.size(); // 1 while the older-events line heads the list
        // A late segment is told far back in a burst (the capture lags the calls): the lines after it move, and are
        // moved, not rendered again.
        Map<Beat, JournalLine> moved = new HashMap<>();
        for (int i = gone + same; i < shown.size(); i++) moved.put(shown.get(i), lines.get(note + i));
        List<JournalLine> told = new ArrayList<>(next.size() - same);
        for (int i = same; i < next.size(); i++) {
            Beat beat = next.get(i);
            JournalLine line = moved.get(beat);
            told.add(line != null ? line.numbered(story.number(i)) : JournalLine.of(beat, story.number(i), m));
        }
        lines.remove(note + gone + same, lines.size());
        lines.remove(note, note + gone);
        // The lines kept are numbered on from the moments let go (only a changed number is set again).
        for (int i = 0; i < same; i++) {
            JournalLine kept = lines.get(note + i), renumbered = kept.numbered(story.number(i));
            if (renumbered != kept) lines.set(note + i, renumbered);
        }
        lines.addAll(told);
        if (events.older() > 0) {
            JournalLine older = olderLine(events, m);
            if (note == 0) lines.addFirst(older);
            else if (!lines.getFirst().equals(older)) lines.set(0, older);
        }
        shown.subList(gone + same, shown.size()).clear();
        shown.subList(0, gone).clear();
        shown.addAll(next.subList(same, next.size()));
    }

    private static JournalLine olderLine(EventWindow events, Messages m) {
        return new JournalLine(0, 0, Lab.ITSELF, "", JournalLine.Kind.NOTE,
                m.get("ui.journal.older", String.valueOf(events.older())));
    }

    /** Every line afresh (a new language); the beats they tell are remembered for the next batch. */
    private List<JournalLine> render(Messages m) {
        List<JournalLine> all = new ArrayList<>();
        if (events.older() > 0) all.add(olderLine(events, m));
        shown.clear();
        Story story = events.story();
        for (int i = 0; i < story.beats().size(); i++) {
            Beat beat = story.beats().get(i);
            shown.add(beat);
            all.add(JournalLine.of(beat, story.number(i), m));
        }
        return all;
    }
}
