package org.socketlab.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The cases the fixes of "which socket does this fd name" met (fd reuse beside TIME_WAIT, every endpoint's own fd 3,
 * hand-over, fork, exit, a close or reuse the journal did not see, journals without inodes, another session's
 * sockets), as journals written by hand so each one is said exactly; the real lab's journal of fd reuse is in
 * {@code story.table.SocketTrackerInodeTest} and {@code SocketIdentitiesRealTest}.
 */
class SocketIdentitiesTest {
    private final List<Event> events = new ArrayList<>();

    private Event add(String endpoint, Payload p) {
        Event e = new Event(events.size() + 1, events.size() * 1000L, endpoint, p);
        events.add(e);
        return e;
    }

    private static Payload.Call call(String name, @Nullable Integer fd, long result, @Nullable Long inode,
            List<Long> made) {
        return new Payload.Call(name, fd, Map.of(), result, result < 0 ? 9 : null, result < 0 ? "EBADF" : null, null,
                0, null, 0, inode, made);
    }

    private Event socket(String endpoint, int fd, @Nullable Long inode) {
        return add(endpoint, call("socket", null, fd, null, inode == null ? List.of() : List.of(inode)));
    }

    private Event accept(String endpoint, int listener, long listenerInode, int fd, long inode) {
        return add(endpoint, call("accept", listener, fd, listenerInode, List.of(inode)));
    }

    private Event onFd(String endpoint, String name, int fd, @Nullable Long inode) {
        return add(endpoint, call(name, fd, 0, inode, List.of()));
    }

    private Event state(String endpoint, int fd, String from, String to, @Nullable Long inode) {
        return add(endpoint, new Payload.State(fd, from, to, "sock_diag", null, inode));
    }

    private SocketIdentities all() {
        return SocketIdentities.of(events);
    }

    @Test
    void aClosedConnectionInTimeWaitAndTheNewSocketOnItsNumberAreTwoSockets() {
        Event a = socket("client", 3, 100L);
        onFd("client", "connect", 3, 100L);
        Event closed = onFd("client", "close", 3, 100L);
        Event finWait = state("client", 3, "ESTABLISHED", "FIN_WAIT_1", 100L);
        Event b = socket("client", 3, 200L);
        Event timeWait = state("client", 3, "FIN_WAIT_2", "TIME_WAIT", 100L);
        Event newOne = state("client", 3, "CLOSED", "SYN_SENT", 200L);
        SocketIdentities ids = all();
        SocketIdentities.Socket first = ids.made(a, 3), second = ids.made(b, 3);
        assertNotNull(first);
        assertNotNull(second);
        assertNotSame(first, second);
        assertSame(first, ids.socketAt("client", 3, closed.seq()), "a close names its socket at its own seq");
        assertNull(ids.socketAt("client", 3, finWait.seq()), "after the close the number names nothing");
        assertSame(first, ids.socketOf(finWait), "the closed connection lives on in the kernel");
        assertSame(first, ids.socketOf(timeWait), "its TIME_WAIT under the number the new socket took");
        assertSame(second, ids.socketOf(newOne));
        assertSame(second, ids.socketAt("client", 3, newOne.seq()));
        assertEquals(100L, first.inode());
    }

    @Test
    void everyEndpointHasAnFd3OfItsOwn() {
        Event c = socket("client", 3, 100L);
        Event s = socket("server", 3, 300L);
        Event cs = state("client", 3, "CLOSED", "SYN_SENT", 100L);
        Event ss = state("server", 3, "CLOSED", "LISTEN", 300L);
        SocketIdentities ids = all();
        assertNotSame(ids.made(c, 3), ids.made(s, 3));
        assertSame(ids.made(c, 3), ids.socketOf(cs));
        assertSame(ids.made(s, 3), ids.socketOf(ss));
    }

