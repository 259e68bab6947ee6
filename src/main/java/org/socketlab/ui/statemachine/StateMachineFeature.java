package org.socketlab.ui.statemachine;

import javafx.scene.Node;
import org.socketlab.ui.common.Replayable;
import org.socketlab.ui.common.ReplayingFeature;
import org.socketlab.ui.common.Texts;

/**
 * The TCP state machine (and the UDP strip), a {@link ReplayingFeature}: it shows the kernel's states at the playback's moment,
 * so it follows replays only.
 */
public final class StateMachineFeature implements ReplayingFeature {
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
    public Replayable replayable() {
        return viewModel;
    }
}
