package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.lab.LabTestSupport.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.AddrInfo;
import org.socketlab.syscall.SockType;

/** getaddrinfo made by a lab endpoint (issue 41's lesson): journaled with glibc's real list or its EAI_* code. */
class GetAddrInfoCallTest {
    private final Lab lab = Lab.onThisMachine();
    private final Endpoint client = lab.client();

    @AfterEach
    void tearDown() {
        lab.close();
    }

    @Test
    void theJournalHoldsTheListOrTheErrorAsGlibcGaveThem() {
        Payload.Call numeric = call(client,
                new Request.GetAddrInfo("127.0.0.1", "5000", null, SockType.SOCK_STREAM, AddrInfo.AI_NUMERICHOST));
        assertEquals(0, numeric.result());
        assertNull(numeric.errnoName());
        assertEquals("[{ai_family=AF_INET, ai_socktype=SOCK_STREAM, ai_protocol=IPPROTO_TCP, ai_addr=127.0.0.1:5000}]",
                numeric.args().get("res"));
        assertEquals("getaddrinfo(\"127.0.0.1\", \"5000\", {ai_flags=AI_NUMERICHOST, ai_family=AF_UNSPEC, "
                + "ai_socktype=SOCK_STREAM}, &res) = 0 (res=" + numeric.args().get("res") + ")",
                CallFormat.line(numeric));
        assertEquals(1, AddrInfoJournal.count(numeric, "AF_INET"));
        assertEquals(0, AddrInfoJournal.count(numeric, "AF_INET6"));
        assertEquals(2, AddrInfoJournal.familyAt(numeric, 0));
        assertEquals(0, AddrInfoJournal.familyAt(numeric, 1));

        Payload.Call passive = call(client,
                new Request.GetAddrInfo(null, "5000", null, SockType.SOCK_STREAM, AddrInfo.AI_PASSIVE));
        assertTrue(passive.args().get("res").contains("ai_addr=0.0.0.0:5000"), passive.args().get("res"));
        assertTrue(passive.args().get("res").contains("ai_addr=[::]:5000"), passive.args().get("res"));
        assertEquals("NULL", passive.args().get("node"));

        Payload.Call name = call(client,
                new Request.GetAddrInfo("localhost", "5000", null, SockType.SOCK_STREAM, AddrInfo.AI_NUMERICHOST));
        assertEquals("EAI_NONAME", name.errnoName());
        assertEquals(-2, name.result());
        assertTrue(CallFormat.line(name).endsWith("= EAI_NONAME (Name or service not known)"), CallFormat.line(name));
    }

    @Test
    void badArgumentsAreRefusedWithTheirMessage() {
        LocalizedException none = assertThrows(LocalizedException.class,
                () -> new Request.GetAddrInfo(null, null, null, null, 0));
        assertEquals("input.getaddrinfo.nothing", none.key());
        LocalizedException longName = assertThrows(LocalizedException.class,
                () -> new Request.GetAddrInfo("a".repeat(300), "80", null, null, 0));
        assertEquals("input.getaddrinfo.name", longName.key());
    }
}