    @Test
    void anAcceptedSocketIsItsOwnAndTheListenerStays() {
        Event l = socket("server", 3, 300L);
        onFd("server", "listen", 3, 300L);
        Event acc = accept("server", 3, 300L, 4, 400L);
        SocketIdentities ids = all();
        SocketIdentities.Socket conn = ids.made(acc, 4);
        assertNotNull(conn);
        assertEquals(400L, conn.inode());
        assertSame(ids.made(l, 3), ids.socketOf(acc), "accept's own fd is the listener");
        assertSame(ids.made(l, 3), ids.socketAt("server", 3, acc.seq()));
    }

    @Test
    void aHandedOverSocketIsTheTakersUnderTheSameNumber() {
        socket("server", 3, 300L);
        Event acc = accept("server", 3, 300L, 4, 400L);
        // Lab.handOver makes no call: the taker's first call names the fd.
        Event recv = onFd("server-1", "recv", 4, 400L);
        Event closed = onFd("server-1", "close", 4, 400L);
        SocketIdentities ids = all();
        SocketIdentities.Socket conn = ids.made(acc, 4);
        assertSame(conn, ids.socketAt("server-1", 4, recv.seq()));
        assertSame(conn, ids.socketOf(recv));
        assertNull(ids.socketAt("server", 4, recv.seq()), "the giver holds it no more");
        assertSame(conn, ids.socketAt("server", 4, acc.seq()), "until it gave it");
        assertNull(ids.socketAt("server-1", 4, closed.seq() + 1));
    }

    @Test
    void aForkedChildHoldsItsParentsSocketsAndClosingOneCopyLeavesTheOther() {
        socket("server", 3, 300L);
        Event acc = accept("server", 3, 300L, 4, 400L);
        Event fork = add("server-1", Payload.Process.forked(2002, 2001, "child", Map.of(3, 300L, 4, 400L)));
        Event parentCloses = onFd("server", "close", 4, 400L);
        Event childSends = onFd("server-1", "send", 4, 400L);
        Event childListenerCloses = onFd("server-1", "close", 3, 300L);
        SocketIdentities ids = all();
        SocketIdentities.Socket conn = ids.made(acc, 4);
        assertSame(conn, ids.socketAt("server-1", 4, fork.seq()));
        assertNull(ids.socketAt("server", 4, parentCloses.seq() + 1), "the parent closed its copy");
        assertSame(conn, ids.socketAt("server-1", 4, childSends.seq()), "the child's copy is still open");
        assertSame(ids.socketAt("server", 3, childListenerCloses.seq()),
                ids.socketAt("server-1", 3, childListenerCloses.seq()), "one listener, two holders");
        assertNotNull(ids.socketAt("server", 3, childListenerCloses.seq() + 1), "the parent's listener stays open");
        assertEquals(List.of("server-1"), ids.holdersAfter(conn.number(), parentCloses.seq()),
                "the child holds it still");
        assertEquals(List.of("server", "server-1"), ids.holdersAfter(conn.number(), fork.seq()));
        assertEquals(List.of("server"), ids.holdersAfter(ids.socketAt("server", 3, fork.seq()).number(),
                childListenerCloses.seq()));
    }

    @Test
    void anEndedProcessHoldsNothing() {
        Event c = socket("client", 3, 100L);
        Event exit = add("client", Payload.Process.exited(1234, 0));
        Event fin = state("client", 3, "ESTABLISHED", "FIN_WAIT_1", 100L);
        SocketIdentities ids = all();
        assertSame(ids.made(c, 3), ids.socketAt("client", 3, exit.seq()));
        assertNull(ids.socketAt("client", 3, fin.seq()));
        assertTrue(ids.former("client", 3, 100L, fin.seq()), "its readings after the end name a former fd");
        assertSame(ids.made(c, 3), ids.socketOf(fin), "the kernel closes it as close() would: it lives on");
    }

