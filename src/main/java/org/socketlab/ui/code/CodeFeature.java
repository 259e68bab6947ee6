package org.socketlab.ui.code;

import java.util.List;
import javafx.scene.Node;
import org.socketlab.journal.Event;
import org.socketlab.ui.common.Replayable;
import org.socketlab.ui.common.ReplayingFeature;
import org.socketlab.ui.common.Texts;

/**
 * The code panel, a {@link ReplayingFeature}: every event of the session (the whole session's code), the playback cursor's
 * moment (the code up to it), and {@link #select(Event)} for the call chosen in
 * the journal or the diagram ({@link #followLatest()} to go back to the call at the cursor).
 */
public final class CodeFeature implements ReplayingFeature {
    private final CodeViewModel viewModel;
    private CodeView view;

    public CodeFeature(Texts texts) {
        this.viewModel = new CodeViewModel(texts);
    }

    public CodeViewModel viewModel() {
        return viewModel;
    }

    /** Built on first use (FX thread). */
    @Override
    public Node view() {
        if (view == null) view = new CodeView(viewModel);
        return view;
    }

    /** Every event of the session: the code of the whole session is written from them. */
    @Override
    public void onEvents(List<Event> batch) {
        viewModel.onEvents(batch);
    }

    @Override
    public Replayable replayable() {
        return viewModel;
    }

    /** Shows the code of this call event; a non-call event (or null) returns to the call at the cursor. */
    public void select(Event event) {
        viewModel.select(event);
    }

    public void followLatest() {
        viewModel.followLatest();
    }
}
