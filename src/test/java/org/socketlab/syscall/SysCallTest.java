package org.socketlab.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A call's name is read once into a SysCall, and each question about calls has one answer. */
class SysCallTest {
    @Test
    void eachJournalNameNamesItsCallAndNoOther() {
        Set<String> names = new TreeSet<>();
        for (SysCall c : SysCall.values()) {
            assertEquals(c, SysCall.named(c.journalName));
            assertTrue(c.is(c.journalName));
            assertEquals(c.journalName, c.toString());
            assertTrue(names.add(c.journalName), c.journalName);
        }
        for (String other : List.of("clone", "Socket", "SEND", "", "hand_over", "network", "epoll_create1"))
            assertNull(SysCall.named(other), other);
    }

    @Test
    void theFamiliesAreTheCallsTheEngineAsksAbout() {
        assertEquals(EnumSet.of(SysCall.SEND, SysCall.SENDTO, SysCall.SENDMSG, SysCall.SENDMMSG, SysCall.WRITE,
                SysCall.WRITEV), of(SysCall::sendsData));
        assertEquals(EnumSet.of(SysCall.RECV, SysCall.RECVFROM, SysCall.RECVMSG, SysCall.RECVMMSG, SysCall.READ,
                SysCall.READV), of(SysCall::receivesData));
        assertEquals(EnumSet.of(SysCall.ACCEPT, SysCall.ACCEPT4), of(SysCall::accepts));
        assertEquals(EnumSet.of(SysCall.SOCKET, SysCall.SOCKETPAIR, SysCall.ACCEPT, SysCall.ACCEPT4),
                of(SysCall::makesDescriptors));
        assertEquals(EnumSet.of(SysCall.POLL, SysCall.PPOLL, SysCall.SELECT, SysCall.PSELECT6, SysCall.NEWSELECT,
                SysCall.EPOLL_WAIT, SysCall.EPOLL_PWAIT, SysCall.EPOLL_PWAIT2), of(SysCall::waitsForReadiness));
        assertEquals(EnumSet.of(SysCall.BIND, SysCall.CONNECT, SysCall.SENDTO), of(SysCall::takesAddress));
        assertEquals(EnumSet.of(SysCall.GETADDRINFO), of(SysCall::inLibrary));
        for (SysCall c : SysCall.values()) assertFalse(c.sendsData() && c.receivesData(), c.journalName);
    }

    @Test
    void everyCallAShippedLessonOrCheckNamesIsOne() throws IOException {
        Pattern named = Pattern.compile("\"(?:call|finish)\":\\s*\"([a-z_0-9]+)\"");
        Set<String> seen = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/org/socketlab"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                Matcher m = named.matcher(Files.readString(f));
                while (m.find()) {
                    assertNotNull(SysCall.named(m.group(1)), f + ": " + m.group(1));
                    seen.add(m.group(1));
                }
            }
        }
        assertTrue(seen.containsAll(Set.of("socket", "accept", "send", "recv", "close")), seen.toString());
    }

    private static Set<SysCall> of(Predicate<SysCall> family) {
        EnumSet<SysCall> set = EnumSet.noneOf(SysCall.class);
        for (SysCall c : SysCall.values()) if (family.test(c)) set.add(c);
        return set;
    }
}
