package org.socketlab.ui.shell;

import java.util.Optional;
import org.socketlab.journal.Journal;
import org.socketlab.lab.Lab;

/**
 * The window's lab, or none: this system cannot make real calls (another OS), or the lab could not start. Said once,
 * where the window is made ({@link #of}), so nothing in it checks for a null lab.
 */
sealed interface WindowLab {
    /** A lab that makes real calls. */
    record Live(Lab lab) implements WindowLab {
    }

    /** No lab: the window says why and makes no call. */
    record Absent() implements WindowLab {
    }

    /** {@code lab} as the window holds it: null (the caller's word for "no lab") becomes {@link Absent}. */
    static WindowLab of(Lab lab) {
        return lab == null ? new Absent() : new Live(lab);
    }

    /** The lab, where there is one. */
    default Optional<Lab> live() {
        return switch (this) {
            case Live l -> Optional.of(l.lab());
            case Absent a -> Optional.empty();
        };
    }

    /** The lab's journal, or a new empty one where there is no lab (each asker its own, as before). */
    default Journal journalOrEmpty() {
        return switch (this) {
            case Live l -> l.lab().journal();
            case Absent a -> new Journal();
        };
    }
}
