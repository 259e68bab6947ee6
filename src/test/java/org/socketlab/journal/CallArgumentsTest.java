package org.socketlab.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.socketlab.syscall.SockAddr;

/**
 * A call's arguments are read by their key of {@link CallArg}, and an address argument through the one reader of the
 * journal's address text ({@link SockAddr#ofJournalText}), as the lab and a traced program journal them.
 */
class CallArgumentsTest {
    private static Payload.Call call(String name, String... keyValues) {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) args.put(keyValues[i], keyValues[i + 1]);
        return new Payload.Call(name, 3, args, 0, null, null, null, 0);
    }

    @Test
    void eachKeyIsNamedOnceAndFoundByItsName() {
        Set<String> keys = Arrays.stream(CallArg.values()).map(a -> a.key).collect(Collectors.toSet());
        assertEquals(CallArg.values().length, keys.size(), "two keys with one name");
        for (CallArg a : CallArg.values()) assertEquals(a, CallArg.named(a.key));
        assertNull(CallArg.named("no_such_key"));
    }

    @Test
    void anArgumentIsReadByItsKeyWithOrWithoutAFallback() {
        Payload.Call send = call("sendto", "len", "5", "flags", "MSG_DONTWAIT", "addr", "NULL");
        assertEquals("MSG_DONTWAIT", send.arg(CallArg.FLAGS));
        assertNull(send.arg(CallArg.PEER));
        assertEquals("-", send.arg(CallArg.PEER, "-"));
        assertTrue(send.has(CallArg.LEN));
        assertFalse(send.has(CallArg.FROM));
        assertEquals(Optional.empty(), send.address(CallArg.ADDR), "NULL is no address");
        assertEquals(-1, send.port(CallArg.ADDR));
    }

    @Test
    void anAddressArgumentIsReadAsTheKernelsAddress() {
        assertEquals(3490, call("bind", "addr", "0.0.0.0:3490").port(CallArg.ADDR));
        assertEquals(3490, call("bind", "addr", "[::]:3490").port(CallArg.ADDR));
        assertEquals(-1, call("bind", "addr", "/tmp/lab.sock").port(CallArg.ADDR));
        assertEquals(-1, call("bind", "addr", "?").port(CallArg.ADDR), "a traced call's unreadable address");
        assertEquals(Optional.of(new SockAddr.Unix("@lab")), call("bind", "addr", "@lab").address(CallArg.ADDR));
    }

    @Test
    void aWireAddressIsIpv4WhereTheAddressIsIpv4Mapped() {
        assertEquals("127.0.0.1:80", call("accept", "peer", "[::ffff:127.0.0.1]:80").wireAddress(CallArg.PEER));
        assertEquals("127.0.0.1:80", call("accept", "peer", "[::ffff:7f00:1]:80").wireAddress(CallArg.PEER));
        assertEquals("[::1]:80", call("accept", "peer", "[::1]:80").wireAddress(CallArg.PEER));
        assertEquals("10.77.0.2:5000", call("connect", "addr", "10.77.0.2:5000").wireAddress(CallArg.ADDR));
        assertEquals("?", call("connect", "addr", "?").wireAddress(CallArg.ADDR), "text that is no address stays");
        assertNull(call("connect").wireAddress(CallArg.ADDR));
    }
}
