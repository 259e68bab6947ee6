package org.socketlab.ui.network;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.socketlab.capture.SecondHost;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.testing.Await;
import org.socketlab.ui.common.FxInbox;
import org.socketlab.ui.common.Texts;

/**
 * A child program for LossLessonsTest, run inside a private lab network: the window's Network control's view-model on
 * a live connection, without the toolkit (its inbox drained as the bridge would, once a "frame"). Lose the
 * next client → server segment, send: the segment is lost, retransmitted, the bytes arrive, and the control says the
 * loss happened; armed again and Reset all: no rule is left and the control says so. Exit 0, or 1 with what differed.
 */
public final class NetworkControlChild {
    private NetworkControlChild() {
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.out.println("differed: " + what);
            System.exit(1);
        }
    }

    private static Payload.Call call(Lab lab, String endpoint, Request r) throws Exception {
        return (Payload.Call) lab.endpoint(endpoint).call(r).get(30, TimeUnit.SECONDS).payload();
    }

    /** The window's inbox: its workers on the caller's thread, drained by {@link #until} as a frame would. */
    private static final FxInbox INBOX = new FxInbox((name, work) -> work.run());

    private static void until(NetworkViewModel vm, BooleanSupplier done, String what) {
        try {
            // The inbox is drained on each look, as the window's pulse would: the answers arrive through it.
            Await.until(Duration.ofSeconds(20), () -> {
                INBOX.drain();
                vm.noticeSpentLoss();
                return done.getAsBoolean();
            }, () -> what);
        } catch (AssertionError e) {
            check(false, e.getMessage());
        }
    }

    /** With "two": the server on a second machine, the rule in that machine's kernel (issue 40). */
    public static void main(String[] args) throws Exception {
        Messages en = Messages.of(Lang.EN);
        boolean two = args.length > 0 && args[0].equals("two");
        try (Lab lab = two ? Lab.onTwoHosts(Libc.forThisMachine(), new Journal()) : Lab.onThisMachine()) {
            check(lab.network().isPrivate(), "in a private lab network");
            NetworkViewModel vm = new NetworkViewModel(lab, new Texts(Lang.EN), INBOX);
            check(vm.available(), "the control is available");
            check(vm.statusProperty().get().equals(en.get("network.ui.none")), vm.statusProperty().get());
            int port = LessonRunner.freePort();
            int listener = (int) call(lab, "server", new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
            vm.loseNextToServer();
            until(vm, () -> !vm.busyProperty().get(), "the control answered");
            check(vm.statusProperty().get().equals(en.get("network.ui.noServer")),
                    "no server port yet: " + vm.statusProperty().get());
            SockAddr addr = SockAddr.parse((two ? SecondHost.SERVER_ADDRESS : "127.0.0.1") + ":" + port,
                    Domain.AF_INET);
            check(call(lab, "server", new Request.Bind(listener, addr)).result() == 0, "bind");
            check(call(lab, "server", new Request.Listen(listener, 5)).result() == 0, "listen");
            int client = (int) call(lab, "client", new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
            check(call(lab, "client", new Request.Connect(client, addr)).result() == 0, "connect");
            int conn = (int) call(lab, "server", new Request.Accept(listener)).result();
            vm.loseNextToServer();
            until(vm, () -> vm.armedProperty().get(), "armed: " + vm.statusProperty().get());
            check(vm.statusProperty().get().equals(en.get("network.ui.armed", String.valueOf(port))),
                    vm.statusProperty().get());
            check(lab.networkConditionsActive(), "the rule is in force");
            call(lab, "client", new Request.Send(client, "hola".getBytes(StandardCharsets.UTF_8), Set.of()));
            Payload.Call got = call(lab, "server", new Request.Recv(conn, 100, Set.of()));
            check(got.result() == 4, "recv got every byte: " + got.result());
            until(vm, () -> !vm.armedProperty().get(), "the control saw the loss");
            check(vm.statusProperty().get().equals(en.get("network.ui.lost")), vm.statusProperty().get());
            long lost = lab.journal().snapshot().stream().map(Event::payload)
                    .filter(p -> p instanceof Payload.Segment s && s.lost()).count();
            check(lost == 1, "one lost segment journaled: " + lost);
            if (two)
                check(lab.journal().snapshot().stream().map(Event::payload)
                        .anyMatch(p -> p instanceof Payload.Segment s && s.lost()
                                && s.src().startsWith(SecondHost.CLIENT_ADDRESS + ":")
                                && s.dst().startsWith(SecondHost.SERVER_ADDRESS + ":")),
                        "the lost segment crossed the link toward the second machine");
            vm.loseNextToServer();
            until(vm, () -> vm.armedProperty().get(), "armed again");
            lab.resetAll().get(30, TimeUnit.SECONDS);
            vm.resetDone();
            until(vm, () -> !vm.armedProperty().get(), "reset all cleared it");
            check(!lab.networkConditionsActive(), "no rule after Reset all");
            check(vm.statusProperty().get().equals(en.get("network.ui.none")), vm.statusProperty().get());
        }
        System.out.println("network control: passed" + (two ? " on two machines" : ""));
        System.exit(0);
    }
}
