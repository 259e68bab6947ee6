package org.socketlab.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit of 2026-11-28 (R4, the code command): a journal's text (a socket's path, a host, a lookup's name) and bytes
 * become string literals of the generated C, Python, Java and Rust, and stay literals there: each literal, compiled
 * (gcc with trigraphs read, javac, rustc) or run (python3), prints back exactly what it was made of. Quotes,
 * backslashes, backticks, trigraphs, line breaks, control bytes, {@code \u0022}, {@code <}, {@code &} and {@code ]]>}.
 */
class HostileLiteralsTest {
    private static final List<String> TEXTS = List.of(
            "\"quotes\" \\back\\slash `tick` ``two`` ??/ ??= ??) <img src=x onerror=alert(1)> & ]]> */ // # ${x} %s %n",
            "\",1,0)),system(\"id\");//", "line\nbreak\r\ncr\rtab\t.",
            "ctl \u0001\u00011\u001b[2J\u007f\u000b\u000c end",
            "\\u0022 \\x41 \\101 \\n \\", "ñ ✓ \u202e \u2028 \u2066 😀 \ufffd \\\u202e");

    private static byte[] all(List<String> texts) {
        return String.join("", texts).getBytes(StandardCharsets.UTF_8);
    }

    /** Every byte value, and the runs where a hex escape could swallow the next digit. */
    private static final byte[] BYTES;

    static {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 256; i++) b.write(i);
        b.writeBytes(new byte[]{1, 'a', 'F', 0x7f, '0', (byte) 0xff, '9', '?', '?', '/'});
        BYTES = b.toByteArray();
    }

    private static byte[] run(Path dir, List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + err);
        return out;
    }

    private static String lines(List<String> texts, Function<String, String> line) {
        StringBuilder b = new StringBuilder();
        for (String t : texts) b.append("    ").append(line.apply(t)).append('\n');
        return b.toString();
    }

    @Test
    void cLiteralsPrintWhatTheyWereMadeOf(@TempDir Path dir) throws Exception {
        String gcc = ProgramRun.require("gcc");
        String source = "#include <stdio.h>\nint main(void) {\n"
                + lines(TEXTS, t -> "fputs(" + CProgram.quoted(t) + ", stdout);")
                + "    static const char bytes[] = \"" + Renderer.escapedBytes(BYTES) + "\";\n"
                + "    fwrite(bytes, 1, sizeof bytes - 1, stdout);\n    return 0;\n}\n";
        Files.writeString(dir.resolve("t.c"), source);
        run(dir, List.of(gcc, "-std=c11", "-Wall", "-Werror", "-o", "t", "t.c"));
        byte[] out = run(dir, List.of(dir.resolve("t").toString()));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(all(TEXTS));
        expected.writeBytes(BYTES);
        assertArrayEquals(expected.toByteArray(), out, source);
    }

    @Test
    void pythonLiteralsPrintWhatTheyWereMadeOf(@TempDir Path dir) throws Exception {
        String python = ProgramRun.require("python3");
        String source = "import sys\nout = sys.stdout.buffer\nif True:\n"
                + lines(TEXTS, t -> "out.write(" + Renderer.quoted(t) + ".encode())")
                + "    out.write(b\"" + Renderer.escapedBytes(BYTES, false) + "\")\n";
        Files.writeString(dir.resolve("t.py"), source);
        byte[] out = run(dir, List.of(python, "t.py"));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(all(TEXTS));
        expected.writeBytes(BYTES);
        assertArrayEquals(expected.toByteArray(), out, source);
    }

    @Test
    void javaLiteralsPrintWhatTheyWereMadeOf(@TempDir Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String source = "public class T {\n  public static void main(String[] a) throws Exception {\n"
                + lines(TEXTS, t -> "System.out.write(" + Renderer.quoted(t)
                        + ".getBytes(java.nio.charset.StandardCharsets.UTF_8));")
                + "    System.out.flush();\n  }\n}\n";
        Files.writeString(dir.resolve("T.java"), source);
        // The launcher's source mode compiles it with javac, as the panel's instructions do with javac T.java.
        byte[] out = run(dir, List.of(java, "-Dfile.encoding=UTF-8", "T.java"));
        assertArrayEquals(all(TEXTS), out, source);
    }

    @Test
    void rustLiteralsPrintWhatTheyWereMadeOf(@TempDir Path dir) throws Exception {
        String rustc = ProgramRun.require("rustc");
        List<String> texts = new ArrayList<>(TEXTS);
        String source = "use std::io::Write;\nfn main() {\n    let mut out = std::io::stdout();\n"
                + lines(texts, t -> "out.write_all(" + Renderer.rustQuoted(t) + ".as_bytes()).unwrap();")
                + "    out.write_all(b\"" + Renderer.escapedBytes(BYTES, false) + "\").unwrap();\n}\n";
        Files.writeString(dir.resolve("t.rs"), source);
        run(dir, List.of(rustc, "--edition", "2021", "-o", "t", "t.rs"));
        byte[] out = run(dir, List.of(dir.resolve("t").toString()));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(all(TEXTS));
        expected.writeBytes(BYTES);
        assertArrayEquals(expected.toByteArray(), out, source);
    }
}