    @Test
    void aNumberReusedWithoutAJournaledCloseNamesTheNewSocket() {
        Event a = socket("traced-7", 3, 100L);
        Event b = socket("traced-7", 3, 200L); // strace's close came later, or not at all
        Event dupped = onFd("traced-7", "send", 5, 500L); // a number whose making was not journaled (dup2)
        Event renamed = onFd("traced-7", "send", 5, 600L); // the number was dup2'd again, unseen
        SocketIdentities ids = all();
        assertSame(ids.made(a, 3), ids.socketAt("traced-7", 3, b.seq() - 1));
        assertSame(ids.made(b, 3), ids.socketAt("traced-7", 3, b.seq()));
        assertEquals(500L, ids.socketAt("traced-7", 5, dupped.seq()).inode());
        assertEquals(600L, ids.socketAt("traced-7", 5, renamed.seq()).inode());
        assertEquals(500L, ids.socketAt("traced-7", 5, renamed.seq() - 1).inode());
    }

    @Test
    void journalsWhoseCallsNameNoInodeGoByNumberAndLearnTheInodeTheKernelTells() {
        Event a = socket("client", 3, null);
        Event told = state("client", 3, "CLOSED", "SYN_SENT", 100L);
        onFd("client", "close", 3, null);
        Event b = socket("client", 3, null);
        Event oldOne = state("client", 3, "FIN_WAIT_2", "TIME_WAIT", 100L);
        Event newOne = state("client", 3, "CLOSED", "SYN_SENT", 200L);
        Event noInode = state("client", 3, "SYN_SENT", "ESTABLISHED", null);
        SocketIdentities ids = all();
        SocketIdentities.Socket first = ids.made(a, 3), second = ids.made(b, 3);
        assertSame(first, ids.socketOf(told));
        assertEquals(100L, first.inode(), "the kernel's first event told its inode");
        assertSame(first, ids.socketOf(oldOne), "then its inode tells it from the new socket on its number");
        assertSame(second, ids.socketOf(newOne));
        assertSame(second, ids.socketOf(noInode), "no inode at all: the number's socket at that moment");
        assertFalse(ids.foreign(oldOne), "calls that name no inode never make an event another session's");
    }

    @Test
    void aHandedOverSocketInAJournalWithoutInodesFollowsTheNumber() {
        socket("server", 3, null);
        Event acc = add("server", call("accept", 3, 4, null, List.of()));
        Event recv = onFd("server-1", "recv", 4, null);
        SocketIdentities ids = all();
        assertSame(ids.made(acc, 4), ids.socketAt("server-1", 4, recv.seq()));
    }

    @Test
    void aKernelEventAboutASocketNoCallNamedIsAnotherSessions() {
        socket("server", 3, 300L);
        Event previousListener = state("server", 3, "LISTEN", "CLOSED", 999L);
        Event elsewhere = state("server", 7, "TIME_WAIT", "CLOSED", 998L);
        Event ours = state("server", 3, "CLOSED", "LISTEN", 300L);
        SocketIdentities anywhere = SocketIdentities.of(events);
        assertTrue(anywhere.foreign(previousListener), "on a number a socket of the events took");
        assertFalse(anywhere.foreign(elsewhere), "on a number none of theirs took: it may be one of theirs");
        assertFalse(anywhere.foreign(ours));
        SocketIdentities fromStart = SocketIdentities.sessionStart();
        fromStart.appendAll(events);
        assertTrue(fromStart.foreign(elsewhere), "from a session's start every socket of it is known");
        assertNotSame(anywhere.socketOf(previousListener), anywhere.socketAt("server", 3, previousListener.seq()));
    }

    /**
     * A forked child of the last session (server-2, gone with it) left a connection in TIME_WAIT; its end, 60 s later,
     * is told in the next session, where server-2 makes no call at all: from that session's start it is another
     * session's socket (it drew a "Server 2" lifeline with "fd 4 CLOSED (its TIME_WAIT is over)" into a lesson that
     * forks nothing, seen in the packaged app 2026-11-27).
     */
    @Test
    void aKernelEventOfAnEndpointThatMadeNoCallThisSessionIsAnotherSessions() {
        socket("server", 3, 300L);
        Event gone = state("server-2", 4, "TIME_WAIT", "CLOSED", 997L);
        SocketIdentities fromStart = SocketIdentities.sessionStart();
        fromStart.appendAll(events);
        assertTrue(fromStart.foreign(gone), "server-2 made no call in this session");
        assertFalse(SocketIdentities.of(events).foreign(gone), "from anywhere (a page) it may be one of theirs");
    }

