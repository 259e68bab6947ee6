package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.syscall.SysCall;

/**
 * addrlen (issue 59): accept()'s address length goes in and comes out. Checked against the kernel's other witnesses:
 * addrlen -1 fails with EINVAL after the connection left the queue (its client reads the FIN of a close nobody called),
 * addrlen 4 accepts, writes the family and the port only, and says 16; the socket still knows its whole peer.
 */
class AddrlenLessonTest {
    @Test
    void aShortAddrlenTruncatesSilentlyAndANegativeOneLosesTheConnection() {
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport report = new LessonRunner().run(LessonLoader.load("addrlen"), lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            List<Payload.Call> accepts = calls(lab, SysCall.ACCEPT);
            assertEquals(3, accepts.size());
            Payload.Call lost = accepts.get(0), shortOne = accepts.get(1), right = accepts.get(2);
            assertEquals("EINVAL", lost.errnoName());
            assertEquals("[-1]", lost.arg(CallArg.ADDRLEN), "addrlen unchanged when the copy failed");
            assertEquals(Messages.of(Lang.EN).get("errno.EINVAL.addrlen"),
                    CallFormat.explain(lost, Messages.of(Lang.EN)), "the length is what was invalid");
            assertTrue(calls(lab, SysCall.RECV).getFirst().result() == 0, "the lost client read the kernel's FIN");
            // 4 bytes: sin_family AF_INET (2, little-endian on the machine) and sin_port in network order
            Payload.Call peerName = calls(lab, SysCall.GETPEERNAME).getFirst();
            int port = Integer.parseInt(peerName.arg(CallArg.ADDR, "").replaceAll(".*:", ""));
            assertEquals(String.format("02 00 %02x %02x", port >> 8, port & 0xff), shortOne.arg(CallArg.PEER_BYTES));
            assertEquals("[4 => 16]", shortOne.arg(CallArg.ADDRLEN));
            assertEquals("accept(3, peer_bytes=" + shortOne.arg(CallArg.PEER_BYTES) + ", [4 => 16]) = "
                    + shortOne.result(), CallFormat.line(shortOne));
            assertEquals("accept(3, [4])", CallFormat.entry(shortOne));
            assertEquals("[16]", right.arg(CallArg.ADDRLEN));
            assertTrue(right.has(CallArg.PEER) && !right.has(CallArg.PEER_BYTES), right.toString());
        }
    }

    private static List<Payload.Call> calls(Lab lab, SysCall call) {
        return lab.journal().snapshot().stream().map(Event::payload)
                .filter(p -> p instanceof Payload.Call c && c.is(call)).map(p -> (Payload.Call) p).toList();
    }
}
