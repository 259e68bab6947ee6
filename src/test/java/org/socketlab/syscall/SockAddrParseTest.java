package org.socketlab.syscall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketlab.i18n.LocalizedException;

/** What a user types into an address field, good and bad. */
class SockAddrParseTest {

    @ParameterizedTest(name = "{1} \"{0}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1:5000        | AF_INET  | 127.0.0.1:5000",
            "'  127.0.0.1:5000  '  | AF_INET  | 127.0.0.1:5000",
            "localhost:80          | AF_INET  | 127.0.0.1:80",
            "LocalHost:80          | AF_INET  | 127.0.0.1:80",
            "127.255.255.254:0     | AF_INET  | 127.255.255.254:0",
            "127.0.0.1:65535       | AF_INET  | 127.0.0.1:65535",
            "127.000.000.001:7     | AF_INET  | 127.0.0.1:7",
            "[::1]:5000            | AF_INET6 | [::1]:5000",
            "[localhost]:5000      | AF_INET6 | [::1]:5000",
            "[0:0:0:0:0:0:0:1]:1   | AF_INET6 | [::1]:1",
            "[::]:0                | AF_INET6 | [::]:0",
            "[fe80:0:0:0:0:0:0:1]:9| AF_INET6 | [fe80::1]:9",
            "[1:0:0:2:0:0:0:3]:9   | AF_INET6 | [1:0:0:2::3]:9",
            "[::ffff:127.0.0.1]:80 | AF_INET6 | [::ffff:127.0.0.1]:80",
            "[::FFFF:7F00:1]:80    | AF_INET6 | [::ffff:127.0.0.1]:80",
            "/tmp/lab.sock         | AF_UNIX  | /tmp/lab.sock",
            "@lab                  | AF_UNIX  | @lab",
    })
    void valid(String input, Domain domain, String text) {
        SockAddr parsed = SockAddr.parse(input, domain);
        assertEquals(domain, parsed.domain());
        assertEquals(text, parsed.text());
        // What the journal shows can be typed back in.
        assertEquals(parsed, SockAddr.parse(parsed.text(), domain));
    }

    @ParameterizedTest(name = "{1} \"{0}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1:65536       | AF_INET  | input.port.invalid",
            "127.0.0.1:99999       | AF_INET  | input.port.invalid",
            "127.0.0.1:123456      | AF_INET  | input.port.invalid",
            "127.0.0.1:-1          | AF_INET  | input.port.invalid",
            "127.0.0.1:+80         | AF_INET  | input.port.invalid",
            "127.0.0.1:8o          | AF_INET  | input.port.invalid",
            "'127.0.0.1:٨٠'        | AF_INET  | input.port.invalid",
            "127.0.0.1:            | AF_INET  | input.port.invalid",
            "abc                   | AF_INET  | input.address.noPort",
            "127.0.0.1             | AF_INET  | input.address.noPort",
            "abc:80                | AF_INET  | input.address.invalid",
            "example.com:80        | AF_INET  | input.address.invalid",
            "256.0.0.1:80          | AF_INET  | input.address.invalid",
            "127.0.0:80            | AF_INET  | input.address.invalid",
            "127.0.0.1.1:80        | AF_INET  | input.address.invalid",
            "1270.0.0.1:80         | AF_INET  | input.address.invalid",
            ":80                   | AF_INET  | input.address.invalid",
            "[::1]:80              | AF_INET  | input.address.invalid",
            "::1:5000              | AF_INET6 | input.address.ipv6Brackets",
            "::1                   | AF_INET6 | input.address.ipv6Brackets",
            "127.0.0.1:80          | AF_INET6 | input.address.ipv6Brackets",
            "[::1]                 | AF_INET6 | input.address.noPort",
            "[::1]5000             | AF_INET6 | input.address.noPort",
            "[::1]:65536           | AF_INET6 | input.port.invalid",
            "[]:80                 | AF_INET6 | input.address.invalid",
            "[127.0.0.1]:80        | AF_INET6 | input.address.invalid",
            "[example.com]:80      | AF_INET6 | input.address.invalid",
            "[::1%lo]:80           | AF_INET6 | input.address.invalid",
            "[:::1]:80             | AF_INET6 | input.address.invalid",
            "''                    | AF_INET  | input.address.empty",
            "'   '                 | AF_INET6 | input.address.empty",
            "''                    | AF_UNIX  | input.address.empty",
    })
    void invalid(String input, Domain domain, String key) {
        var e = assertThrows(LocalizedException.class, () -> SockAddr.parse(input, domain));
        assertEquals(key, e.key());
    }

    @Test
    void nullIsEmpty() {
        assertEquals("input.address.empty",
                assertThrows(LocalizedException.class, () -> SockAddr.parse(null, Domain.AF_INET)).key());
    }

    @Test
    void unixPathsAreLimitedToWhatEveryOsAccepts() {
        String max = "/" + "a".repeat(102); // 103 bytes: fits macOS's sun_path[104] with its NUL
        assertEquals(max, SockAddr.parse(max, Domain.AF_UNIX).text());
        var e = assertThrows(LocalizedException.class, () -> SockAddr.parse(max + "a", Domain.AF_UNIX));
        assertEquals("input.address.unixTooLong", e.key());
        // Bytes, not characters: ñ is two bytes in UTF-8.
        assertThrows(LocalizedException.class, () -> SockAddr.parse("/" + "ñ".repeat(52), Domain.AF_UNIX));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1:1          | AF_INET  | true",
            "127.1.2.3:1          | AF_INET  | true",
            "127.255.255.255:1    | AF_INET  | true",
            "0.0.0.0:1            | AF_INET  | false",
            "10.0.0.1:1           | AF_INET  | false",
            "192.168.1.10:1       | AF_INET  | false",
            "128.0.0.1:1          | AF_INET  | false",
            "126.255.255.255:1    | AF_INET  | false",
            "[::1]:1              | AF_INET6 | true",
            "[::ffff:127.0.0.1]:1 | AF_INET6 | true",
            "[::ffff:127.9.9.9]:1 | AF_INET6 | true",
            "[::ffff:10.0.0.1]:1  | AF_INET6 | false",
            "[::]:1               | AF_INET6 | false",
            "[::2]:1              | AF_INET6 | false",
            "[::127.0.0.1]:1      | AF_INET6 | false",
            "[1::ffff:127.0.0.1]:1| AF_INET6 | false",
            "[fe80::1]:1          | AF_INET6 | false",
            "[2001:db8::1]:1      | AF_INET6 | false",
            "/tmp/x.sock          | AF_UNIX  | true",
            "@abstract            | AF_UNIX  | true",
    })
    void loopbackDetection(String input, Domain domain, boolean loopback) {
        assertEquals(loopback, SockAddr.parse(input, domain).isLoopback());
    }

    @Test
    void mappedAddressKeepsItsBytes() {
        var mapped = assertInstanceOf(SockAddr.Inet6.class, SockAddr.parse("[::ffff:127.0.0.1]:80", Domain.AF_INET6));
        assertArrayEquals(new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1},
                mapped.address());
        assertTrue(mapped.isV4Mapped());
        assertFalse(((SockAddr.Inet6) SockAddr.parse("[::1]:80", Domain.AF_INET6)).isV4Mapped());
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "80, 80", "65535, 65535", "' 443 ', 443", "00080, 80"})
    void ports(String text, int port) {
        assertEquals(port, SockAddr.parsePort(text));
    }

    @Test
    void addressesAreDefensivelyCopied() {
        byte[] bytes = {127, 0, 0, 1};
        var a = new SockAddr.Inet4(bytes, 1);
        bytes[0] = 10;
        a.address()[0] = 10;
        assertTrue(a.isLoopback());
        assertThrows(IllegalArgumentException.class, () -> new SockAddr.Inet4(new byte[5], 1));
        assertThrows(IllegalArgumentException.class, () -> new SockAddr.Inet6(new byte[4], 1, 0));
    }
}
