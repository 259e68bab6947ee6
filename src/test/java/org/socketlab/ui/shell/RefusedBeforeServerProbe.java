package org.socketlab.ui.shell;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.socketlab.capture.SecondHost;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.TcpFlag;
import org.socketlab.lab.Lab;
import org.socketlab.lab.LabHosts;
import org.socketlab.lab.Request;
import org.socketlab.lesson.JournalWait;
import org.socketlab.story.Beat;
import org.socketlab.story.LifelineHosts;
import org.socketlab.story.Story;
import org.socketlab.story.StoryText;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.ui.common.FxInbox;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.watch.WatchViewModel;

/**
 * A test program run inside a lab network (LabNetworkHostsTest; issue 57, window review finding 3b): the window's lab
 * put on two machines as Machines → Two machines does it (SessionControl: reset, moved, the session cut), then the
 * client connects to the server's machine before the server made any call. Prints what the new session's story says of
 * the refusal: its lifelines, where the RST is drawn from and to, its line, and the server's host.
 */
public final class RefusedBeforeServerProbe {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(30);

    private RefusedBeforeServerProbe() {
    }

    public static void main(String[] args) throws Exception {
        Messages en = Messages.of(Lang.EN);
        try (Lab lab = Lab.capturingInBackground(Libc.forThisMachine())) {
            lab.awaitCapture();
            FxInbox inbox = new FxInbox();
            SessionControl session = new SessionControl(WindowLab.of(lab),
                    new WatchViewModel(lab, new Texts(Lang.EN), inbox), () -> LabHosts.SERVER_APART, inbox);
            session.resetFirst(LabHosts.SERVER_APART).get(60, TimeUnit.SECONDS);
            session.cutSession();
            long cut = session.pendingCut();
            int fd = lab.client().call(new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM))
                    .get(30, TimeUnit.SECONDS).payload() instanceof Payload.Call c ? (int) c.result() : -1;
            Event connect = lab.client().call(new Request.Connect(fd,
                    SockAddr.parse(SecondHost.SERVER_ADDRESS + ":5000", Domain.AF_INET))).get(30, TimeUnit.SECONDS);
            System.out.println("connect " + ((Payload.Call) connect.payload()).errnoName());
            List<Event> events = settled(lab, cut);
            Story story = Story.of(events);
            System.out.println("lifelines " + story.lifelines());
            for (Beat b : story.beats())
                if (b instanceof Beat.Segment s && s.segment().has(TcpFlag.RST) && s.captured()) {
                    System.out.println("rst drawn " + s.drawnFrom() + " -> " + s.drawnTo());
                    System.out.println("rst line " + StoryText.line(s, en));
                }
            System.out.println("server host " + LifelineHosts.label("server", LifelineHosts.of(story.beats()), en));
        }
    }

    /**
     * The session's events once the RST was captured and the server's process said where it lives (at most 30 s each:
     * without the latter, the story is read as it is).
     */
    private static List<Event> settled(Lab lab, long cut) throws InterruptedException {
        JournalWait.until(lab.journal(), Duration.ofNanos(WAIT_NS), List.of(), () -> {
            List<Event> events = lab.journal().after(cut);
            boolean rst = events.stream().anyMatch(e -> e.payload() instanceof Payload.Segment s
                    && s.has(TcpFlag.RST) && s.captured());
            boolean placed = events.stream().anyMatch(e -> e.endpoint().equals(Lab.SERVER)
                    && e.payload() instanceof Payload.Process p && Payload.Process.STARTED.equals(p.event()));
            return rst && placed;
        });
        return lab.journal().after(cut);
    }
}
