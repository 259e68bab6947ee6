package org.socketlab.ui.statemachine;

import java.util.List;
import javafx.scene.Node;
import org.socketlab.lab.Event;
import org.socketlab.ui.common.Feature;
import org.socketlab.ui.common.Texts;

/**
 * The TCP state machine (and the UDP strip), a {@link Feature}: it shows the kernel's states at the playback's moment,
 * so it follows replays only.
 */
public final class StateMachineFeature implements Feature {
    private final StateMachineViewModel viewModel;
    private StateMachineView view;

    public StateMachineFeature(Texts texts) {
        this.viewModel = new StateMachineViewModel(texts);
    }

    public StateMachineViewModel viewModel() {
        return viewModel;
    }

    /** Built on first use (FX thread). */
    @Override
    public Node view() {
        if (view == null) view = new StateMachineView(viewModel);
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
