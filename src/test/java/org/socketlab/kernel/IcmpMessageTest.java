package org.socketlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An ICMP message's journal name, from ICMP and ICMPv6 type and code. */
class IcmpMessageTest {
    @Test
    void eachKnownMessageHasItsNameInBothFamiliesAndAnyOtherItsTypeAndCode() {
        assertEquals("PORT_UNREACHABLE", IcmpMessage.nameOf(false, 3, 3));
        assertEquals("PORT_UNREACHABLE", IcmpMessage.nameOf(true, 1, 4));
        assertEquals("ECHO_REQUEST", IcmpMessage.nameOf(false, 8, 0));
        assertEquals("ECHO_REPLY", IcmpMessage.nameOf(true, 129, 0));
        assertEquals("HOST_UNREACHABLE", IcmpMessage.nameOf(false, 3, 1), "EHOSTUNREACH's message, by its name");
        assertEquals("HOST_UNREACHABLE", IcmpMessage.nameOf(true, 1, 3));
        assertEquals("TYPE_3_CODE_13", IcmpMessage.nameOf(false, 3, 13),
                "administratively prohibited has no name here");
        assertEquals(Optional.of(IcmpMessage.HOST_UNREACHABLE), IcmpMessage.named("HOST_UNREACHABLE"));
        assertEquals(Optional.empty(), IcmpMessage.named("TYPE_3_CODE_13"));
    }
}
