package org.socketlab.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The command line's text where no locale was chosen: a grader's container (Docker, podman) or {@code env -i} runs
 * in the POSIX locale, whose charset is ASCII, and the JDK would print Spanish and the verdicts' ✓ ✗ as "?". There,
 * as Python does in the POSIX locale (PEP 538/540), SocketLab writes UTF-8; a locale the user chose is kept.
 */
public final class ConsoleText {
    private ConsoleText() {
    }

    /** Whether {@code charset} is the POSIX locale's: ASCII, which no sentence of SocketLab's fits. */
    public static boolean posixLocale(Charset charset) {
        return charset.equals(StandardCharsets.US_ASCII);
    }

    /** System.out and System.err in UTF-8 when the locale is POSIX's; otherwise left as they are. */
    public static void utf8WhereNoLocaleWasChosen() {
        if (posixLocale(System.out.charset())) System.setOut(utf8(FileDescriptor.out));
        if (posixLocale(System.err.charset())) System.setErr(utf8(FileDescriptor.err));
    }

    private static PrintStream utf8(FileDescriptor fd) {
        return new PrintStream(new BufferedOutputStream(new FileOutputStream(fd)), true, StandardCharsets.UTF_8);
    }
}