    @Test
    void eventsAppendedAgainChangeNothingSoALiveViewFeedsItsOwnOnce() {
        Event a = socket("client", 3, 100L);
        onFd("client", "close", 3, 100L);
        SocketIdentities fed = SocketIdentities.fromAnywhere();
        fed.appendAll(events);
        Event b = socket("client", 3, 200L);
        fed.appendAll(events); // the whole list again, as a window hands its kept events on every frame
        assertSame(fed.made(a, 3), fed.socketAt("client", 3, a.seq()));
        assertSame(fed.made(b, 3), fed.socketAt("client", 3, b.seq()));
        assertEquals(List.of(1L, 2L), List.of(fed.made(a, 3).number(), fed.made(b, 3).number()));
    }

    @Test
    void aReadingToldAfterItsSocketsCloseReturnedNamesAFormerDescriptor() {
        socket("client", 3, 100L);
        Event connected = onFd("client", "connect", 3, 100L);
        Event closed = onFd("client", "close", 3, 100L);
        Event finWait = state("client", 3, "ESTABLISHED", "FIN_WAIT_1", 100L);
        Event b = socket("client", 3, 200L);
        SocketIdentities ids = all();
        assertFalse(ids.former("client", 3, 100L, connected.seq()), "open: the number names it");
        assertFalse(ids.former("client", 3, 100L, closed.seq() - 1),
                "placed before the close returned (its FIN): still an open descriptor");
        assertTrue(ids.former("client", 3, 100L, closed.seq()), "once the close returned");
        assertTrue(ids.former("client", 3, null, finWait.seq()), "no inode told: closed all the same");
        assertTrue(ids.former("client", 3, 100L, b.seq()), "the number names a newer socket");
        assertFalse(ids.former("client", 3, 200L, b.seq()), "the newer socket's own reading");
        assertFalse(ids.former("client", 9, 900L, b.seq()), "a number these events never saw name a socket");
    }

    /**
     * A second connection's ESTABLISHED is placed at its handshake, before the accept() that returns its number: the
     * number's last span is the first connection's, closed, but the reading is of another socket, not yet named.
     */
    @Test
    void aNewSocketsReadingBeforeItsAcceptReturnedIsNotFormer() {
        socket("server", 3, 300L);
        accept("server", 3, 300L, 4, 400L);
        Event closed = onFd("server", "close", 4, 400L);
        Event again = accept("server", 3, 300L, 4, 401L);
        SocketIdentities ids = all();
        assertTrue(ids.former("server", 4, 400L, closed.seq()), "the first connection's own reading: former");
        assertFalse(ids.former("server", 4, 401L, again.seq() - 1),
                "the second connection's reading before its accept returned names no former descriptor");
        assertFalse(ids.former("server", 4, 401L, again.seq()), "nor once it returned");
        assertTrue(ids.former("server", 4, 400L, again.seq()), "the first's reading once the number names the second");
    }

    @Test
    void aReadingOfANumberWhoseMakingWasNotSeenIsNotFormer() {
        Event told = state("server", 4, "ESTABLISHED", "CLOSE_WAIT", 400L); // a page that starts mid-session
        SocketIdentities ids = all();
        assertFalse(ids.former("server", 4, 400L, told.seq()));
    }

    @Test
    void eachNumberOfAnEndpointLastNamedOneSocketOpenOrClosed() {
        Event l = socket("server", 3, 300L);
        Event acc = accept("server", 3, 300L, 4, 400L);
        Event closed = onFd("server", "close", 4, 400L);
        Event again = accept("server", 3, 300L, 4, 401L);
        socket("client", 3, 100L);
        SocketIdentities ids = all();
        assertEquals(List.of(ids.made(l, 3)), ids.lastNamedBy("server", l.seq()));
        assertEquals(List.of(ids.made(l, 3), ids.made(acc, 4)), ids.lastNamedBy("server", closed.seq()),
                "a closed connection is still the one its number last named");
        assertEquals(List.of(ids.made(l, 3), ids.made(again, 4)), ids.lastNamedBy("server", again.seq()));
        assertEquals(List.of(), ids.lastNamedBy("nobody", again.seq()));
    }

