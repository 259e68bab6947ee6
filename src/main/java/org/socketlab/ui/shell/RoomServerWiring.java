package org.socketlab.ui.shell;

import org.socketlab.i18n.LocalizedException;
import org.socketlab.ui.share.RoomShare;

/**
 * The one place where the window's "Share with the room" meets the share layer's web server (issue 80). The server
 * ({@code org.socketlab.share.ShareServer}, built beside this on the share-server branch) is wired here at the merge:
 * {@code ShareServer.start(windowSession, renderer, answers, address.getAddress(), address.getPort(), code, lang,
 * limits)} returned as a {@link RoomShare.Sharing} ({@code url()}: its {@code address()}, {@code code()}: its join
 * code, {@code stop()}: its {@code close()}), with the server's {@code clients()} handed to
 * {@code answers.connected(n)} as it changes, and the window's {@code SharedSession} (this lab's journal, the lesson
 * and its step, the room's question). Until then, starting says in one line that this build cannot share, and nothing
 * is bound.
 */
final class RoomServerWiring {
    private RoomServerWiring() {
    }

    /** What starts the room's server for the window {@code vm}. */
    static RoomShare.Server server(ShellViewModel vm) {
        return (address, answers) -> {
            throw new LocalizedException("ui.share.unavailable");
        };
    }
}
