package org.socketlab.ui.network;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.socketlab.capture.SecondHost;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.story.LinkTime;
import org.socketlab.story.StoryText;
import org.socketlab.story.TimeAxis;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.testing.Await;
import org.socketlab.ui.common.FxInbox;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.diagram.DiagramModel;
import org.socketlab.ui.diagram.DiagramTime;
import org.socketlab.ui.diagram.Row;

/**
 * A child program for LiveLinkControlsTest, run inside a private lab network: the window's Machines control's
 * view-model (without the toolkit, its inbox drained as a frame would) on a window's lab moved to two machines, which
 * SocketLab's wire joins. The delay set to 50 ms: the link's line says so, and the first segment captured after the
 * change crossed in 50 ms (+ 2, or + 25 on a machine busier than its cores: the wire then wakes late), was
 * journaled within a second of its send, and its arrow in the window's diagram spans that crossing on the ruler. The presenter's key held: the line says
 * every packet is dropped, and the next segment is journaled lost on the link; released: the link carries again and
 * the bytes arrive. Exit 0, or 1 with what differed.
 */
public final class LinkControlChild {
    private LinkControlChild() {
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.out.println("differed: " + what);
            System.exit(1);
        }
    }

    private static final FxInbox INBOX = new FxInbox((name, work) -> work.run());

    private static void until(BooleanSupplier done, String what) {
        try {
            Await.until(Duration.ofSeconds(30), () -> {
                INBOX.drain();
                return done.getAsBoolean();
            }, () -> what);
        } catch (AssertionError e) {
            check(false, e.getMessage());
        }
    }

    private static Payload.Call call(Lab lab, String endpoint, Request r) throws Exception {
        return (Payload.Call) lab.endpoint(endpoint).call(r).get(30, TimeUnit.SECONDS).payload();
    }

    /** The first captured segment from the client journaled after {@code seq}, or null. */
    private static Event firstFromClientAfter(Lab lab, long seq) {
        for (Event e : lab.journal().snapshot())
            if (e.seq() > seq && e.payload() instanceof Payload.Segment s && s.captured() && s.from().equals("client")
                    && s.len() > 0)
                return e;
        return null;
    }

    /**
     * The window's diagram (its view-model, without the toolkit) draws that segment to the link's time: its arrow lands
     * as far below where it left as the crossing took, read on the ruler's own marks, with no fold between.
     */
    private static void arrowSpansTheCrossing(Lab lab, Event first, long delayNs) {
        // The diagram tells a slowed link by two slow crossings among the newest (LinkTime): the segment's own, then
        // its ACK's, one delay later. Within a second of the segment, as the window redraws (ci12: read before the ACK).
        long until = System.nanoTime() + 1_000_000_000L;
        DiagramModel diagram;
        DiagramTime time;
        do {
            diagram = new DiagramModel();
            diagram.append(lab.journal().snapshot());
            time = DiagramTime.of(diagram, 13, 40, i -> 0);
            if (time == null) LockSupport.parkNanos(20_000_000);
        } while (time == null && System.nanoTime() < until);
        check(time != null, "the diagram is drawn to time within a second of the change: " + diagram.linkTime());
        int row = -1;
        for (Row r : diagram.rows())
            if (r instanceof Row.SegmentArrow && r.event().seq() == first.seq()) row = r.index();
        check(row >= 0, "the segment has its row");
        double left = time.momentY(row), landed = time.arrivalY(row, (Payload.Segment) first.payload());
        long step = time.axis().tickStepMs(13 * 3);
        List<TimeAxis.Tick> ticks = time.axis().ticks(step);
        // Two neighbouring marks of the ruler with no fold between them, the nearest to where the arrow leaves.
        TimeAxis.Tick a = null, b = null;
        for (int i = 1; i < ticks.size(); i++)
            if (ticks.get(i).ms() - ticks.get(i - 1).ms() == step
                    && (a == null || Math.abs(ticks.get(i).y() - left) < Math.abs(b.y() - left))) {
                        a = ticks.get(i - 1);
                        b = ticks.get(i);
                    }
        check(a != null, "the ruler has two neighbouring marks: " + ticks);
        double msPerPx = (b.ms() - a.ms()) / (b.y() - a.y());
        for (TimeAxis.Fold f : time.axis().folds())
            check(f.bottom() <= left || f.top() >= landed, "no fold inside the crossing: " + f);
        double spanMs = (landed - left) * msPerPx;
        Long flight = LinkTime.flightNs((Payload.Segment) first.payload());
        check(flight != null && Math.abs(spanMs - flight / 1e6) < 0.05 && Math.abs(spanMs - delayNs / 1e6) < 2,
                "the arrow spans " + spanMs + " ms; captured crossing " + flight + " ns, the wire's " + delayNs);
        System.out.printf("its arrow in the window's diagram spans %.3f ms on the ruler (%.1f px at %.3f px/ms)%n",
                spanMs, landed - left, time.pxPerMs());
    }

    /**
     * Every segment the link delivered after the change, either way (data, the server's ACKs, retransmissions), took the
     * 50 ms it was set to, and what it waited for the wire besides; a label that says more than 50 ms says why. Seen at
     * load 22 and 15 on two cores: a segment to the server 103 ms (the wire, a process, read it 53 ms late), an ACK to
     * the client 81 ms (the wire sent it 31 ms after the moment it planned).
     */
    private static void everyCrossingAfterTheChangeTookTheDelay(Lab lab, long after, long late) {
        Messages en = Messages.of(Lang.EN);
        List<String> crossings = new ArrayList<>();
        for (Event e : lab.journal().snapshot()) {
            if (e.seq() <= after || !(e.payload() instanceof Payload.Segment s) || !s.captured() || s.link() == null
                    || !s.link().fate().equals(Payload.Passage.DELIVERED))
                continue;
            long d = s.link().delayNs(), waited = s.link().wireLateNs();
            String label = StoryText.passage(s.link(), en);
            crossings.add(String.format(Locale.ROOT, "#%d %s %s %.3f ms (%.3f waiting for the wire): %s", e.seq(),
                    s.from(), s.flags(), d / 1e6, waited / 1e6, label));
            check(d - waited >= 49_500_000L && d - waited <= 50_000_000L + late, "crossed in " + d / 1e6 + " ms, "
                    + waited / 1e6 + " ms of them waiting for the wire: " + s);
            check(waited < 2_000_000L || label.contains("waiting for SocketLab's wire"), label);
        }
        check(crossings.size() >= 3, "crossings after the change: " + crossings);
        System.out.println("every crossing after the change: " + crossings);
    }

    public static void main(String[] args) throws Exception {
        Messages en = Messages.of(Lang.EN);
        try (Lab lab = Lab.capturingInBackground(Libc.forThisMachine())) {
            check(lab.network().isPrivate() && lab.movable(), "a window's lab in a private lab network");
            MachinesViewModel vm = new MachinesViewModel(lab, new Texts(Lang.EN), INBOX,
                    hosts -> CompletableFuture.runAsync(() -> lab.useHosts(hosts)));
            vm.choose(true);
            until(() -> !vm.busyProperty().get(), "moved: " + vm.statusProperty().get());
            check(vm.twoProperty().get(), "on two machines: " + vm.statusProperty().get());
            check(lab.link().isPresent(), "the wire joins them: " + lab.secondHost().flatMap(SecondHost::wireMissing));
            check(vm.linkLineProperty().get().equals("link: no delay, no loss"), vm.linkLineProperty().get());

            int port = LessonRunner.freePort();
            int listener = (int) call(lab, "server", new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
            SockAddr addr = SockAddr.parse(SecondHost.SERVER_ADDRESS + ":" + port, Domain.AF_INET);
            check(call(lab, "server", new Request.Bind(listener, addr)).result() == 0, "bind");
            check(call(lab, "server", new Request.Listen(listener, 5)).result() == 0, "listen");
            int client = (int) call(lab, "client", new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
            check(call(lab, "client", new Request.Connect(client, addr)).result() == 0, "connect");
            int conn = (int) call(lab, "server", new Request.Accept(listener)).result();

            // The delay moves to 50 ms: the first segment captured after it crossed in 50 ms.
            vm.setLink(new MachinesViewModel.LinkSettings(50, 0, 0, 0, 0));
            until(() -> !vm.busyProperty().get(), "the link changed: " + vm.statusProperty().get());
            check(vm.linkLineProperty().get().equals("link: 50 ms each way"), vm.linkLineProperty().get());
            check(lab.journal().snapshot().stream().anyMatch(e -> e.payload() instanceof Payload.Note n
                    && n.text().getOrDefault("en", "").equals(en.get("link.live.changed", "link: 50 ms each way"))),
                    "the change is journaled");
            long before = lab.journal().snapshot().getLast().seq();
            long sentNs = System.nanoTime();
            call(lab, "client", new Request.Send(client, "hola".getBytes(StandardCharsets.UTF_8), Set.of()));
            until(() -> firstFromClientAfter(lab, before) != null, "a segment captured after the change");
            Event first = firstFromClientAfter(lab, before);
            Payload.Segment s = (Payload.Segment) first.payload();
            check(s.link() != null, "it carries the wire's word: " + s);
            long delay = s.link().delayNs();
            // The wire reads a frame within microseconds on a quiet machine; a busy one (load above its cores) may wake
            // it milliseconds late, which the crossing then truly includes: the upper bound allows for it there only.
            double load = Double.parseDouble(
                    Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            boolean busy = load > Runtime.getRuntime().availableProcessors();
            long late = busy ? 25_000_000L : 2_000_000L;
            check(delay >= 49_500_000L && delay <= 50_000_000L + late,
                    "crossed in " + delay / 1e6 + " ms (load " + load + "): " + s);
            check(first.atNs() - sentNs < 1_000_000_000L, "journaled " + (first.atNs() - sentNs) / 1e6
                    + " ms after its send");
            System.out.printf(
                    "the first segment after the change crossed in %.3f ms, journaled %.1f ms after its send (load %.1f)%n",
                    delay / 1e6, (first.atNs() - sentNs) / 1e6, load);
            arrowSpansTheCrossing(lab, first, delay);
            Payload.Call got = call(lab, "server", new Request.Recv(conn, 100, Set.of()));
            check(got.result() == 4, "the bytes arrived: " + got.result());

            // The presenter's key: every packet dropped while it is held, said at once.
            vm.dropEverything(true);
            check(vm.linkLineProperty().get().equals(en.get("link.ui.dropping")), vm.linkLineProperty().get());
            until(() -> lab.link().map(c -> c.toServer().lossPpm() == 1_000_000).orElse(false), "dropping");
            long held = lab.journal().snapshot().getLast().seq();
            call(lab, "client", new Request.Send(client, "adios".getBytes(StandardCharsets.UTF_8), Set.of()));
            until(() -> firstFromClientAfter(lab, held) != null, "the segment sent while the key was held");
            Payload.Segment dropped = (Payload.Segment) firstFromClientAfter(lab, held).payload();
            check(dropped.link() != null && dropped.link().fate().equals(Payload.Passage.LOST)
                    && dropped.neverArrived(), "lost on the link: " + dropped);
            vm.dropEverything(false);
            until(() -> lab.link().map(c -> c.toServer().lossPpm() == 0).orElse(false), "carrying again");
            check(vm.linkLineProperty().get().equals("link: 50 ms each way"), vm.linkLineProperty().get());
            got = call(lab, "server", new Request.Recv(conn, 100, Set.of()));
            check(got.result() == 5, "retransmitted, the bytes arrived: " + got.result());
            List<String> notes = lab.journal().snapshot().stream()
                    .filter(e -> e.payload() instanceof Payload.Note).map(e -> ((Payload.Note) e.payload()).text()
                            .getOrDefault("en", ""))
                    .toList();
            check(notes.stream().anyMatch(n -> n.startsWith("The presenter holds the drop key"))
                    && notes.stream().anyMatch(n -> n.startsWith("The drop key is released")), notes.toString());
            everyCrossingAfterTheChangeTookTheDelay(lab, before, late);
        }
        System.out.println("link control: passed");
        System.exit(0);
    }
}
