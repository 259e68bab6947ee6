package org.socketlab.ui.code;

import java.util.List;
import java.util.function.Consumer;
import javafx.scene.Node;
import org.socketlab.lab.Event;
import org.socketlab.ui.common.Texts;

/**
 * The code panel, ready to place: {@link #view()}, an event sink for the bridge (every event, for the whole
 * session), {@link CodeViewModel#replay} for the playback cursor, and {@link #select(Event)} for the call chosen in
 * the journal or the diagram ({@link #followLatest()} to go back to the call at the cursor).
 */
public final class CodeFeature implements Consumer<List<Event>> {
    private final CodeViewModel viewModel;
    private CodeView view;

    public CodeFeature(Texts texts) {
        this.viewModel = new CodeViewModel(texts);
    }

    public CodeViewModel viewModel() {
        return viewModel;
    }

    /** Built on first use (FX thread). */
    public Node view() {
        if (view == null) view = new CodeView(viewModel);
        return view;
    }

    @Override
    public void accept(List<Event> batch) {
        viewModel.onEvents(batch);
    }

    /** Shows the code of this call event; a non-call event (or null) returns to the call at the cursor. */
    public void select(Event event) {
        viewModel.select(event);
    }

    public void followLatest() {
        viewModel.followLatest();
    }
}
