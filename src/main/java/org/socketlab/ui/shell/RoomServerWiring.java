package org.socketlab.ui.shell;

import org.socketlab.i18n.LocalizedException;
import org.socketlab.ui.share.RoomShare;

/**
 * The one place where the window's "Share with the room" meets the share layer's web server (issue 80). The server
 * ({@code org.socketlab.share.ShareServer}, with the window's {@code SharedSession}) is built beside this branch; until
 * it is wired here, starting says in one line that this build cannot share, and nothing is bound.
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
