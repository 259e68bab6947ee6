package org.socketlab.journal;

import java.util.Arrays;

/**
 * A journal line's bytes read as JSON the way Jackson's defaults read it, without building a tree: for each top-level
 * field of {@link JournalField} its kind, where its value lies, its number, and whether a string had no escape or a
 * container held only strings (or only integers). Anything it is not sure of gives up, and the line is parsed whole.
 * One instance per reading thread.
 */
final class JsonLineScan {
    /** What a value is. An integer is {@code INT} when it fits a long, else {@code NUMBER} like any other number. */
    static final byte ABSENT = 0, STRING = 1, INT = 2, NUMBER = 3, NULL = 4, BOOLEAN = 5, OBJECT = 6, ARRAY = 7;
    /** Longer strings are left to the parser (Jackson has limits of its own on them). */
    private static final int MAX_STRING = 1 << 20;
    private static final int MAX_DEPTH = 64;
    private static final int SLIDE_SLOT = JournalField.SLIDE.ordinal();

    /** Thrown (without a stack) to give up on a line: it is parsed instead. */
    private static final RuntimeException GIVE_UP = new GiveUp();

    private static final class GiveUp extends RuntimeException {
        GiveUp() {
            super("unsure", null, false, false);
        }
    }

    private final byte[] kind = new byte[JournalField.ALL.length];
    private final int[] start = new int[JournalField.ALL.length], end = new int[JournalField.ALL.length];
    private final long[] number = new long[JournalField.ALL.length];
    private final boolean[] plain = new boolean[JournalField.ALL.length],
            allStrings = new boolean[JournalField.ALL.length], allInts = new boolean[JournalField.ALL.length];
    private byte[] b;
    private int p, limit;
    /** Of the value read last: its number, whether a string had no escape, whether a container held only strings. */
    private long lastNumber;
    private boolean lastPlain, lastAllStrings, lastAllInts, slideMaps;

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
        b = bytes;
        p = from;
        limit = to;
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

    private boolean is(int from, int to, String name) {
        if (to - from != name.length()) return false;
        for (int i = 0; i < name.length(); i++)
            if (b[from + i] != name.charAt(i)) return false;
        return true;
    }

    /** A value of any kind at nesting {@code depth}; sets {@link #lastNumber}, {@link #lastPlain}, {@link #lastAllStrings}. */
    private byte value(int depth) {
        if (depth > MAX_DEPTH) throw GIVE_UP;
        lastNumber = 0;
        lastPlain = true;
        lastAllStrings = false;
        lastAllInts = false;
        byte c = at(p);
        switch (c) {
            case '"' -> {
                string();
                return STRING;
            }
            case '{' -> {
                p++;
                spaces();
                boolean strings = true;
                if (at(p) == '}') p++;
                else while (true) {
                    string();
                    spaces();
                    expect(':');
                    spaces();
                    strings &= value(depth + 1) == STRING;
                    spaces();
                    if (at(p) == ',') {
                        p++;
                        spaces();
                        continue;
                    }
                    expect('}');
                    break;
                }
                lastAllStrings = strings;
                lastAllInts = false;
                lastPlain = true;
                return OBJECT;
            }
            case '[' -> {
                p++;
                spaces();
                boolean strings = true, ints = true;
                if (at(p) == ']') p++;
                else while (true) {
                    byte k = value(depth + 1);
                    strings &= k == STRING;
                    ints &= k == INT;
                    spaces();
                    if (at(p) == ',') {
                        p++;
                        spaces();
                        continue;
                    }
                    expect(']');
                    break;
                }
                lastAllStrings = strings;
                lastAllInts = ints;
                lastNumber = 0;
                lastPlain = true;
                return ARRAY;
            }
            case 't' -> {
                literal("true");
                return BOOLEAN;
            }
            case 'f' -> {
                literal("false");
                return BOOLEAN;
            }
            case 'n' -> {
                literal("null");
                return NULL;
            }
            default -> {
                return number();
            }
        }
    }

    private void literal(String word) {
        for (int i = 0; i < word.length(); i++)
            if (at(p + i) != word.charAt(i)) throw GIVE_UP;
        p += word.length();
        if (p < limit && (Character.isLetterOrDigit(at(p)) || at(p) == '_')) throw GIVE_UP; // "nullx"
    }