    @Test
    void theNumbersAnEndpointHoldsNowAreItsOpenOnesHoweverItCameToHoldThem() {
        Event l = socket("server", 3, 300L);
        Event acc = accept("server", 3, 300L, 4, 400L);
        add("server-1", Payload.Process.forked(2002, 2001, "child", Map.of(3, 300L, 4, 400L)));
        onFd("server", "close", 4, 400L);
        Event handed = accept("server", 3, 300L, 5, 500L);
        Event taken = onFd("server-2", "recv", 5, 500L); // a thread of the server's process took it: no call gave it
        Event unseen = onFd("server", "getsockname", 6, 600L); // a page begun later: its making was not journaled
        Event reused = socket("client", 3, 100L);
        onFd("client", "close", 3, 100L);
        socket("client", 3, 101L);
        Event c2 = socket("client2", 3, 200L);
        add("client2", Payload.Process.exited(1234, 0));
        SocketIdentities ids = all();
        assertEquals(Map.of(3, ids.made(l, 3), 6, ids.socketOf(unseen)), ids.heldNow("server"),
                "its listener, and a number its calls named; not the copy it closed nor the one it handed over");
        assertEquals(Map.of(3, ids.made(l, 3), 4, ids.made(acc, 4)), ids.heldNow("server-1"), "what it inherited");
        assertEquals(Map.of(5, ids.made(handed, 5)), ids.heldNow("server-2"));
        assertSame(ids.socketOf(taken), ids.heldNow("server-2").get(5));
        assertNotSame(ids.made(reused, 3), ids.heldNow("client").get(3), "the number names its newest socket");
        assertEquals(List.of(3), List.copyOf(ids.heldNow("client").keySet()));
        assertEquals(Map.of(), ids.heldNow("client2"), "an ended process holds nothing");
        assertNotNull(ids.made(c2, 3));
        assertEquals(Map.of(), ids.heldNow("nobody"));
    }

    @Test
    void theNumbersAnEndpointHeldAtAMomentAreThoseOpenThen() {
        Event l = socket("server", 3, 300L);
        Event acc = accept("server", 3, 300L, 4, 400L);
        Event closed = onFd("server", "close", 4, 400L);
        socket("client", 3, 100L); // between the close and the number's reuse
        Event again = accept("server", 3, 300L, 4, 401L);
        Event exit = add("server", Payload.Process.exited(2001, 0));
        SocketIdentities ids = all();
        assertEquals(Map.of(3, ids.made(l, 3)), ids.heldAt("server", l.seq()));
        assertEquals(Map.of(3, ids.made(l, 3), 4, ids.made(acc, 4)), ids.heldAt("server", acc.seq()));
        assertEquals(Map.of(3, ids.made(l, 3), 4, ids.made(acc, 4)), ids.heldAt("server", closed.seq()),
                "a close names its socket at its own seq");
        assertEquals(Map.of(3, ids.made(l, 3)), ids.heldAt("server", closed.seq() + 1));
        assertEquals(Map.of(3, ids.made(l, 3), 4, ids.made(again, 4)), ids.heldAt("server", again.seq()));
        assertEquals(Map.of(), ids.heldAt("server", exit.seq() + 1), "its end closed them all");
        assertEquals(Map.of(), ids.heldAt("server", 0));
    }

    @Test
    void aCallOnANumberWhoseMakingWasNotSeenAndThatNamesNoInodeStillNamesASocket() {
        Event connect = onFd("client", "connect", 3, null); // an older journal's page that starts mid-session
        Event told = state("client", 3, "SYN_SENT", "ESTABLISHED", 100L);
        SocketIdentities ids = all();
        SocketIdentities.Socket s = ids.socketOf(connect);
        assertNotNull(s);
        assertSame(s, ids.socketOf(told), "the kernel's reading is about the socket the call named");
        assertEquals(100L, s.inode());
    }

