package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Errno;
import org.socketlab.syscall.SysCall;

/**
 * A journaled call is asked about through its SysCall and Errno; one SocketLab has no constant for (a traced program's
 * epoll_create1, an errno the engine never compares) is of no family, and is written as the journal had it.
 */
class CallNamesTest {
    @Test
    void aNamedCallAnswersForItsFamilies() {
        var send = new Payload.Call("writev", 5, Map.of(), 3, null, null, "abc".getBytes(StandardCharsets.UTF_8), 0);
        assertEquals(SysCall.WRITEV, send.sysCall());
        assertTrue(send.is(SysCall.WRITEV));
        assertTrue(send.is(SysCall::sendsData));
        assertFalse(send.is(SysCall::receivesData));
        var accepted = new Payload.Call("accept4", 3, Map.of(), 7, null, null, null, 0);
        assertTrue(accepted.is(SysCall::accepts));
        assertEquals(List.of(7), accepted.madeFds());
        var refused = new Payload.Call("connect", 3, Map.of("addr", "127.0.0.1:1"), -1, 111, "ECONNREFUSED", null, 0);
        assertTrue(refused.failedWith(Errno.ECONNREFUSED));
        assertFalse(refused.failedWith(Errno::connectUnderway));
        var again = new Payload.Call("recv", 3, Map.of("len", "10"), -1, 11, "EAGAIN", null, 0);
        assertTrue(again.failedWith(Errno::wouldBlock));
        assertTrue(again.failedWith(Errno::waitEnded));
    }

    @Test
    void aCallSocketLabDoesNotNameIsOfNoFamilyAndReadsAsWritten() {
        var other = new Payload.Call("epoll_create1", null, Map.of("flags", "EPOLL_CLOEXEC"), 4, null, null, null, 0);
        assertNull(other.sysCall());
        assertFalse(other.is(SysCall::sendsData) || other.is(SysCall::receivesData) || other.is(SysCall::accepts));
        assertEquals(List.of(), other.madeFds());
        assertEquals("epoll_create1(EPOLL_CLOEXEC) = 4", CallFormat.line(other));
        assertEquals("call.waitsFor.other", CallFormat.waitsForKey(other.call()));
        var unknownErrno = new Payload.Call("connect", 3, Map.of(), -1, 99, "EADDRNOTAVAIL_X", null, 0);
        assertFalse(unknownErrno.failedWith(Errno::connectUnderway));
        assertFalse(unknownErrno.failedWith(Errno.EADDRNOTAVAIL));
        var blocked = new Payload.Blocked("recv", 3);
        assertTrue(blocked.is(SysCall.RECV));
        assertEquals("call.waitsFor.recv", CallFormat.waitsForKey(blocked.call()));
    }
}
