package org.socketlab.ui.sockets;

import javafx.scene.Node;
import org.socketlab.ui.common.Replayable;
import org.socketlab.ui.common.ReplayingFeature;

/**
 * The socket table, a {@link ReplayingFeature}: it shows the sockets at the playback's moment, so it follows replays only. Its
 * view-model is the window's ({@code ShellViewModel} keeps it across sessions and makes a new one for a replayed file).
 */
public final class SocketsFeature implements ReplayingFeature {
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
    public Replayable replayable() {
        return viewModel;
    }
}
