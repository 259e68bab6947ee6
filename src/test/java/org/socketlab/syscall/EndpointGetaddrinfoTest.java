package org.socketlab.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * getaddrinfo(3) as the endpoint process makes it (issue 41's getaddrinfo lesson): glibc's own list and codes, no
 * network needed. A numeric host with AI_NUMERICHOST, AI_PASSIVE with a NULL node (the wildcards), a name that is
 * not numeric under AI_NUMERICHOST (EAI_NONAME without any lookup), a service that does not exist (EAI_SERVICE).
 */
class EndpointGetaddrinfoTest {
    @Test
    void getaddrinfoAnswersWithGlibcsListOrItsErrorText() {
        Libc libc = Libc.forThisMachine();
        PlatformConstants c = libc.constants();
        Path program = EndpointProcess.program().orElseThrow(() -> new AssertionError("socketlab-endpoint is built"));
        try (EndpointProcess p = EndpointProcess.start(libc, program, "gai-test")) {
            AddrInfo numeric = p.calls().getaddrinfo("127.0.0.1", "8080", 0, c.sockStream(),
                    AddrInfo.AI_NUMERICHOST);
            assertFalse(numeric.failed(), numeric.text());
            assertEquals(List.of(new AddrInfo.Entry(c.afInet(), c.sockStream(), 6,
                    SockAddr.parse("127.0.0.1:8080", Domain.AF_INET))), numeric.entries());

            AddrInfo passive = p.calls().getaddrinfo(null, "8080", 0, c.sockStream(), AddrInfo.AI_PASSIVE);
            assertFalse(passive.failed(), passive.text());
            List<String> wildcards = passive.entries().stream().map(e -> e.address().toString()).toList();
            assertTrue(wildcards.contains("0.0.0.0:8080"), wildcards.toString());
            assertTrue(wildcards.contains("[::]:8080"), wildcards.toString());

            AddrInfo notNumeric = p.calls().getaddrinfo("localhost", "8080", 0, c.sockStream(),
                    AddrInfo.AI_NUMERICHOST);
            assertEquals("EAI_NONAME", AddrInfo.eaiName(notNumeric.code()));
            assertEquals("Name or service not known", notNumeric.text());

            AddrInfo noService = p.calls().getaddrinfo("127.0.0.1", "no-such-service", c.afInet(), c.sockStream(),
                    AddrInfo.AI_NUMERICHOST);
            assertEquals("EAI_SERVICE", AddrInfo.eaiName(noService.code()));
            assertTrue(noService.entries().isEmpty());

            // The socket calls go on after it: the endpoint's first socket is still descriptor 3.
            assertEquals(3, p.calls().socket(c.afInet(), c.sockStream(), 0).value());
        }
    }
}