    @Test
    void readingsWithoutInodeOnANumberNoCallNamedAreAboutOneSocketThere() {
        Event listening = state("server", 3, "CLOSED", "LISTEN", null); // an older journal's page, mid-session
        Event queue = add("server", new Payload.Queue(3, 1, 5));
        Event other = add("server", new Payload.Queue(4, 8, 0));
        SocketIdentities ids = all();
        assertNotNull(ids.socketOf(listening));
        assertSame(ids.socketOf(listening), ids.socketOf(queue));
        assertNotSame(ids.socketOf(listening), ids.socketOf(other));
    }

    @Test
    void withoutInodesAStateGoesToTheSocketOnItsNumberThatWasInTheStateItLeaves() {
        Event a = socket("client", 3, null);
        state("client", 3, "CLOSED", "ESTABLISHED", null);
        onFd("client", "close", 3, null);
        Event b = socket("client", 3, null);
        Event newOne = state("client", 3, "CLOSED", "SYN_SENT", null);
        Event oldOne = state("client", 3, "ESTABLISHED", "FIN_WAIT_1", null);
        Event oldQueue = add("client", new Payload.Queue(3, 0, 1));
        Event stillNew = state("client", 3, "SYN_SENT", "ESTABLISHED", null);
        Event newQueue = add("client", new Payload.Queue(3, 0, 0));
        SocketIdentities ids = all();
        SocketIdentities.Socket first = ids.made(a, 3), second = ids.made(b, 3);
        assertSame(second, ids.socketOf(newOne));
        assertSame(first, ids.socketOf(oldOne), "the closed connection was ESTABLISHED, the new socket SYN_SENT");
        assertSame(first, ids.socketOf(oldQueue), "the kernel reports the queues of the socket it just told");
        assertSame(second, ids.socketOf(stillNew));
        assertSame(second, ids.socketOf(newQueue));
    }

    @Test
    void aBoundedResolverForgetsTheOldestGoneSocketsAndNoOpenOne() {
        Event early = socket("client", 5, 50L);
        onFd("client", "close", 5, 50L);
        Event listener = socket("server", 3, 1L);
        List<Event> made = new ArrayList<>();
        for (long n = 0; n < 10; n++) { // 3 kept, at most 6: the first four are forgotten at the seventh

            made.add(accept("server", 3, 1L, 4, 100 + n));
            onFd("server", "close", 4, 100 + n);
        }
        Event late = state("server", 4, "LAST_ACK", "CLOSED", 100L);
        Event lastOne = state("server", 4, "LAST_ACK", "CLOSED", 109L);
        SocketIdentities ids = SocketIdentities.fromAnywhere().keepingGone(3);
        ids.appendAll(events);
        assertSame(ids.made(listener, 3), ids.socketAt("server", 3, late.seq()), "an open socket is never forgotten");
        assertNull(ids.made(made.getFirst(), 4), "the oldest gone socket is forgotten");
        assertEquals(109L, ids.made(made.getLast(), 4).inode(), "the newest gone ones are kept");
        assertNotSame(ids.made(made.getLast(), 4), ids.socketOf(late),
                "a late event about a forgotten socket is about none a number named");
        assertSame(ids.made(made.getLast(), 4), ids.socketOf(lastOne));
        assertEquals(Map.of(), ids.heldAt("client", early.seq()), "a forgotten number is held by none");
        assertEquals(Map.of(3, ids.made(listener, 3)), ids.heldNow("server"));
        assertEquals(List.of(3), List.copyOf(ids.copy().heldAt("server", late.seq()).keySet()), "a copy knows them");
        SocketIdentities whole = all();
        assertSame(whole.made(early, 5), whole.heldAt("client", early.seq()).get(5));
        assertSame(whole.made(made.getFirst(), 4), whole.socketOf(late), "unbounded, every socket is kept");
    }
}
