package org.socketlab.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.socketlab.CiRules;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Domain;

/**
 * Runs the generated programs of a session side by side with {@code --step} and plays the session's order: a
 * program waiting at a turn is let go once every call the journal has before that point was printed by its program.
 * Then each program's printed calls must be the journal's: the same calls, the same results, the same errnos.
 */
final class ProgramRun {
    /** What a program prints per call: {@code connect() = 0}, {@code recv() = -1 EAGAIN (...)}, {@code ... -1 errno 11 (...)}. */
    private static final Pattern CALL_LINE = Pattern.compile("^([a-z]+)\\(\\) = (-?\\d+)(?: (errno )?(\\w+))?.*$");
    /** Generous: the box running the tests may be loaded, and a program's first call includes its start-up. */
    private static final long WAIT_MS = 20_000;

    private ProgramRun() {
    }

    /** The tool's path, or a failure on CI (CI=true, {@link CiRules}) / a visible skip elsewhere, naming the missing tool. */
    static String require(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) return p.toString();
        }
        missing(tool);
        return null;
    }

    /** A failure on CI (CI=true), a visible skip elsewhere, naming what is missing. */
    static void missing(String what) {
        CiRules.requireOrSkip(false, what + " (the generated programs cannot be checked without it)");
    }

    /** One running program and the call lines it printed so far. */
    static final class Running {
        final String endpoint;
        final Process process;
        final List<String> calls = new ArrayList<>();
        final StringBuilder all = new StringBuilder();
        final Thread reader;

        Running(String endpoint, Process process) {
            this.endpoint = endpoint;
            this.process = process;
            this.reader = Thread.ofPlatform().daemon().name("program-" + endpoint).start(this::read);
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null;) {
                    synchronized (this) {
                        all.append(line).append('\n');
                        if (CALL_LINE.matcher(line).matches()) calls.add(line);
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            synchronized (this) {
                notifyAll();
            }
        }

        synchronized void awaitCalls(int n, String why) throws InterruptedException {
            long deadline = System.currentTimeMillis() + WAIT_MS;
            while (calls.size() < n) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive()))
                    fail(endpoint + " printed " + calls.size() + " calls, " + n + " expected " + why + ":\n" + all
                            + stderr());
                wait(Math.min(left, 200));
            }
        }

        void release() throws IOException {
            OutputStream in = process.getOutputStream();
            in.write('\n');
            in.flush();
        }

        String stderr() {
            try {
                return process.isAlive()
                        ? ""
                        : new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }
    }

    /**
     * Starts one program per endpoint ({@code command} gives each one's command line, to which --step and the
     * places' values are added), plays the session's order and checks what each printed against the journal.
     */
    static void playAndCheck(CodeScript script, Map<String, List<String>> commands, List<String> placeValues, Path dir)
            throws Exception {
        Map<String, Running> running = new HashMap<>();
        try {
            for (String endpoint : script.endpoints()) {
                List<String> cmd = new ArrayList<>(commands.get(endpoint));
                cmd.add("--step");
                cmd.addAll(placeValues);
                running.put(endpoint, new Running(endpoint, new ProcessBuilder(cmd).directory(dir.toFile()).start()));
            }
            Map<String, Integer> made = new HashMap<>();
            for (CodeScript.Step s : script.steps()) {
                if (s.after() != null) {
                    // Every earlier call of the other programs has returned, as in the session: let this one go on.
                    for (var e : made.entrySet())
                        if (!e.getKey().equals(s.endpoint()))
                            running.get(e.getKey()).awaitCalls(e.getValue(),
                                    "before " + s.endpoint() + "'s " + s.call() + " (seq " + s.seq() + ")");
                    running.get(s.endpoint()).release();
                }
                made.merge(s.endpoint(), 1, Integer::sum);
            }
            for (Running r : running.values()) {
                r.awaitCalls(script.of(r.endpoint).size(), "in all");
                assertTrue(r.process.waitFor(WAIT_MS, TimeUnit.MILLISECONDS), r.endpoint + " did not end");
                r.reader.join(WAIT_MS);
                assertEquals(0, r.process.exitValue(), () -> r.endpoint + " failed:\n" + r.all + r.stderr());
                check(script.of(r.endpoint), r);
            }
        } finally {
            for (Running r : running.values()) r.process.destroyForcibly();
        }
    }

    /** A send, write or sendto that took fewer bytes than it was given: a full send buffer. */
    private static boolean partialSend(Payload.Call made) {
        String len = made.args().get("len");
        return Set.of("send", "write", "sendto").contains(made.call()) && len != null && made.result() >= 0
                && made.result() < Long.parseLong(len);
    }

    private static void check(List<CodeScript.Step> expected, Running r) {
        List<String> printed;
        synchronized (r) {
            printed = List.copyOf(r.calls);
        }
        assertEquals(expected.size(), printed.size(), () -> r.endpoint + " printed\n" + r.all);
        for (int i = 0; i < expected.size(); i++) {
            CodeScript.Step s = expected.get(i);
            Matcher mt = CALL_LINE.matcher(printed.get(i));
            assertTrue(mt.matches());
            String where = r.endpoint + " call " + (i + 1) + " (journal: " + s.line() + "), printed: " + printed.get(i)
                    + "\n" + r.all;
            assertEquals(s.call(), mt.group(1), where);
            long result = Long.parseLong(mt.group(2));
            if (s.failed()) {
                assertEquals(-1, result, where);
                if (mt.group(3) != null) assertEquals(String.valueOf(s.errno()), mt.group(4), where);
                else assertEquals(normal(s.errnoName()), normal(mt.group(4)), where);
            } else if (s.call().equals("socket") || s.call().equals("accept")) {
                assertTrue(result >= 0, where);
            } else if (partialSend(s.made())) {
                // How much a full send buffer takes is the kernel's at that moment (how much the peer had acknowledged):
                // timeouts' non-blocking send took 5760 bytes in the session, 5184 in the program's run (CI, loaded).
                long asked = Long.parseLong(s.made().args().get("len"));
                assertTrue(result > 0 && result <= asked, where);
            } else {
                assertEquals(s.result(), result, where);
            }
            // getaddrinfo's answer: the journal's list in its order (the ports are the run's own), or its EAI_* name.
            if (s.call().equals("getaddrinfo"))
                assertTrue(anyPort(printed.get(i)).contains(s.result() == 0
                        ? " " + anyPort(s.made().args().get("res"))
                        : " " + s.errnoName() + " ("), "getaddrinfo's answer: " + where);
            if (s.failed()) continue;
            // The bytes received, as the journal has them (unless it kept only part of a long payload)...
            Payload.Call made = s.made();
            if (RECEIVES.contains(s.call()) && made.data() != null && made.elided() == null)
                assertTrue(printed.get(i).contains(" \"" + escaped(made.data()) + "\""),
                        "the bytes received: " + where);
            // ...and who sent them: a received datagram's and an accepted connection's peer address.
            boolean inet = s.op().sock() != null && s.op().sock().domain() != Domain.AF_UNIX;
            if (inet && (s.call().equals("recvfrom") || s.call().equals("accept")))
                assertTrue(PEER.matcher(printed.get(i)).matches(), "the sender's address: " + where);
        }
    }

    /** A printed or journaled addrinfo list with each address's port as {@code :*}: the programs run on other ports. */
    static String anyPort(String list) {
        return list.replaceAll(":\\d+}", ":*}");
    }

    private static final Set<String> RECEIVES = Set.of("recv", "recvfrom", "read");
    /** An IPv4 or IPv6 address and a port at the end of a printed line: {@code from 127.0.0.1:5000}, {@code from [::1]:5000}. */
    private static final Pattern PEER = Pattern.compile(".* from (\\[[0-9a-fA-F:.]+\\]|[0-9.]+):\\d+$");

    /** The bytes as the programs print them: printable ASCII as is, but for {@code "} and {@code \\}, else {@code \\xNN}. */
    static String escaped(byte[] data) {
        StringBuilder sb = new StringBuilder();
        for (byte b : data) {
            int c = b & 0xff;
            if (c >= 32 && c < 127 && c != '"' && c != '\\') sb.append((char) c);
            else sb.append(String.format("\\x%02x", c));
        }
        return sb.toString();
    }

    /** EAGAIN and EWOULDBLOCK are one errno on Linux; either name may be printed. */
    private static String normal(String errnoName) {
        return "EWOULDBLOCK".equals(errnoName) ? "EAGAIN" : errnoName;
    }
}
