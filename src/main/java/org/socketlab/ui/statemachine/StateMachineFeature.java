package org.socketlab.ui.statemachine;

import java.util.List;
import java.util.function.Consumer;
import javafx.scene.Node;
import org.socketlab.lab.Event;
import org.socketlab.ui.common.Texts;

/** The TCP state machine (and the UDP strip), ready to place: {@link #view()} and an event sink for the bridge. */
public final class StateMachineFeature implements Consumer<List<Event>> {
    private final StateMachineViewModel viewModel;
    private StateMachineView view;

    public StateMachineFeature(Texts texts) {
        this.viewModel = new StateMachineViewModel(texts);
    }

    public StateMachineViewModel viewModel() {
        return viewModel;
    }

    /** Built on first use (FX thread). */
    public Node view() {
        if (view == null) view = new StateMachineView(viewModel);
        return view;
    }

    /** The bridge's sink: every new event in journal order, on the FX thread. */
    @Override
    public void accept(List<Event> batch) {
        viewModel.onEvents(batch);
    }
}
