package org.socketlab.ui.processes;

import java.util.List;
import javafx.scene.Node;
import org.socketlab.lab.Event;
import org.socketlab.ui.common.Feature;
import org.socketlab.ui.common.Texts;

/**
 * The Processes view, a {@link Feature}: the processes and their descriptor tables at the playback's moment, so it
 * follows replays only.
 */
public final class ProcessesFeature implements Feature {
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
    public void replay(List<Event> throughCursor) {
        viewModel.replay(throughCursor);
    }

    @Override
    public void older(List<Event> gone) {
        viewModel.older(gone);
    }
}
