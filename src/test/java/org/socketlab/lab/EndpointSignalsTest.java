package org.socketlab.lab;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockType;

/**
 * A lab endpoint starts as a C program started from a terminal's shell: no signal ignored, whatever SocketLab was
 * started with. A SocketLab started as a job with {@code &} ignores SIGINT and SIGQUIT, an ignored signal stays ignored
 * across exec, and {@code kill -INT} then did nothing to an endpoint (a whole run's ServeCommandTest timed out).
 */
class EndpointSignalsTest {
    private static final int SIGINT = 2, SIGQUIT = 3;
    private static final long SIG_IGN = 1;

    @Test
    void anEndpointStartedWhileSocketLabIgnoresSigintIgnoresNothing() throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle sigaction = linker.downcallHandle(linker.defaultLookup().find("sigaction").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        long ignored;
        try (Arena arena = Arena.ofConfined()) {
            // struct sigaction: the handler first, then the mask and flags (zero); 256 bytes hold it on every ABI.
            MemorySegment ignore = arena.allocate(256), intOld = arena.allocate(256), quitOld = arena.allocate(256);
            ignore.set(JAVA_LONG, 0, SIG_IGN);
            assertEquals(0, (int) sigaction.invokeExact(SIGINT, ignore, intOld));
            assertEquals(0, (int) sigaction.invokeExact(SIGQUIT, ignore, quitOld));
            try (Lab lab = Lab.withoutCapture()) { // its processes start now, ahead of the first call
                Endpoint server = lab.server();
                Payload.Call made = (Payload.Call) server.call(new Request.Socket(Domain.AF_INET,
                        SockType.SOCK_STREAM)).get(20, TimeUnit.SECONDS).payload();
                assertTrue(made.result() >= 0, "socket(): " + made.errnoName());
                ignored = Long.parseUnsignedLong(Files.readAllLines(Path.of("/proc", String.valueOf(server.pid()),
                        "status")).stream().filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow()
                        .substring(7).trim(), 16);
            } finally { // this JVM's own handlers back
                assertEquals(0, (int) sigaction.invokeExact(SIGINT, intOld, MemorySegment.NULL));
                assertEquals(0, (int) sigaction.invokeExact(SIGQUIT, quitOld, MemorySegment.NULL));
            }
        }
        // Signals 1-31; glibc's own real-time ones (32, 33) are its business (its posix_spawn leaves them ignored).
        assertEquals(0, ignored & 0x7FFF_FFFFL,
                "signals the endpoint ignores (bit n-1 for signal n): " + Long.toHexString(ignored));
    }
}
