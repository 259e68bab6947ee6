package org.socketlab.lab;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.socketlab.capture.LinkConditions;
import org.socketlab.capture.SecondHost;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;

/**
 * A child program for ReseedTest, run inside a private lab network: a lab of two machines whose wire started with
 * another seed and no loss (as the window's does), then a lesson's link (50 % loss, seed 7) set again from its seed
 * twice: the same 40 datagrams meet the same fates both times. Set without starting the draws again (the window's
 * sliders), the next 40 meet others: the wire's draws go on. Exit 0, or 1 with what differed.
 */
public final class ReseedChild {
    private ReseedChild() {
    }

    private static final int DATAGRAMS = 40;

    private static Payload.Call call(Lab lab, String endpoint, Request r) throws Exception {
        return (Payload.Call) lab.endpoint(endpoint).call(r).get(30, TimeUnit.SECONDS).payload();
    }

    /** Which of the datagrams numbered 0 to 39, sent one after another, reached the server. */
    private static Set<Integer> round(Lab lab, int client, int server, SockAddr to) throws Exception {
        for (int i = 0; i < DATAGRAMS; i++)
            call(lab, "client", new Request.SendTo(client, String.valueOf(i).getBytes(StandardCharsets.US_ASCII), to,
                    Set.of()));
        LockSupport.parkNanos(500_000_000L); // the link has no delay: every datagram that crosses is there long before
        Set<Integer> arrived = new TreeSet<>();
        for (Payload.Call got; (got = call(lab, "server", new Request.RecvFrom(server, 100,
                Set.of(MsgFlag.MSG_DONTWAIT)))).result() > 0;)
            arrived.add(Integer.parseInt(new String(got.data(), StandardCharsets.US_ASCII)));
        return arrived;
    }

    public static void main(String[] args) throws Exception {
        LinkConditions.Way lossy = new LinkConditions.Way(0, 0, 500_000, 1, 0, 0);
        LinkConditions lesson = new LinkConditions(lossy, LinkConditions.Way.IDEAL, 0, 7);
        List<String> differed = new ArrayList<>();
        try (Lab lab = Lab.onTwoHosts(Libc.forThisMachine(), new Journal(), LabHosts.SERVER_APART,
                LinkConditions.ideal(99))) {
            if (lab.link().isEmpty()) {
                System.out.println("differed: no wire: " + lab.secondHost().flatMap(SecondHost::wireMissing));
                System.exit(1);
            }
            int port = LessonRunner.freePort();
            SockAddr to = SockAddr.parse(SecondHost.SERVER_ADDRESS + ":" + port, Domain.AF_INET);
            int server = (int) call(lab, "server", new Request.Socket(Domain.AF_INET, SockType.SOCK_DGRAM)).result();
            call(lab, "server", new Request.Bind(server, to));
            int client = (int) call(lab, "client", new Request.Socket(Domain.AF_INET, SockType.SOCK_DGRAM)).result();
            lab.restartLink(lesson);
            Set<Integer> first = round(lab, client, server, to);
            lab.restartLink(lesson);
            Set<Integer> second = round(lab, client, server, to);
            lab.changeLink(lesson); // no new start: the draws go on
            Set<Integer> third = round(lab, client, server, to);
            System.out.println("arrived, first: " + first + "\narrived, again from seed 7: " + second
                    + "\narrived, the draws going on: " + third);
            if (first.size() == DATAGRAMS || first.isEmpty()) differed.add("50 % loss lost none or all: " + first);
            if (!first.equals(second)) differed.add("the same seed gave other fates");
            if (first.equals(third)) differed.add("the draws did not go on without a new start");
            if (!lab.linkRestarted()) differed.add("the lab does not say its link was restarted");
        }
        if (!differed.isEmpty()) {
            System.out.println("differed: " + differed);
            System.exit(1);
        }
        System.out.println("reseed: passed");
        System.exit(0);
    }
}
