package org.socketlab.ui.sockets;

import java.util.List;
import java.util.function.Consumer;
import javafx.scene.Node;
import org.socketlab.lab.Event;
import org.socketlab.ui.common.Texts;

/** The socket table, ready to place: {@link #view()} and an event sink for the journal bridge. */
public final class SocketsFeature implements Consumer<List<Event>> {
    private final SocketsViewModel viewModel;
    private SocketTableView view;

    public SocketsFeature(Texts texts) {
        this.viewModel = new SocketsViewModel(texts);
    }

    public SocketsViewModel viewModel() {
        return viewModel;
    }

    /** Built on first use (FX thread). */
    public Node view() {
        if (view == null) view = new SocketTableView(viewModel);
        return view;
    }

    /** The bridge's sink: every new event in journal order, on the FX thread. */
    @Override
    public void accept(List<Event> batch) {
        viewModel.onEvents(batch);
    }
}
