package org.socketlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A segment's flags are read once from their names or header bits, and written back in the journal's order. */
class TcpFlagTest {
    @Test
    void eachNameRoundTripsAndTheHeaderBitsAreRfc9293s() {
        for (TcpFlag f : TcpFlag.values()) {
            assertEquals(f, TcpFlag.named(f.name()).orElseThrow());
            assertEquals(Set.of(f), TcpFlag.ofBits(f.bit));
            assertEquals(List.of(f.name()), TcpFlag.names(Set.of(f)));
        }
        assertEquals(EnumSet.of(TcpFlag.SYN, TcpFlag.ACK), TcpFlag.ofBits(0x12));
        assertEquals(EnumSet.allOf(TcpFlag.class), TcpFlag.ofBits(0xff));
    }

    @Test
    void theJournalsOrderIsKeptWhateverTheSetsOrder() {
        // What saved journals hold: flags written in this order must be written again byte for byte.
        for (List<String> written : List.of(List.of("SYN"), List.of("SYN", "ACK"), List.of("PSH", "ACK"),
                List.of("FIN", "ACK"), List.of("RST", "ACK"), List.of("ACK"), List.<String>of(),
                List.of("SYN", "ACK", "ECE", "CWR")))
            assertEquals(written, TcpFlag.names(TcpFlag.of(written)));
    }

    @Test
    void aNameThatIsNoTcpFlagIsNoneOfThem() {
        for (String other : List.of("PORT_UNREACHABLE", "TYPE_5_CODE_1", "syn", "NS", ""))
            assertTrue(TcpFlag.named(other).isEmpty(), other);
        assertEquals(EnumSet.of(TcpFlag.RST), TcpFlag.of(List.of("PORT_UNREACHABLE", "RST")));
    }
}
