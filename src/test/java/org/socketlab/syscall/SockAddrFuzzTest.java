package org.socketlab.syscall;

import static org.socketlab.FuzzSupport.mutate;
import static org.socketlab.FuzzSupport.randomText;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.FuzzSupport;

/** Typed addresses and ports: random and mutated text is parsed or refused with a clear message, never looked up. */
class SockAddrFuzzTest {
    private static final String ALPHABET = "0123456789abcdefABCDEF:.[]%/ -+_\tlocahstLOCAHST\u00a0\u0663\u00e9@\u0000";
    private static final List<String> VALID = List.of("127.0.0.1:5000", "localhost:80", "[::1]:5000", "[localhost]:1",
            "[::ffff:127.0.0.1]:9", "[fe80::1%1]:5", "/tmp/lab.sock", "@abstract", "127.000.000.001:7");
    private static final List<String> TOKENS = List.of(":", ".", "[", "]", "::", "%", "0", "65535", "65536", "999",
            "localhost",
            "ffff", "\u0000", " ", "/", "\u0663");

    @Test
    void typedAddressesInEveryDomain() {
        for (Domain domain : Domain.values()) {
            FuzzSupport.Tally t = FuzzSupport.fuzz("address " + domain,
                    r -> r.nextBoolean()
                            ? randomText(r, 60, ALPHABET)
                            : mutate(VALID.get(r.nextInt(VALID.size())), r, 1 + r.nextInt(4), TOKENS),
                    text -> SockAddr.parse(text, domain));
            FuzzSupport.assertBothOutcomes(t, "address " + domain);
        }
    }

    @Test
    void typedPorts() {
        FuzzSupport.Tally t = FuzzSupport.fuzz("port",
                r -> r.nextBoolean()
                        ? randomText(r, 12, "0123456789 +-.eE\u0663x")
                        : String.valueOf(r.nextInt(70_000)),
                SockAddr::parsePort);
        FuzzSupport.assertBothOutcomes(t, "port");
    }
}
