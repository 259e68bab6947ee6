package org.socketlab.ui.sockets;

import java.util.List;
import javafx.scene.Node;
import org.socketlab.lab.Event;
import org.socketlab.ui.common.Feature;

/**
 * The socket table, a {@link Feature}: it shows the sockets at the playback's moment, so it follows replays only. Its
 * view-model is the window's ({@code ShellViewModel} keeps it across sessions and makes a new one for a replayed file).
 */
public final class SocketsFeature implements Feature {
    private final SocketsViewModel viewModel;
    private SocketTableView view;

    public SocketsFeature(SocketsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public SocketsViewModel viewModel() {
        return viewModel;
    }

    /** Built on first use (FX thread). */
    @Override
    public Node view() {
        if (view == null) view = new SocketTableView(viewModel);
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
