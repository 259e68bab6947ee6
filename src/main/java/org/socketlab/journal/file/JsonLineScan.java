package org.socketlab.journal.file;

import java.util.Arrays;

/**
 * A journal line's bytes read as JSON the way Jackson's defaults read it, without building a tree: for each top-level
 * field of {@link JournalField} its kind, where its value lies, its number, and whether a string had no escape or a
 * container held only strings (or only integers). Anything it is not sure of gives up, and the line is parsed whole.
 * One instance per reading thread.
 */
final class JsonLineScan extends JsonBytes {
    private static final int SLIDE_SLOT = JournalField.SLIDE.ordinal();

    private final byte[] kind = new byte[JournalField.ALL.length];
    private final int[] start = new int[JournalField.ALL.length], end = new int[JournalField.ALL.length];
    private final long[] number = new long[JournalField.ALL.length];
    private final boolean[] plain = new boolean[JournalField.ALL.length],
            allStrings = new boolean[JournalField.ALL.length], allInts = new boolean[JournalField.ALL.length];
    private boolean slideMaps;

    /** The line's bytes (the array given to {@link #scan}). */
    byte[] bytes() {
        return b;
    }

    /** What the field's value is; {@link #ABSENT} when the line has no such field. */
    byte kind(JournalField f) {
        return kind[f.ordinal()];
    }

    /** Where the field's value starts in {@link #bytes()} (a string's, after its opening quote). */
    int start(JournalField f) {
        return start[f.ordinal()];
    }

    /** Where the field's value ends (a string's, at its closing quote). */
    int end(JournalField f) {
        return end[f.ordinal()];
    }

    /** An {@link #INT} field's value. */
    long number(JournalField f) {
        return number[f.ordinal()];
    }

    /** Whether a string field has no escape. */
    boolean plain(JournalField f) {
        return plain[f.ordinal()];
    }

    /** Whether an object or array field holds only strings. */
    boolean allStrings(JournalField f) {
        return allStrings[f.ordinal()];
    }

    /** Whether an array field holds only integers. */
    boolean allInts(JournalField f) {
        return allInts[f.ordinal()];
    }

    /** Whether the slide field is an object whose title and text (both there) are objects of strings. */
    boolean slideMaps() {
        return slideMaps;
    }

    /**
     * Reads the line in {@code bytes[from, to)}: each known field's kind and where its value is; throws (without a
     * stack) on anything it is not sure of, and may run past a line cut short (an exception too).
     */
    void scan(byte[] bytes, int from, int to) {
        reset(bytes, from, to);
        Arrays.fill(kind, ABSENT);
        topLevel();
    }

    private void topLevel() {
        spaces();
        expect('{');
        spaces();
        if (at(p) == '}') p++;
        else while (true) {
            int nameStart = p + 1;
            string();
            if (!lastPlain) throw GIVE_UP; // an escaped name may spell a field's: the parser decides
            int field = field(nameStart, p - 1);
            spaces();
            expect(':');
            spaces();
            int valueStart = p;
            byte k = field == SLIDE_SLOT ? slide() : value(1);
            if (field >= 0) {
                if (kind[field] != ABSENT) throw GIVE_UP; // a repeated field: the parser keeps the last, as it likes
                kind[field] = k;
                number[field] = lastNumber;
                plain[field] = lastPlain;
                allStrings[field] = lastAllStrings;
                allInts[field] = lastAllInts;
                start[field] = k == STRING ? valueStart + 1 : valueStart;
                end[field] = k == STRING ? p - 1 : p;
            }
            spaces();
            if (at(p) == ',') {
                p++;
                spaces();
                continue;
            }
            expect('}');
            break;
        }
        spaces();
        if (p != limit) throw GIVE_UP;
    }

    private int field(int from, int to) {
        int length = to - from;
        outer : for (int f = 0; f < JournalField.ALL.length; f++) {
            byte[] name = JournalField.ALL[f].ascii;
            if (name.length != length) continue;
            for (int i = 0; i < length; i++)
                if (name[i] != b[from + i]) continue outer;
            return f;
        }
        return -1;
    }

    /** A note's slide: an object whose title and text (both needed) are objects of strings. */
    private byte slide() {
        expect('{');
        spaces();
        int seen = 0;
        boolean maps = true;
        if (at(p) == '}') p++;
        else while (true) {
            int nameStart = p + 1;
            string();
            if (!lastPlain) throw GIVE_UP;
            int nameEnd = p - 1;
            boolean title = is(nameStart, nameEnd, "title"), text = is(nameStart, nameEnd, "text");
            spaces();
            expect(':');
            spaces();
            byte k = value(2);
            if (title || text) {
                int bit = title ? 1 : 2;
                if ((seen & bit) != 0) throw GIVE_UP;
                seen |= bit;
                maps &= k == OBJECT && lastAllStrings;
            }
            spaces();
            if (at(p) == ',') {
                p++;
                spaces();
                continue;
            }
            expect('}');
            break;
        }
        slideMaps = maps && seen == 3;
        lastNumber = 0;
        lastPlain = true;
        lastAllStrings = false;
        lastAllInts = false;
        return OBJECT;
    }
}
