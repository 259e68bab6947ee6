package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** strace's record read with a bound on a line: a longer line is counted and skipped, never held. */
class BoundedLinesTest {

    private record Read(List<String> lines, List<Long> overLong) {
    }

    private static Read read(InputStream in, int max) throws IOException {
        List<String> lines = new ArrayList<>();
        List<Long> over = new ArrayList<>();
        new BoundedLines(in, max).readAll(lines::add, over::add);
        return new Read(lines, over);
    }

    private static Read read(String text, int max) throws IOException {
        return read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
    }

    @Test
    void linesWithinTheBoundComeWholeAndALastOneWithoutANewlineToo() throws IOException {
        Read r = read("abc\n\nde\nf", 3);
        assertEquals(List.of("abc", "", "de", "f"), r.lines());
        assertEquals(List.of(), r.overLong());
    }

    @Test
    void aLongerLineIsToldWithItsLengthAndTheNextOneStillComes() throws IOException {
        Read r = read("ok\n" + "x".repeat(10) + "\nnext\n" + "y".repeat(7), 5);
        assertEquals(List.of("ok", "next"), r.lines());
        assertEquals(List.of(10L, 7L), r.overLong());
    }

    /** An endless line (the audit's N10: 1 MiB blocks with no newline) costs the bound, not the heap. */
    @Test
    void anEndlessLineIsSkippedInChunksWithoutBeingHeld() throws IOException {
        long endless = 256L << 20; // 256 MiB: held whole, it would not fit a small test heap twice
        InputStream flood = new InputStream() {
            long left = endless;

            @Override
            public int read() {
                return left-- > 0 ? 'z' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) return -1;
                int n = (int) Math.min(len, left);
                Arrays.fill(b, off, off + n, (byte) 'z');
                left -= n;
                return n;
            }
        };
        InputStream then = new ByteArrayInputStream("\nafter\n".getBytes(StandardCharsets.UTF_8));
        Read r = read(new SequenceInputStream(flood, then), 1 << 20);
        assertEquals(List.of("after"), r.lines());
        assertEquals(List.of(endless), r.overLong());
    }

    @Test
    void aLineSplitAcrossReadsIsJoined() throws IOException {
        byte[] text = "first half and second half\nend\n".getBytes(StandardCharsets.UTF_8);
        InputStream trickle = new InputStream() {
            int at;

            @Override
            public int read() {
                return at < text.length ? text[at++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at >= text.length) return -1;
                b[off] = text[at++];
                return 1;
            }
        };
        assertEquals(List.of("first half and second half", "end"), read(trickle, 64).lines());
    }
}
