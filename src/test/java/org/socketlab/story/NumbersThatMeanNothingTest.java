package org.socketlab.story;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.export.MarkdownTranscript;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * Issue 41 item 4: a Send-Q that counts no bytes is said to count none (after a refused connect, on a socket whose
 * connection is gone), and only there; a failed data call keeps its buffer argument.
 */
class NumbersThatMeanNothingTest {

    @Test
    void sendQAfterARefusedConnectIsSaidNotToBeBytesAndOnlyThere() {
        List<Event> journal = RecordedRuns.best("connection-refused");
        Story story = Story.of(journal);
        List<Beat.Queue> afterRefused = story.beats().stream()
                .filter(b -> b instanceof Beat.Queue q && q.sendQueue() == Beat.SendQueue.NEVER_CONNECTED)
                .map(b -> (Beat.Queue) b).toList();
        assertEquals(2, afterRefused.size(), "one after each refused connect:\n" + StoryTest.describe(story));
        assertTrue(afterRefused.stream().allMatch(q -> q.queue().sendQ() > 0 && q.queue().recvQ() == 0));
        String en = MarkdownTranscript.render(journal, Lang.EN, "connection-refused");
        assertTrue(en.contains("(not bytes) — Send-Q " + afterRefused.getFirst().queue().sendQ() + " counts no bytes"),
                en);
        String es = MarkdownTranscript.render(journal, Lang.ES, "connection-refused");
        assertTrue(es.contains("(no son bytes) — Send-Q"), es);

        // The same run with its connects succeeding: the same numbers are then not said to be nothing.
        List<Event> connected = journal.stream().map(e -> e.payload() instanceof Payload.Call c
                && c.call().equals("connect") && c.failed()
                        ? new Event(e.seq(), e.atNs(), e.endpoint(),
                                new Payload.Call(c.call(), c.fd(), c.args(), 0, null, null, c.data(), c.blockedNs(),
                                        c.elided(), c.enteredNs(), c.inode(), c.madeInodes()))
                        : e)
                .toList();
        assertTrue(Story.of(connected).beats().stream()
                .noneMatch(b -> b instanceof Beat.Queue q && q.sendQueue() != Beat.SendQueue.BYTES));
        assertFalse(MarkdownTranscript.render(connected, Lang.EN, "c").contains("(not bytes)"));
    }

    @Test
    void aRunWithNoFailedConnectAndNoResetSaysEveryQueueIsBytes() {
        Story story = Story.of(RecordedRuns.best("tcp-basics"));
        assertTrue(story.beats().stream()
                .noneMatch(b -> b instanceof Beat.Queue q && q.sendQueue() != Beat.SendQueue.BYTES));
    }

    @Test
    void aFailedDataCallKeepsItsBufferArgument() {
        Payload.Call refused = new Payload.Call("recv", 12, Map.of(), -1, 111,
                "ECONNREFUSED", new byte[0], 0, null, 0);
        assertEquals("recv(12, buf, 1024, 0) = -1 ECONNREFUSED", CallFormat.line(ordered(refused)));
        Payload.Call received = new Payload.Call("recv", 12, ordered(refused).args(), 4, null, null,
                "hola".getBytes(StandardCharsets.UTF_8), 0, null, 5);
        assertEquals("recv(12, buf, 1024, 0)", CallFormat.entry(received));
        assertEquals("recv(12, \"hola\", 1024, 0) = 4", CallFormat.line(received));
        Payload.Call pipe = new Payload.Call("send", 13, ordered(refused).args(), -1, 32, "EPIPE", new byte[0], 0,
                null, 0);
        assertEquals("send(13, buf, 1024, 0) = -1 EPIPE", CallFormat.line(pipe));
    }

    /** The args in the journal's order: len, then flags. */
    private static Payload.Call ordered(Payload.Call c) {
        LinkedHashMap<String, String> args = new LinkedHashMap<>();
        args.put("len", "1024");
        args.put("flags", "0");
        return new Payload.Call(c.call(), c.fd(), args, c.result(), c.errno(), c.errnoName(), c.data(), c.blockedNs(),
                c.elided(), c.enteredNs());
    }
}
