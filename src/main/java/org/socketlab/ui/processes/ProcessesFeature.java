package org.socketlab.ui.processes;

import javafx.scene.Node;
import org.socketlab.ui.common.Replayable;
import org.socketlab.ui.common.ReplayingFeature;
import org.socketlab.ui.common.Texts;

/**
 * The Processes view, a {@link ReplayingFeature}: the processes and their descriptor tables at the playback's moment, so it
 * follows replays only.
 */
public final class ProcessesFeature implements ReplayingFeature {
    private final ProcessesViewModel viewModel;
    private ProcessesView view;

    public ProcessesFeature(Texts texts) {
        this.viewModel = new ProcessesViewModel(texts);
    }

    public ProcessesViewModel viewModel() {
        return viewModel;
    }

    /** Built on first use (FX thread). */
    @Override
    public Node view() {
        if (view == null) view = new ProcessesView(viewModel);
        return view;
    }

    @Override
    public Replayable replayable() {
        return viewModel;
    }
}
