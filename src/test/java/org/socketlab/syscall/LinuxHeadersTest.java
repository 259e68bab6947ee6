package org.socketlab.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;

/**
 * The Linux tables checked against this machine's real C headers: a small C program prints every constant,
 * errno number and sockaddr offset that SocketLab hard-codes, and the test compares. Without a C compiler it fails on
 * CI (.ci/run installs gcc and libc6-dev) and is reported skipped elsewhere, naming the compiler (CiRules).
 */
class LinuxHeadersTest {

    /** Not a silent skip: elsewhere than Linux it is reported skipped, naming why; on CI it fails (CiRules). */
    @BeforeAll
    static void onLinux() {
        CiRules.requireOrSkip(System.getProperty("os.name", "").startsWith("Linux"),
                "Linux (the tables it checks are its headers')");
    }

    @TempDir
    Path dir;

    @Test
    void constantsErrnosAndLayoutsMatchTheCHeaders() throws Exception {
        String cc = findCompiler();
        // Never passed quietly: a header check that does not run would let CI go green on wrong constants.
        CiRules.requireOrSkip(cc != null,
                "a C compiler (cc, gcc or clang) to cross-check the constants against this machine's headers");
        var c = PlatformConstants.LINUX;
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("AF_UNIX", (long) c.afUnix());
        expected.put("AF_INET", (long) c.afInet());
        expected.put("AF_INET6", (long) c.afInet6());
        expected.put("SOCK_STREAM", (long) c.sockStream());
        expected.put("SOCK_DGRAM", (long) c.sockDgram());
        expected.put("SOL_SOCKET", (long) c.solSocket());
        expected.put("SO_REUSEADDR", (long) c.soReuseAddr());
        expected.put("SO_ERROR", (long) c.soError());
        expected.put("SO_SNDBUF", (long) c.soSndBuf());
        expected.put("SO_RCVBUF", (long) c.soRcvBuf());
        expected.put("SO_LINGER", (long) c.soLinger());
        expected.put("IPPROTO_TCP", (long) c.ipprotoTcp());
        expected.put("TCP_INFO", (long) c.tcpInfo());
        for (SocketOption o : SocketOption.values()) expected.put(o.name(), (long) o.value(c));
        expected.put("IPPROTO_IPV6", (long) SocketOption.Level.IPPROTO_IPV6.value(c));
        expected.put("SHUT_RD", (long) c.shutRd());
        expected.put("SHUT_WR", (long) c.shutWr());
        expected.put("SHUT_RDWR", (long) c.shutRdWr());
        expected.put("F_GETFL", (long) c.fGetFl());
        expected.put("F_SETFL", (long) c.fSetFl());
        expected.put("O_NONBLOCK", (long) c.oNonBlock());
        expected.put("POLLIN", (long) c.pollIn());
        expected.put("POLLOUT", (long) c.pollOut());
        expected.put("POLLERR", (long) c.pollErr());
        expected.put("POLLHUP", (long) c.pollHup());
        expected.put("POLLNVAL", (long) c.pollNval());
        expected.put("MSG_PEEK", (long) c.msgPeek());
        expected.put("MSG_DONTWAIT", (long) c.msgDontWait());
        expected.put("sizeof(((struct sockaddr_un*)0)->sun_path)", (long) c.sunPathLength());
        // The byte offsets SockAddrCodec writes to.
        expected.put("offsetof(struct sockaddr_in, sin_port)", 2L);
        expected.put("offsetof(struct sockaddr_in, sin_addr)", 4L);
        expected.put("sizeof(struct sockaddr_in)", 16L);
        expected.put("offsetof(struct sockaddr_in6, sin6_port)", 2L);
        expected.put("offsetof(struct sockaddr_in6, sin6_flowinfo)", 4L);
        expected.put("offsetof(struct sockaddr_in6, sin6_addr)", 8L);
        expected.put("offsetof(struct sockaddr_in6, sin6_scope_id)", 24L);
        expected.put("sizeof(struct sockaddr_in6)", 28L);
        expected.put("offsetof(struct sockaddr_un, sun_path)", 2L);
        expected.put("sizeof(struct sockaddr_storage)", (long) SockAddrCodec.STORAGE_SIZE);
        new TreeMap<>(ErrnoTable.LINUX.entries()).forEach((number, name) -> expected.put(name, (long) number));

        StringBuilder src = new StringBuilder("""
                #include <errno.h>
                #include <fcntl.h>
                #include <netinet/in.h>
                #include <netinet/tcp.h>
                #include <poll.h>
                #include <stddef.h>
                #include <stdio.h>
                #include <sys/socket.h>
                #include <sys/un.h>
                int main(void) {
                """);
        for (String expr : expected.keySet()) {
            src.append("    printf(\"%s=%ld\\n\", \"").append(expr).append("\", (long) (").append(expr).append("));\n");
        }
        src.append("    return 0;\n}\n");
        Path source = dir.resolve("constants.c");
        Path binary = dir.resolve("constants");
        Files.writeString(source, src);

        run(cc, "-o", binary.toString(), source.toString());
        String output = run(binary.toString());

        Map<String, Long> actual = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.lastIndexOf('=');
            actual.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
        }
        assertEquals(expected, actual);
    }

    private static String findCompiler() {
        for (String name : new String[]{"cc", "gcc", "clang"}) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                File f = new File(dir, name);
                if (f.canExecute()) return f.getPath();
            }
        }
        return null;
    }

    /** Runs a program with its arguments (no shell), returns its output, fails on a non-zero exit. */
    private String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }
}
