package org.socketlab.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ErrnoTableTest {

    /** The errnos the lessons and the engine's tests expect; every OS table must name them. */
    private static final List<String> NEEDED_EVERYWHERE = List.of(
            "EINTR", "EBADF", "EACCES", "EFAULT", "EINVAL", "EMFILE", "EAGAIN", "EINPROGRESS", "EALREADY", "ENOTSOCK",
            "EDESTADDRREQ", "EMSGSIZE", "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT", "EOPNOTSUPP", "EAFNOSUPPORT",
            "EADDRINUSE", "EADDRNOTAVAIL", "ENETUNREACH", "ECONNABORTED", "ECONNRESET", "ENOBUFS", "EISCONN",
            "ENOTCONN",
            "ESHUTDOWN", "ETIMEDOUT", "ECONNREFUSED", "EHOSTUNREACH", "ENAMETOOLONG");

    @ParameterizedTest(name = "{0}: {1} on Linux, {2} on macOS, {3} on Windows")
    @CsvSource({
            "ECONNREFUSED, 111, 61, 10061",
            "EADDRINUSE,    98, 48, 10048",
            "EAGAIN,        11, 35, 10035",
            "ECONNRESET,   104, 54, 10054",
            "ENOTCONN,     107, 57, 10057",
            "EISCONN,      106, 56, 10056",
            "EINPROGRESS,  115, 36, 10036",
            "EALREADY,     114, 37, 10037",
            "EADDRNOTAVAIL, 99, 49, 10049",
            "EAFNOSUPPORT,  97, 47, 10047",
            "EOPNOTSUPP,    95, 102, 10045",
            "EMSGSIZE,      90, 40, 10040",
            "ENOTSOCK,      88, 38, 10038",
            "ETIMEDOUT,    110, 60, 10060",
            "EHOSTUNREACH, 113, 65, 10065",
            "ENAMETOOLONG,  36, 63, 10063",
            "EINVAL,        22, 22, 10022",
            "EBADF,          9,  9, 10009",
    })
    void knownNumbers(String name, int linux, int macos, int windows) {
        assertEquals(name, ErrnoTable.LINUX.name(linux));
        assertEquals(name, ErrnoTable.MACOS.name(macos));
        assertEquals(name, ErrnoTable.WINDOWS.name(windows));
        assertEquals(Optional.of(linux), ErrnoTable.LINUX.number(name));
        assertEquals(Optional.of(macos), ErrnoTable.MACOS.number(name));
        assertEquals(Optional.of(windows), ErrnoTable.WINDOWS.number(name));
    }

    @Test
    void macosTellsEnotsupFromEopnotsupp() {
        // sys/errno.h: EOPNOTSUPP is 102 for __DARWIN_UNIX03 code and the kernel; 45 is ENOTSUP.
        assertEquals("ENOTSUP", ErrnoTable.MACOS.name(45));
        assertEquals("EOPNOTSUPP", ErrnoTable.MACOS.name(102));
    }

    @ParameterizedTest
    @EnumSource(value = Os.class, names = {"LINUX", "MACOS", "WINDOWS"})
    void namesAreUniqueAndRoundTrip(Os os) {
        ErrnoTable table = ErrnoTable.of(os);
        assertSame(os, table.os());
        Set<String> names = new HashSet<>();
        table.entries().forEach((number, name) -> {
            assertTrue(names.add(name), os + " names " + name + " twice");
            assertTrue(name.matches("E[A-Z0-9]+"), name);
            assertTrue(number > 0, name + " has number " + number);
            assertEquals(Optional.of(number), table.number(name));
            assertEquals(name, table.name(number));
        });
        for (String needed : NEEDED_EVERYWHERE) {
            assertTrue(table.number(needed).isPresent(), os + " has no " + needed);
        }
    }

    @Test
    void windowsNumbersAreWinsockCodes() {
        ErrnoTable.WINDOWS.entries().keySet().forEach(n -> assertTrue(n > 10000 && n < 11000, "WSAE code " + n));
    }

    @Test
    void anUnknownNumberIsShownAsItself() {
        assertEquals("E4242", ErrnoTable.LINUX.name(4242));
        assertEquals(Optional.empty(), ErrnoTable.LINUX.number("ENOTANERRNO"));
    }
}
