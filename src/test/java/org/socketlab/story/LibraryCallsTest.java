package org.socketlab.story;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * Which of a traced program's calls its C library made inside getaddrinfo() (issue 42 item 1): the RFC 6724 sort's UDP
 * probes (connect, getsockname, close: no datagram) right after the library's nscd attempt; a UDP socket the program
 * connects and closes on its own, or one it sends on, stays the program's; the lab's endpoints are never the library.
 */
class LibraryCallsTest {
    private final List<Event> journal = new ArrayList<>();

    private void call(String endpoint, String name, Integer fd, Map<String, String> args, long result) {
        long seq = journal.size() + 1;
        journal.add(new Event(seq, seq * 10, endpoint,
                new Payload.Call(name, fd, args, result, null, null, null, 0, null, seq * 10 - 5)));
    }

    private void nscd(String endpoint) {
        call(endpoint, "socket", null, Map.of("domain", "AF_UNIX", "type", "SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK"),
                3);
        call(endpoint, "connect", 3, Map.of("addr", "/var/run/nscd/socket"), -1);
        call(endpoint, "close", 3, Map.of(), 0);
    }

    private void udpProbe(String endpoint, boolean sends) {
        call(endpoint, "socket", null, Map.of("domain", "AF_INET", "type", "SOCK_DGRAM|SOCK_CLOEXEC"), 3);
        call(endpoint, "connect", 3, Map.of("addr", "127.0.0.1:5000"), 0);
        call(endpoint, "getsockname", 3, Map.of("addr", "127.0.0.1:40000"), 0);
        if (sends) call(endpoint, "sendto", 3, Map.of("len", "2", "flags", "0", "addr", "NULL"), 2);
        call(endpoint, "close", 3, Map.of(), 0);
    }

    @Test
    void theSortsUdpProbesAfterTheLibrarysOtherCallsAreTheLibrarys() {
        nscd("program");
        udpProbe("program", false);
        assertEquals(Set.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), LibraryCalls.of(journal));
    }

    @Test
    void aUdpSocketTheProgramConnectsOnItsOwnOrSendsOnIsItsOwn() {
        udpProbe("program", false); // its own: the trick to learn its own address, no library call before it
        nscd("program");
        udpProbe("program", true); // it sends a datagram: the program's
        assertEquals(Set.of(5L, 6L, 7L), LibraryCalls.of(journal));
    }

    @Test
    void toldOneAtATimeTheNscdProbeAndNetlinkAreTheLibrarysAndAUnixSocketThatConnectsElsewhereIsNot() {
        nscd("program");
        call("program", "socket", null, Map.of("domain", "AF_NETLINK", "type", "SOCK_RAW|SOCK_CLOEXEC"), 3);
        call("program", "bind", 3, Map.of("addr", "{nl_family=AF_NETLINK}"), 0);
        call("program", "close", 3, Map.of(), 0);
        call("program", "socket", null, Map.of("domain", "AF_UNIX", "type", "SOCK_STREAM"), 3);
        call("program", "connect", 3, Map.of("addr", "/tmp/my-own.sock"), 0);
        udpProbe("program", false);
        nscd("client");
        LibraryCalls.AsTheyCome asTheyCome = new LibraryCalls.AsTheyCome();
        List<Long> library = journal.stream().filter(asTheyCome::library).map(Event::seq).toList();
        // Its own Unix socket's socket() looked like the library's until it connected elsewhere; the UDP probe is
        // known only looking ahead, so told one at a time it is the program's.
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), library);
    }

    /**
     * bash, with {@code $SHELL} unset (CI's shell), asks glibc for its user, and glibc tries nscd's Unix socket: still a
     * launcher, no lane; its child that makes a TCP socket has its lane.
     */
    @Test
    void aLauncherWhoseOnlySocketCallsAreTheLibrarysNscdProbeStaysALauncher() {
        journal.add(new Event(1, 1, "program", Payload.Process.started(100, "program")));
        journal.add(new Event(2, 2, "program", Payload.Process.execed(100, "bash")));
        nscd("program");
        journal.add(new Event(6, 60, "program-101", Payload.Process.forked(101, 100, "program", Map.of())));
        call("program-101", "socket", null, Map.of("domain", "AF_INET", "type", "SOCK_STREAM"), 3);
        Launchers launchers = new Launchers();
        launchers.learnAll(journal);
        assertEquals(true, launchers.transparent(100), "bash is a launcher");
        assertEquals(false, launchers.transparent(101), "its child makes a socket");
        assertEquals("bash", launchers.launcher(101));
    }

    @Test
    void theLabsOwnEndpointsAreNeverTheLibrary() {
        nscd("client");
        assertEquals(Set.of(), LibraryCalls.of(journal));
    }
}
