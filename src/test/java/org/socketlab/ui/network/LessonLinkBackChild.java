package org.socketlab.ui.network;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.socketlab.capture.LinkConditions;
import org.socketlab.capture.SecondHost;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.predict.LessonPlayer;
import org.socketlab.syscall.Libc;
import org.socketlab.testing.Await;
import org.socketlab.ui.common.FxInbox;
import org.socketlab.ui.common.Texts;

/**
 * A child program for LessonLinkBackTest, run inside a private lab network: the window's lab moved to two machines by
 * the Machines control's view-model (without the toolkit), then lessons played on it as the window plays them. After
 * round-trip (its own link, 50 ms each way) tcp-basics (no link of its own) runs on the ideal wire: its SYN crosses in
 * well under 50 ms; a user's 30 ms link set before round-trip is in force again after it, and the journal says so;
 * the header says each lesson's own link while it runs; bottleneck's own rate gives way to the user's after it; and the
 * presenter's key held at a run's end gives back the user's link, not the lesson's, when released.
 * Exit 0, or 1 with what differed.
 */
public final class LessonLinkBackChild {
    private LessonLinkBackChild() {
    }

    private static final FxInbox INBOX = new FxInbox((name, work) -> work.run());

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.out.println("differed: " + what);
            System.exit(1);
        }
    }

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

    /** The crossing of the first SYN the client sent after {@code seq}, in ns, as the wire told it. */
    private static long synCrossingAfter(Lab lab, long seq) {
        for (Event e : lab.journal().snapshot())
            if (e.seq() > seq && e.payload() instanceof Payload.Segment s && s.captured() && s.from().equals("client")
                    && s.flags().contains("SYN") && !s.flags().contains("ACK") && s.link() != null)
                return s.link().delayNs();
        check(false, "a SYN from the client with the wire's word after #" + seq);
        return -1;
    }

    private static void play(MachinesViewModel vm, Lab lab, String id) {
        check(LessonPlayer.play(vm.place(LessonLoader.load(id)), lab) != null, id + " played to its end");
    }

    public static void main(String[] args) throws Exception {
        try (Lab lab = Lab.capturingInBackground(Libc.forThisMachine())) {
            check(lab.network().isPrivate() && lab.movable(), "a window's lab in a private lab network");
            MachinesViewModel vm = new MachinesViewModel(lab, new Texts(Lang.EN), INBOX,
                    hosts -> CompletableFuture.runAsync(() -> lab.useHosts(hosts)));
            vm.choose(true);
            until(() -> !vm.busyProperty().get(), "moved: " + vm.statusProperty().get());
            check(lab.link().isPresent(), "the wire joins them: " + lab.secondHost().flatMap(SecondHost::wireMissing));

            List<String> headers = new ArrayList<>();
            vm.linkLineProperty().addListener((o, was, now) -> headers.add(now));
            play(vm, lab, "round-trip");
            INBOX.drain();
            check(headers.contains("link: 50 ms each way"),
                    "the header said round-trip's own link while it ran: " + headers);
            long before = lab.journal().snapshot().getLast().seq();
            play(vm, lab, "tcp-basics");
            long syn = synCrossingAfter(lab, before);
            System.out.printf("tcp-basics after round-trip: its SYN crossed in %.3f ms%n", syn / 1e6);
            check(syn < 20_000_000L, "tcp-basics ran on round-trip's link: its SYN crossed in " + syn / 1e6 + " ms");

            vm.setLink(new MachinesViewModel.LinkSettings(30, 0, 0, 0, 0));
            until(() -> !vm.busyProperty().get(), "the link changed: " + vm.statusProperty().get());
            play(vm, lab, "round-trip");
            long delay = lab.link().orElseThrow().toServer().delayUs();
            check(delay == 30_000, "the user's 30 ms link is back after round-trip: " + lab.link());
            check(vm.linkLineProperty().get().equals("link: 30 ms each way"), vm.linkLineProperty().get());
            check(lab.journal().snapshot().stream().anyMatch(e -> e.payload() instanceof Payload.Note n
                    && n.text().getOrDefault("en", "").startsWith("Lesson round-trip has ended: the link is again")
                    && n.text().getOrDefault("es", "").startsWith("La lección round-trip ha terminado")),
                    "the journal says the link is the user's again");
            long before30 = lab.journal().snapshot().getLast().seq();
            play(vm, lab, "tcp-basics");
            long syn30 = synCrossingAfter(lab, before30);
            System.out.printf("tcp-basics after round-trip on the user's 30 ms link: its SYN crossed in %.3f ms%n",
                    syn30 / 1e6);
            check(syn30 >= 29_500_000L && syn30 < 45_000_000L, "crossed in " + syn30 / 1e6 + " ms on a 30 ms link");

            // A lesson's own rate (bottleneck: 2,000 kbit/s) is its run's only: the user's 10,000 is back after it.
            vm.limitRate(10_000);
            until(() -> !vm.busyProperty().get() && lab.linkRate() == 10_000, "the user's rate: " + lab.linkRate());
            headers.clear();
            play(vm, lab, "bottleneck");
            INBOX.drain();
            System.out.println("the header while and after bottleneck ran: " + headers);
            check(headers.contains("link: 30 ms each way, at most 2,000 kbit/s"),
                    "the header said bottleneck's own rate while it ran: " + headers);
            check(lab.linkRate() == 10_000, "the user's rate is back after bottleneck: " + lab.linkRate());
            check(vm.linkLineProperty().get().equals("link: 30 ms each way, at most 10,000 kbit/s"),
                    vm.linkLineProperty().get());
            check(lab.journal().snapshot().stream().anyMatch(e -> e.payload() instanceof Payload.Note n
                    && n.text().getOrDefault("en", "").startsWith("Lesson bottleneck has ended: the link again")),
                    "the journal says the rate is the user's again");

            // The presenter's key held when a lesson's run ends: the user's link, not the lesson's, comes back when it
            // is released (the lab's own part of the hand-back, on the real wire).
            LinkConditions users = lab.link().orElseThrow();
            LinkConditions lessons = new LinkConditions(new LinkConditions.Way(50_000, 0, 0, 1, 0, 0),
                    new LinkConditions.Way(50_000, 0, 0, 1, 0, 0), users.rateKbit(), 1);
            lab.restartLink(lessons);
            lab.dropEverything(true);
            lab.returnLink(lessons, users, "round-trip");
            lab.dropEverything(false);
            check(users.equals(lab.link().orElseThrow()), "after the key, the user's link: " + lab.link());
        }
        System.out.println("lesson link back: passed");
        System.exit(0);
    }
}
