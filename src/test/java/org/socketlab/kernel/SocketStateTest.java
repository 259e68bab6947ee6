package org.socketlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A state's name is read once where it enters (a journal, a lesson file) and written once where it leaves. */
class SocketStateTest {
    private static List<SocketState> known() {
        List<SocketState> all = new ArrayList<>(List.of(TcpState.values()));
        all.addAll(List.of(DgramState.values()));
        return all;
    }

    @Test
    void everyNameReadsBackAsItsState() {
        for (SocketState s : known()) {
            assertEquals(s, SocketState.read(s.journalName()), s.journalName());
            assertEquals(s, SocketState.named(s.journalName()).orElseThrow());
        }
        assertEquals(known().size(), new HashSet<>(known().stream().map(SocketState::journalName).toList()).size(),
                "no name is both a TCP and a datagram state");
    }

    @Test
    void aNameNoStateHasIsKeptAsWrittenAndEqualsNoKnownState() {
        for (String name : List.of("SYN_ACKED", "closed", "", "NEW_SYN_RECV")) {
            SocketState read = SocketState.read(name);
            assertInstanceOf(SocketState.Unknown.class, read, name);
            assertEquals(name, read.journalName());
            assertTrue(SocketState.named(name).isEmpty(), name);
            for (SocketState s : known()) assertNotEquals(s, read, name);
        }
        assertEquals(SocketState.read("SYN_ACKED"), SocketState.read("SYN_ACKED"), "the same name, the same state");
    }
}
