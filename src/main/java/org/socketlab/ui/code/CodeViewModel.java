package org.socketlab.ui.code;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.socketlab.codegen.CodeGenerator;
import org.socketlab.codegen.CodeScript;
import org.socketlab.codegen.Language;
import org.socketlab.codegen.Program;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.ui.common.Replayable;
import org.socketlab.ui.common.Texts;

/**
 * The code panel: the program of the endpoint that made the current call, written from the journal by
 * {@link CodeGenerator} in C, Java, Python and Rust, with that call's lines marked and its remarks beside. The
 * current call is the one selected in the diagram, else the last call at the playback cursor, so the panel shows
 * the same moment as every other view. The program holds that endpoint's calls up to the cursor, or of the whole
 * session. Plain beans on the FX thread: testable without the toolkit.
 */
public final class CodeViewModel implements Replayable {
    /** Refreshes on a language switch; held here, weakly by the long-lived texts, so a session's panel is let go. */
    private final InvalidationListener onLanguage = obs -> refresh();
    /** Which of the endpoint's calls the program holds. */
    public enum Scope {
        UP_TO_CURSOR, WHOLE_SESSION
    }

    /** The call shown: its journal place, who made it and its strace-like line. */
    public record Current(long seq, String endpoint, String call, String line) {
    }

    /**
     * One language's program for the current call.
     *
     * @param from the first line of the current call, -1 when the language makes no line for it
     * @param to   one past its last line
     */
    public record Snippet(Language language, String fileName, List<String> lines, int from, int to, List<String> notes,
            String text) {
        public Snippet {
            lines = List.copyOf(lines);
            notes = List.copyOf(notes);
        }

        public boolean marks(int line) {
            return line >= from && line < to;
        }
    }

    private final Texts texts;
    /** The session's events from the bridge, less those the diagram let go ({@link #older}). */
    private final List<Event> all = new ArrayList<>();
    /** The newest seq the diagram let go: such events are not kept, even when they come after (in the same batch). */
    private long letGo;
    /** The last event seq the playback cursor shows; MAX_VALUE until the playback says where it is. */
    private long cursorSeq = Long.MAX_VALUE;
    private Long selectedSeq;
    private final ObjectProperty<Scope> scope = new SimpleObjectProperty<>(this, "scope", Scope.UP_TO_CURSOR);
    private final ReadOnlyObjectWrapper<Current> current = new ReadOnlyObjectWrapper<>(this, "current");
    private final ObjectProperty<Language> language = new SimpleObjectProperty<>(this, "language", Language.C);
    private final ReadOnlyObjectWrapper<Snippet> snippet = new ReadOnlyObjectWrapper<>(this, "snippet");

    public CodeViewModel(Texts texts) {
        this.texts = texts;
        texts.messagesProperty().addListener(new WeakInvalidationListener(onLanguage));
        scope.addListener(obs -> refresh());
        language.addListener(obs -> refresh());
    }

    public Texts texts() {
        return texts;
    }

    /** The call shown; null before any call. */
    public ReadOnlyObjectProperty<Current> currentProperty() {
        return current.getReadOnlyProperty();
    }

    /** The language shown: only its program is written (a long session's program takes a while to write). */
    public ObjectProperty<Language> languageProperty() {
        return language;
    }

    /** The program of the language shown for the current call, its comments in the window's language; null before any call. */
    public ReadOnlyObjectProperty<Snippet> snippetProperty() {
        return snippet.getReadOnlyProperty();
    }

    public ObjectProperty<Scope> scopeProperty() {
        return scope;
    }

    /** New events from the bridge, in journal order. */
    public void onEvents(List<Event> batch) {
        for (Event e : batch) if (e.seq() > letGo) all.add(e);
        // The playback may already stand on these events (the diagram is fed first): show them now.
        boolean atCursor = !batch.isEmpty() && batch.getFirst().seq() <= cursorSeq;
        if (atCursor || scope.get() == Scope.WHOLE_SESSION) refresh();
    }

    /**
     * Events the diagram let go (the oldest): the programs start after them, so a long session's program stays as
     * long as what the diagram shows.
     */
    public void older(List<Event> events) {
        if (events.isEmpty()) return;
        letGo = Math.max(letGo, events.getLast().seq());
        all.removeIf(e -> e.seq() <= letGo);
        if (selectedSeq != null && selectedSeq <= letGo) selectedSeq = null;
    }

    /** The events up to the playback cursor (the follower's view of the journal): the panel shows that moment. */
    public void replay(List<Event> upToCursor) {
        cursorSeq = upToCursor.isEmpty() ? 0 : upToCursor.getLast().seq();
        refresh();
    }

    /** Shows the program at this call (a call event); any other event returns to the call at the cursor. */
    public void select(Event event) {
        selectedSeq = event != null && event.payload() instanceof Payload.Call ? event.seq() : null;
        refresh();
    }

    /** Back to the last call at the cursor. */
    public void followLatest() {
        selectedSeq = null;
        refresh();
    }

    private void refresh() {
        CodeScript atCursor = CodeScript.upTo(all, cursorSeq);
        CodeScript.Step step = null;
        if (selectedSeq != null)
            step = atCursor.steps().stream().filter(s -> s.seq() == selectedSeq).findFirst().orElse(null);
        if (step == null && !atCursor.steps().isEmpty()) step = atCursor.steps().getLast();
        if (step == null) {
            current.set(null);
            snippet.set(null);
            return;
        }
        CodeScript script = scope.get() == Scope.WHOLE_SESSION ? CodeScript.of(all) : atCursor;
        Program p = CodeGenerator.program(language.get(), script, step.endpoint(), texts.messages());
        Program.Range r = p.ranges().get(step.seq());
        current.set(new Current(step.seq(), step.endpoint(), step.call(), step.line()));
        snippet.set(
                new Snippet(language.get(), p.fileName(), p.lines(), r == null ? -1 : r.from(), r == null ? -1 : r.to(),
                        p.notesOf(step.seq()), p.text()));
    }
}