    /** JSON's number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; INT when it has no fraction or exponent and fits a long. */
    private byte number() {
        int begin = p;
        boolean negative = at(p) == '-';
        if (negative) p++;
        if (at(p) < '0' || at(p) > '9') throw GIVE_UP;
        if (at(p) == '0' && p + 1 < limit && at(p + 1) >= '0' && at(p + 1) <= '9') throw GIVE_UP; // a leading zero
        long value = 0;
        boolean fits = true;
        while (p < limit && at(p) >= '0' && at(p) <= '9') {
            int d = b[p++] - '0';
            if (value > (Long.MAX_VALUE - d) / 10) fits = false;
            else value = value * 10 + d;
        }
        boolean integral = true;
        if (p < limit && at(p) == '.') {
            integral = false;
            p++;
            digits();
        }
        if (p < limit && (at(p) == 'e' || at(p) == 'E')) {
            integral = false;
            p++;
            if (at(p) == '+' || at(p) == '-') p++;
            digits();
        }
        if (p - begin > 100) throw GIVE_UP; // Jackson has its own limit on a number's length
        if (p < limit && (Character.isLetter(at(p)) || at(p) == '_')) throw GIVE_UP; // "12abc"
        if (!integral || !fits) return NUMBER;
        lastNumber = negative ? -value : value;
        return INT;
    }

    private void digits() {
        if (at(p) < '0' || at(p) > '9') throw GIVE_UP;
        while (p < limit && at(p) >= '0' && at(p) <= '9') p++;
    }

    /** A string from its opening quote to after its closing one; escapes checked, UTF-8 checked strictly. */
    private void string() {
        if (at(p) != '"') throw GIVE_UP;
        int begin = ++p;
        boolean noEscape = true;
        while (true) {
            int c = at(p);
            if (c == '"') break;
            if (c == '\\') {
                noEscape = false;
                int e = at(p + 1);
                if (e == 'u') {
                    for (int i = 2; i < 6; i++)
                        if (Character.digit(at(p + i), 16) < 0) throw GIVE_UP;
                    p += 6;
                } else
                    if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r'
                            || e == 't')
                        p += 2;
                    else
                        throw GIVE_UP;
            } else if (c >= 0 && c < 0x20) throw GIVE_UP; // a control character must be escaped
            else if (c < 0) p = utf8(p);
            else p++;
            if (p - begin > MAX_STRING) throw GIVE_UP;
        }
        p++;
        lastPlain = noEscape;
    }

    /** One UTF-8 sequence at {@code at}, as strictly as the JDK's decoder (no overlong form, no surrogate); after it. */
    private int utf8(int at) {
        int lead = b[at] & 0xff;
        int second = at(at + 1) & 0xff;
        int more;
        if (lead >= 0xc2 && lead <= 0xdf) more = 1;
        else if (lead == 0xe0) {
            if (second < 0xa0 || second > 0xbf) throw GIVE_UP;
            more = 2;
        } else if (lead >= 0xe1 && lead <= 0xec || lead == 0xee || lead == 0xef) more = 2;
        else if (lead == 0xed) {
            if (second < 0x80 || second > 0x9f) throw GIVE_UP;
            more = 2;
        } else if (lead == 0xf0) {
            if (second < 0x90 || second > 0xbf) throw GIVE_UP;
            more = 3;
        } else if (lead >= 0xf1 && lead <= 0xf3) more = 3;
        else if (lead == 0xf4) {
            if (second < 0x80 || second > 0x8f) throw GIVE_UP;
            more = 3;
        } else throw GIVE_UP;
        for (int i = 1; i <= more; i++)
            if ((at(at + i) & 0xc0) != 0x80) throw GIVE_UP;
        return at + more + 1;
    }

    /** The byte at {@code i}, or 0 (which no rule takes) past the line's end. */
    private byte at(int i) {
        return i < limit ? b[i] : 0;
    }

    private void spaces() {
        while (p < limit && (at(p) == ' ' || at(p) == '\t')) p++;
    }

    private void expect(char c) {
        if (at(p) != c) throw GIVE_UP;
        p++;
    }
}
