package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.kernel.TcpState;

/**
 * Issue 78's walk (25b, 56): which mismatches a cut link can cause (the rule kept narrow), and a check the journal could
 * not measure said with the step in the reader's words, never as "= ?".
 */
class CutLinkTest {
    private final Step send = LessonLoader.load("round-trip").steps().get(6);

    @Test
    void onlyWhatADroppedPacketCanChangeIsExcused() {
        assertTrue(CutLink.canBeTheCut(new Mismatch.Check(send, "ack_ms(client, 7) >= 99", "ack_ms(client, 7) = ?")));
        assertTrue(CutLink.canBeTheCut(new Mismatch.State(send, "sock", TcpState.ESTABLISHED, TcpState.SYN_SENT)));
        assertTrue(CutLink.canBeTheCut(new Mismatch.AtTcpLimit(
                new Mismatch.State(send, "sock", TcpState.ESTABLISHED, TcpState.SYN_SENT), 130)));
        assertTrue(CutLink.canBeTheCut(new Mismatch.Timeout(send, 5, true)));
        // What the calls returned, and a process that never answered, no cut explains.
        assertFalse(CutLink.canBeTheCut(new Mismatch.Check(send, "result(7) == 5", "result(7) = 4")));
        assertFalse(CutLink.canBeTheCut(new Mismatch.Result(send, "-1 EPIPE")));
        assertFalse(CutLink.canBeTheCut(new Mismatch.Bytes(send, 3)));
        assertFalse(CutLink.canBeTheCut(new Mismatch.Timeout(send, 5, false)));
        assertFalse(CutLink.canBeTheCut(new Mismatch.NotMade(send, new LocalizedException("lesson.mismatch.noSocket",
                "sock"))));
        assertTrue(CutLink.readsTheWire("result(7) == 4 and blocked_ms(7) < 10"));
        assertFalse(CutLink.readsTheWire("addrlen_out(3) == 16 or result(3) == 0"));
    }

    @Test
    void aCheckNotMeasuredSaysWhatAndWhyInTheReadersWords() {
        Mismatch m = new Mismatch.Check(send, "ack_ms(client, 7) >= 99", "ack_ms(client, 7) = ?");
        String en = m.describe(Messages.of(Lang.EN)), es = m.describe(Messages.of(Lang.ES));
        assertEquals("step 7 (the client's send()): the run did not show what the step is about: whether"
                + " \"ack_ms(client, 7) >= 99\" holds could not be told, because ack_ms(client, 7) was not measured: the"
                + " wire did not show in time what it reads (a packet lost and not sent again yet, or a wire not"
                + " captured)", en);
        assertTrue(es.startsWith("paso 7 (send() del cliente): "), es);
        assertFalse(en.contains("= ?") || es.contains("= ?"), en + "\n" + es);
        assertFalse(en.contains("client send") || es.contains("client send"), "the lesson file's label: " + en);
        // A value that was measured is still given.
        String measured = new Mismatch.Check(send, "ack_ms(client, 7) >= 99", "ack_ms(client, 7) = 42")
                .describe(Messages.of(Lang.EN));
        assertTrue(measured.endsWith("does not hold (ack_ms(client, 7) = 42)"), measured);
    }
}
