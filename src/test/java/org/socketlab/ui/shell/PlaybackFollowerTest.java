package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.ui.RealLifecycle;
import org.socketlab.ui.code.CodeViewModel;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.diagram.DiagramModel;
import org.socketlab.ui.playback.PlaybackModel;

/** The socket table and state machine see the journal only up to the playback cursor, without the toolkit. */
class PlaybackFollowerTest {

    @Test
    void followersSeeExactlyTheEventsUpToTheLastVisibleRow() {
        DiagramModel model = new DiagramModel();
        PlaybackModel playback = new PlaybackModel(() -> 0L);
        List<Long> lastSeqSeen = new ArrayList<>();
        PlaybackFollower follower = new PlaybackFollower(model, playback,
                List.of(prefix -> lastSeqSeen.add(prefix.isEmpty() ? 0 : prefix.getLast().seq())));
        List<Event> events = List.of(
                new Event(1, 1, "lab", new Payload.Capture(Payload.Capture.STARTED, "tcpdump")),
                new Event(2, 2, "server", new Payload.Call("socket", null, Map.of(), 3, null, null, null, 0)),
                new Event(3, 3, "server", new Payload.State(3, "CLOSED", "LISTEN", "tcp_info")),
                new Event(4, 4, "client", new Payload.Call("socket", null, Map.of(), 4, null, null, null, 0)));
        model.append(events);
        playback.setTotal(model.rowCount());
        follower.onEvents(events);

        playback.jumpToStart();
        assertEquals(0L, lastSeqSeen.getLast(), "nothing shown: nothing replayed");
        playback.stepForward();
        assertEquals(1L, lastSeqSeen.getLast(), "the first row says the wire is captured");
        playback.stepForward();
        assertEquals(2L, lastSeqSeen.getLast());
        playback.stepForward();
        assertEquals(3L, lastSeqSeen.getLast());
        playback.jumpToEnd();
        assertEquals(4L, lastSeqSeen.getLast());
        int calls = lastSeqSeen.size();
        playback.jumpToEnd();
        assertEquals(calls, lastSeqSeen.size(), "the same moment is not replayed again");
    }

    /** Issue 9: the code panel showed close while the cursor was on bind. It follows the cursor like every view. */
    @Test
    void theCodePanelShowsTheCallAtTheCursor() {
        List<Event> journal;
        try (Lab lab = Lab.withoutCapture()) {
            RealLifecycle.run(lab);
            journal = lab.journal().snapshot();
        }
        DiagramModel model = new DiagramModel();
        PlaybackModel playback = new PlaybackModel(() -> 0L);
        var code = new CodeViewModel(
                new Texts(Lang.EN));
        PlaybackFollower follower = new PlaybackFollower(model, playback, List.of(code::replay));
        model.append(journal);
        playback.setTotal(model.rowCount());
        code.onEvents(journal);
        follower.onEvents(journal);
        playback.jumpToEnd();
        assertEquals("recvfrom", code.currentProperty().get().call());
        playback.jumpToStart();
        while (!(code.currentProperty().get() != null && code.currentProperty().get().call().equals("bind"))) {
            assertTrue(playback.positionProperty().get() < model.rowCount(), "the cursor never reached bind");
            playback.stepForward();
        }
        long bindSeq = code.currentProperty().get().seq();
        int visible = playback.visibleRows();
        assertEquals(bindSeq, model.row(visible - 1).event().seq(), "the code shows the diagram's row at the cursor");
    }
}
