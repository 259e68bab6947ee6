package org.socketlab.story;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;

/**
 * A forked child's close() of the listening socket it inherited (the fork server's child, step "close(ls)") leaves it
 * listening in the parent: the parent's accept queue is still worded "accept queue 1, backlog 5", not "Recv-Q 1,
 * Send-Q 5" (seen at 1024x768 in the fork-server lesson, 2026-11-27: the child's close took the socket out of the
 * listeners for every holder).
 */
class SharedListenerQueueTest {
    private static Event call(Endpoint e, Request r) throws Exception {
        Event done = e.call(r).get(60, TimeUnit.SECONDS);
        assertFalse(((Payload.Call) done.payload()).failed(), () -> e.name() + " " + r + ": " + done);
        return done;
    }

    private static int fd(Event e) {
        return (int) ((Payload.Call) e.payload()).result();
    }

    @Test
    void theParentsListenerIsStillAListenerAfterItsChildClosedItsCopy() throws Exception {
        try (Lab lab = Lab.withoutCapture(new Journal())) {
            SockAddr address = SockAddr.parse("127.0.0.1:" + LessonRunner.freePort(), Domain.AF_INET);
            Endpoint server = lab.server(), client = lab.client();
            int listener = fd(call(server, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)));
            call(server, new Request.Bind(listener, address));
            call(server, new Request.Listen(listener, 5));
            lab.observeKernelNow();
            Endpoint child = lab.fork(server, "server-2").get(60, TimeUnit.SECONDS);
            long closed = call(child, new Request.Close(listener)).seq(); // the child's copy only
            int fd = fd(call(client, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)));
            call(client, new Request.Connect(fd, address)); // one connection in the parent's accept queue
            lab.observeKernelNow();

            List<Event> journal = lab.journal().snapshot();
            SocketIdentities ids = SocketIdentities.of(journal);
            ListeningSockets listening = new ListeningSockets(ids); // as the story reads it (MomentReader)
            SocketIdentities.Socket listen = ids.socketAt("server", listener, closed);
            assertTrue(listen != null, "the parent still holds its listener after the child's close");
            int queues = 0;
            for (Event e : journal) {
                boolean worded = listening.isListenerQueue(e);
                if (e.seq() > closed && e.payload() instanceof Payload.Queue q && ids.socketOf(e) == listen) {
                    queues++;
                    assertTrue(worded, () -> "the listener's queue after the child's close, worded as bytes: "
                            + StoryText.queue(q, false, false, Messages.of(Lang.EN)));
                }
            }
            assertTrue(queues > 0, () -> "the kernel told the listener's accept queue after the child's close: "
                    + journal);
        }
    }
}
