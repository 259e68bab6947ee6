package org.socketlab.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;

/**
 * The endpoint protocol is written twice, in C (packaging/linux/endpoint.c, and labnet's hand-over of the control
 * channel, packaging/linux/labnet/labnet.h) and in Java ({@link EndpointOp}, {@link EndpointChannel}): this test reads
 * both sides and fails where they differ. The C side's numbers come from gcc itself (a probe that includes endpoint.c
 * and prints each op, the control descriptor and the frames' field offsets and sizes), so padding and implicit enum
 * numbers are the compiler's, not a guess; only the list of op names is read from the source text.
 */
class EndpointProtocolTest {
    private static final Path ENDPOINT_C = Path.of("packaging/linux/endpoint.c").toAbsolutePath();
    private static final Path LABNET_H = Path.of("packaging/linux/labnet/labnet.h").toAbsolutePath();
    private static final Pattern OP_NAME = Pattern.compile("\\bOP_([A-Z0-9_]+)\\b");
    @TempDir
    static Path dir;
    private static Map<String, Long> said;

    @Test
    void theOpsHaveTheSameNamesAndNumbersOnBothSides() throws Exception {
        Map<String, Long> c = probe();
        Map<String, Long> cOps = new TreeMap<>();
        c.forEach((name, value) -> {
            if (name.startsWith("OP_")) cOps.put(name.substring(3), value);
        });
        Map<String, Long> javaOps = Arrays.stream(EndpointOp.values())
                .collect(Collectors.toMap(Enum::name, op -> (long) op.code, (a, b) -> a, TreeMap::new));
        assertEquals(javaOps, cOps, "EndpointOp (Java) and endpoint.c's OP_ names and numbers");
    }

    @Test
    void theControlDescriptorIsOneNumberInTheEndpointLabnetAndJava() throws Exception {
        Map<String, Long> c = probe();
        assertEquals(EndpointChannel.CONTROL, c.get("CONTROL"), "endpoint.c's CONTROL");
        Matcher labnet = Pattern.compile("(?m)^#define ENDPOINT_CONTROL (\\d+)\\b").matcher(Files.readString(LABNET_H));
        assertTrue(labnet.find(), "labnet.h defines ENDPOINT_CONTROL");
        assertEquals(EndpointChannel.CONTROL, Integer.parseInt(labnet.group(1)), "labnet.h's ENDPOINT_CONTROL");
    }

    @Test
    void theFramesHeadsAreLaidOutAsTheCompilerLaysOutTheStructs() throws Exception {
        Map<String, Long> c = probe();
        Map<String, Long> java = new LinkedHashMap<>();
        java.put("REQUEST_OP", (long) EndpointChannel.REQUEST_OP);
        java.put("REQUEST_PAD", (long) EndpointChannel.REQUEST_PAD);
        java.put("REQUEST_A", (long) EndpointChannel.REQUEST_A);
        java.put("REQUEST_NUMBERS", (long) EndpointChannel.REQUEST_NUMBERS);
        java.put("REQUEST_HEAD", (long) EndpointChannel.REQUEST_HEAD);
        java.put("ANSWER_RESULT", (long) EndpointChannel.ANSWER_RESULT);
        java.put("ANSWER_ERRNO", (long) EndpointChannel.ANSWER_ERRNO);
        java.put("ANSWER_NS", (long) EndpointChannel.ANSWER_NS);
        java.put("ANSWER_B", (long) EndpointChannel.ANSWER_B);
        java.put("ANSWER_NUMBERS", (long) EndpointChannel.ANSWER_NUMBERS);
        java.put("ANSWER_ENTERED", (long) EndpointChannel.ANSWER_ENTERED);
        java.put("ANSWER_HEAD", (long) EndpointChannel.ANSWER_HEAD);
        Map<String, Long> cHeads = new LinkedHashMap<>();
        java.keySet().forEach(k -> cHeads.put(k, c.get(k)));
        assertEquals(java, cHeads, "EndpointChannel's frame layout and endpoint.c's struct request / struct answer");
    }

    /**
     * What gcc says of endpoint.c: each OP_ name its source uses, CONTROL, and the structs' offsets and sizes. The probe
     * includes endpoint.c whole (its main renamed), so what it prints is what the endpoint program is built with.
     */
    private static synchronized Map<String, Long> probe() throws IOException, InterruptedException {
        if (said != null) return said;
        Path gcc = Path.of("/usr/bin/gcc");
        CiRules.requireOrSkip(Files.isExecutable(gcc), "gcc (to read endpoint.c's protocol as the compiler does)");
        TreeSet<String> ops = new TreeSet<>();
        Matcher m = OP_NAME.matcher(Files.readString(ENDPOINT_C));
        while (m.find()) ops.add(m.group(1));
        assertTrue(ops.size() > 10, "endpoint.c names its ops OP_...: " + ops);
        StringBuilder probe = new StringBuilder("""
                #define main socketlab_endpoint_main
                #include "%s"
                #undef main
                #include <stddef.h>
                #define SAY(name, value) printf("%%s %%ld\\n", name, (long) (value))
                int main(void) {
                    SAY("CONTROL", CONTROL);
                    SAY("REQUEST_OP", offsetof(struct request, op));
                    SAY("REQUEST_PAD", offsetof(struct request, pad));
                    SAY("REQUEST_A", offsetof(struct request, a));
                    SAY("REQUEST_NUMBERS", sizeof ((struct request *) 0)->a / sizeof(int64_t));
                    SAY("REQUEST_HEAD", sizeof(struct request));
                    SAY("ANSWER_RESULT", offsetof(struct answer, result));
                    SAY("ANSWER_ERRNO", offsetof(struct answer, err));
                    SAY("ANSWER_NS", offsetof(struct answer, ns));
                    SAY("ANSWER_B", offsetof(struct answer, b));
                    SAY("ANSWER_NUMBERS", sizeof ((struct answer *) 0)->b / sizeof(int64_t));
                    SAY("ANSWER_ENTERED", offsetof(struct answer, entered));
                    SAY("ANSWER_HEAD", sizeof(struct answer));
                """.formatted(ENDPOINT_C));
        for (String op : ops) probe.append("    SAY(\"OP_").append(op).append("\", OP_").append(op).append(");\n");
        probe.append("    return 0;\n}\n");
        Path source = Files.writeString(dir.resolve("probe.c"), probe);
        Path program = dir.resolve("probe"), output = dir.resolve("said.txt");
        run(output, gcc.toString(), "-o", program.toString(), source.toString());
        run(output, program.toString());
        Map<String, Long> values = new TreeMap<>();
        for (String line : Files.readAllLines(output)) {
            String[] words = line.split(" ");
            values.put(words[0], Long.parseLong(words[1]));
        }
        return said = values;
    }

    /** Runs {@code command} (at most 60 s), its output into {@code output}; fails with that output unless it exits 0. */
    private static void run(Path output, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) p.destroyForcibly();
        assertTrue(ended && p.exitValue() == 0, String.join(" ", command) + ":\n" + Files.readString(output));
    }
}
