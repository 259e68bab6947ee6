package org.socketlab.ui.shell;

import org.socketlab.ui.diagram.DiagramModel;
import org.socketlab.ui.diagram.Row;
import org.socketlab.ui.playback.PlaybackModel;

/**
 * Next and previous step for a presenter's clicker. In a lesson a step is its narration with the calls and kernel
 * events that follow it, so one press shows one whole step; without narration a step is one row of the diagram.
 * Moving never makes a call: it moves the playback cursor over the journal.
 */
public final class StepNavigator {
    private final DiagramModel model;
    private final PlaybackModel playback;

    public StepNavigator(DiagramModel model, PlaybackModel playback) {
        this.model = model;
        this.playback = playback;
    }

    /** Shows up to the end of the next step (up to, not including, the narration after it). */
    public void next() {
        if (!hasNarration()) {
            playback.stepForward();
            return;
        }
        double at = playback.position();
        int total = model.rowCount();
        for (int i = 0; i < total; i++)
            if (model.row(i) instanceof Row.NoteRow && i > at + 1e-9) {
                playback.seek(i);
                return;
            }
        playback.seek(total);
    }

    /** Back to the end of the step before the one on screen. */
    public void previous() {
        if (!hasNarration()) {
            playback.stepBack();
            return;
        }
        double at = playback.position();
        for (int i = Math.min(model.rowCount(), (int) Math.ceil(at)) - 1; i > 0; i--)
            if (model.row(i) instanceof Row.NoteRow && i < at - 1e-9) {
                playback.seek(i);
                return;
            }
        playback.seek(0);
    }

    private boolean hasNarration() {
        for (int i = 0; i < model.rowCount(); i++) if (model.row(i) instanceof Row.NoteRow) return true;
        return false;
    }
}
