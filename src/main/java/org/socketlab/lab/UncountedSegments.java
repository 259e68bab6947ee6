package org.socketlab.lab;

import java.util.LinkedHashMap;
import java.util.Map;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Payload;

/**
 * The honest mark a journal without capture gets where segments crossed the wire that no rule can deduce: a note on
 * endpoint {@value Lab#ITSELF}, in both languages, instead of segments that may never have been sent. Readers that
 * judge the wire (the quiz) tell these notes by {@link #is}.
 */
public final class UncountedSegments {
    /** Nagle's algorithm may hold back what a send added and join it to later sends. */
    public static final String NAGLE = "kernel.segments.uncounted.nagle";
    /** A listener's close reset the connections of its queue, but which lab sockets were theirs is not known. */
    public static final String QUEUE_RESET = "kernel.segments.uncounted.queueReset";

    private UncountedSegments() {
    }

    public static Payload.Note note(String key) {
        Map<String, String> text = new LinkedHashMap<>();
        for (Lang lang : Lang.values()) text.put(lang.code(), Messages.of(lang).get(key));
        return new Payload.Note(text);
    }

    /** Whether the note is one of these marks (its text is one of theirs in some language). */
    public static boolean is(Payload.Note note) {
        for (String key : new String[]{NAGLE, QUEUE_RESET})
            for (Lang lang : Lang.values())
                if (Messages.of(lang).get(key).equals(note.text().get(lang.code()))) return true;
        return false;
    }
}
