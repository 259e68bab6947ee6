package org.socketlab.trace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * strace's record read line by line with a bound on a line: what comes beyond {@code maxBytes} before the next newline
 * is skipped, never held, and its length told to {@code overLong} once the line ends. A line's length is the traced
 * program's doing (one writev of many iovecs prints each one's bytes), so SocketLab's memory is never its to fill: the
 * line is the program's failure, said in its row, not the grader's heap.
 */
final class BoundedLines {
    private final InputStream in;
    private final int maxBytes;

    BoundedLines(InputStream in, int maxBytes) {
        if (maxBytes < 1) throw new IllegalArgumentException(String.valueOf(maxBytes));
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /**
     * Reads to the end: each whole line (without its newline; a last line without one too) to {@code line}, the full
     * length of each over-long line to {@code overLong}.
     */
    void readAll(Consumer<String> line, LongConsumer overLong) throws IOException {
        byte[] chunk = new byte[1 << 16];
        byte[] held = new byte[Math.min(maxBytes, 1 << 16)];
        int heldLength = 0;
        long skipped = 0; // bytes of the current line beyond the bound (0: within it)
        for (int n; (n = in.read(chunk)) >= 0;) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (chunk[i] != '\n') continue;
                if (skipped > 0) {
                    overLong.accept(skipped + maxBytes + (i - start));
                    skipped = 0;
                } else {
                    int piece = i - start;
                    if (heldLength + piece > maxBytes) {
                        overLong.accept((long) heldLength + piece);
                    } else {
                        held = fit(held, heldLength + piece);
                        System.arraycopy(chunk, start, held, heldLength, piece);
                        line.accept(new String(held, 0, heldLength + piece, StandardCharsets.UTF_8));
                    }
                }
                heldLength = 0;
                start = i + 1;
            }
            int rest = n - start;
            if (rest == 0) continue;
            if (skipped > 0) {
                skipped += rest;
            } else if (heldLength + rest > maxBytes) {
                skipped = (long) heldLength + rest - maxBytes;
                heldLength = 0;
            } else {
                held = fit(held, heldLength + rest);
                System.arraycopy(chunk, start, held, heldLength, rest);
                heldLength += rest;
            }
        }
        if (skipped > 0) overLong.accept(skipped + maxBytes);
        else if (heldLength > 0) line.accept(new String(held, 0, heldLength, StandardCharsets.UTF_8));
    }

    private byte[] fit(byte[] held, int needed) {
        if (needed <= held.length) return held;
        return Arrays.copyOf(held, Math.min(maxBytes, Math.max(needed, held.length * 2)));
    }
}
