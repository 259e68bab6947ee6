package org.socketlab.journal.file;

/**
 * JSON values read from one line's bytes the way Jackson's defaults read them (strict UTF-8, no leading zeros, escapes
 * checked), without building a tree: each value's kind, and of the value read last its number, whether a string had
 * no escape and whether a container held only strings (or only integers). Anything it is not sure of throws
 * {@link #GIVE_UP}, and the line is parsed whole. {@link JsonLineScan} reads a line's fields with it.
 */
class JsonBytes {
    /** What a value is. An integer is {@code INT} when it fits a long, else {@code NUMBER} like any other number. */
    static final byte ABSENT = 0, STRING = 1, INT = 2, NUMBER = 3, NULL = 4, BOOLEAN = 5, OBJECT = 6, ARRAY = 7;
    /** Longer strings are left to the parser (Jackson has limits of its own on them). */
    private static final int MAX_STRING = 1 << 20;
    private static final int MAX_DEPTH = 64;

    /** Thrown (without a stack) to give up on a line: it is parsed instead. */
    static final RuntimeException GIVE_UP = new GiveUp();

    private static final class GiveUp extends RuntimeException {
        GiveUp() {
            super("unsure", null, false, false);
        }
    }

    byte[] b = new byte[0];
    int p, limit;
    /** Of the value read last: its number, whether a string had no escape, whether a container held only strings. */
    long lastNumber;
    boolean lastPlain, lastAllStrings, lastAllInts;

    /** Reads {@code bytes[from, to)} from its start. */
    void reset(byte[] bytes, int from, int to) {
        b = bytes;
        p = from;
        limit = to;
    }

    boolean is(int from, int to, String name) {
        if (to - from != name.length()) return false;
        for (int i = 0; i < name.length(); i++)
            if (b[from + i] != name.charAt(i)) return false;
        return true;
    }

    /** A value of any kind at nesting {@code depth}; sets {@link #lastNumber}, {@link #lastPlain}, {@link #lastAllStrings}. */
    byte value(int depth) {
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

    void literal(String word) {
        for (int i = 0; i < word.length(); i++)
            if (at(p + i) != word.charAt(i)) throw GIVE_UP;
        p += word.length();
        if (p < limit && (Character.isLetterOrDigit(at(p)) || at(p) == '_')) throw GIVE_UP; // "nullx"
    }

    /** JSON's number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; INT when it has no fraction or exponent and fits a long. */
    byte number() {
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

    void digits() {
        if (at(p) < '0' || at(p) > '9') throw GIVE_UP;
        while (p < limit && at(p) >= '0' && at(p) <= '9') p++;
    }

    /** A string from its opening quote to after its closing one; escapes checked, UTF-8 checked strictly. */
    void string() {
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
    int utf8(int at) {
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
    byte at(int i) {
        return i < limit ? b[i] : 0;
    }

    void spaces() {
        while (p < limit && (at(p) == ' ' || at(p) == '\t')) p++;
    }

    void expect(char c) {
        if (at(p) != c) throw GIVE_UP;
        p++;
    }
}
