package org.socketlab.ui.shell;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.share.JoinCode;
import org.socketlab.share.RoomAnswers;
import org.socketlab.share.ShareServer;
import org.socketlab.share.StoryRoomRenderer;
import org.socketlab.ui.share.RoomShare;

/**
 * Where the window's "Share with the room" meets the share layer's web server (issue 80): the server serves this lab's
 * journal from the moment sharing starts ({@link WindowShare}), rendered by the story layer, with the room's answers
 * (the server tells them how many pages follow). The lesson and the language are read on the FX thread as they change
 * and kept for the server's threads.
 */
final class RoomServerWiring implements RoomShare.Server {
    private final ShellViewModel vm;
    private volatile @Nullable Lesson lesson;
    private volatile Lang lang;
    private volatile @Nullable WindowShare sharing;

    private RoomServerWiring(ShellViewModel vm) {
        this.vm = vm;
        this.lesson = vm.lessonProperty().get();
        this.lang = vm.langProperty().get();
        // The view-model's own properties, for as long as it lives: no listener outlives the window.
        vm.lessonProperty().addListener((obs, was, is) -> {
            lesson = is;
            WindowShare now = sharing;
            if (now != null) now.lesson(is);
        });
        vm.langProperty().addListener((obs, was, is) -> lang = is);
    }

    /** What starts the room's server for the window {@code vm} (FX thread, as the view-model is made). */
    static RoomShare.Server server(ShellViewModel vm) {
        return new RoomServerWiring(vm);
    }

    @Override
    public RoomShare.Sharing start(InetSocketAddress address, RoomAnswers answers)
            throws IOException {
        if (!(vm.lab() instanceof WindowLab.Live(Lab live))) throw new LocalizedException("ui.share.unavailable");
        WindowShare session = new WindowShare(live.journal(), lesson, answers);
        ShareServer server;
        try {
            server = ShareServer.start(session, new StoryRoomRenderer(), answers, address.getAddress(),
                    address.getPort(), JoinCode.random(), lang, ShareServer.Limits.DEFAULT);
        } catch (IOException | RuntimeException failed) {
            session.close();
            throw failed;
        }
        sharing = session;
        return new RoomShare.Sharing() {
            @Override
            public String url() {
                return server.address().toString();
            }

            @Override
            public String code() {
                return server.code().text();
            }

            @Override
            public void stop() {
                sharing = null;
                server.close();
                session.close();
            }
        };
    }
}
