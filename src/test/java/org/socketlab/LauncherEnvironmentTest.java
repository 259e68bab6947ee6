package org.socketlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.testing.Labnet;

/**
 * The app-image's launcher (packaging/linux/launcher.c) keeps GTK from starting a D-Bus session bus by forking the JVM
 * where the session has none, and leaves GTK alone where it has one: run with a stand-in runtime whose {@code java}
 * prints the environment it was given.
 */
class LauncherEnvironmentTest {
    @TempDir
    static Path root;

    @BeforeAll
    static void image() throws IOException {
        Labnet.requireNative(Labnet.NATIVE);
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Labnet.NATIVE.resolve("socketlab-launcher"), root.resolve("bin/socketlab"));
        Path java = Files.createDirectories(root.resolve("lib/runtime/bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nexec /usr/bin/env\n");
        assertTrue(java.toFile().setExecutable(true) && root.resolve("bin/socketlab").toFile().setExecutable(true));
    }

    /** The environment the launcher gives the JVM, started with {@code env} alone (and this network choice). */
    private static Map<String, String> given(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/socketlab").toString()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("SOCKETLAB_NETWORK", "host"); // no lab network: the stand-in java runs at once
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        Map<String, String> seen = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) seen.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return seen;
    }

    @Test
    void withoutASessionBusNeitherTheAccessibilityBridgeNorDconfLooksForOne() throws Exception {
        Map<String, String> env = given(Map.of("HOME", root.toString()));
        assertEquals("1", env.get("NO_AT_BRIDGE"), () -> "given: " + env);
        assertEquals("memory", env.get("GSETTINGS_BACKEND"), () -> "given: " + env);
        Map<String, String> emptyAddress = given(Map.of("DBUS_SESSION_BUS_ADDRESS", "", "XDG_RUNTIME_DIR",
                root.resolve("no-such-folder").toString()));
        assertEquals("1", emptyAddress.get("NO_AT_BRIDGE"), "an empty address is no bus");
    }

    @Test
    void withASessionBusGtkIsLeftAsItIs() throws Exception {
        Map<String, String> byAddress = given(Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus"));
        assertEquals(null, byAddress.get("NO_AT_BRIDGE"), () -> "given: " + byAddress);
        assertEquals(null, byAddress.get("GSETTINGS_BACKEND"), () -> "given: " + byAddress);
        Path runtime = Files.createDirectories(root.resolve("runtime"));
        Map<String, String> notASocket;
        Files.writeString(runtime.resolve("bus"), "");
        notASocket = given(Map.of("XDG_RUNTIME_DIR", runtime.toString()));
        assertEquals("1", notASocket.get("NO_AT_BRIDGE"), "a file named bus is no bus");
        Files.delete(runtime.resolve("bus"));
        try (ServerSocketChannel bus = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            bus.bind(UnixDomainSocketAddress.of(runtime.resolve("bus")));
            Map<String, String> bySocket = given(Map.of("XDG_RUNTIME_DIR", runtime.toString()));
            assertEquals(null, bySocket.get("NO_AT_BRIDGE"), () -> "the bus where libdbus and GLib look: " + bySocket);
            assertEquals(null, bySocket.get("GSETTINGS_BACKEND"), () -> "given: " + bySocket);
        }
    }

    @Test
    void aValueTheUserSetIsKept() throws Exception {
        Map<String, String> env = given(Map.of("GSETTINGS_BACKEND", "dconf", "NO_AT_BRIDGE", "0"));
        assertEquals("dconf", env.get("GSETTINGS_BACKEND"));
        assertEquals("0", env.get("NO_AT_BRIDGE"));
    }
}
