package org.socketlab.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.socketlab.lab.Payload;
import org.socketlab.lab.SafeName;

/**
 * A quick yes to a journal line: reads the line's UTF-8 bytes once, without building a JSON tree or an event, and says
 * its seq when it is sure {@link JournalJsonl#parseLine} accepts the line (valid UTF-8 and JSON, a format this
 * SocketLab reads, every field its event type needs, of the right kind, names safe, base64 and digests well formed), else
 * {@link #UNSURE}. It never refuses a line: an unsure line is parsed whole, which says what is wrong with it in the
 * user's language, so every message, line number included, stays the parser's own. Opening a 1 GiB journal parsed
 * whole took 14–52 s here on the launcher's C1-only JVM (docs/performance.md); this check goes several times faster,
 * and its yes is checked against the parser's on mutated lines ({@code JournalLineCheckTest}). One instance per
 * reading thread.
 */
final class JournalLineCheck {
    /** Not sure: parse the line to know. */
    static final long UNSURE = -1;
    /** Longer strings are left to the parser (Jackson has limits of its own on them). */
    private static final int MAX_STRING = 1 << 20;
    private static final int MAX_DEPTH = 64;

    private static final String[] FIELDS = {"format", "seq", "at_ns", "type", "endpoint", "call", "fd", "args",
            "result", "errno", "errno_name", "data_b64", "data_len", "data_sha256", "blocked_ns", "entered_ns",
            "waited_ns", "from", "to", "source", "time_wait_ms", "inode", "recv_q", "send_q", "proto", "flags",
            "seq_no", "ack_no", "len", "origin", "window", "src", "dst", "wire_ns", "packet_b64", "wall_ns", "lost",
            "status", "reason", "reason_code", "reason_args", "text", "slide", "quiz", "made_inodes", "pid",
            "process_ended"};
    private static final int FORMAT = 0, SEQ = 1, AT_NS = 2, TYPE = 3, ENDPOINT = 4, CALL = 5, FD = 6, ARGS = 7,
            RESULT = 8, ERRNO = 9, ERRNO_NAME = 10, DATA_B64 = 11, DATA_LEN = 12, DATA_SHA256 = 13, BLOCKED_NS = 14,
            ENTERED_NS = 15, WAITED_NS = 16, FROM = 17, TO = 18, SOURCE = 19, TIME_WAIT_MS = 20, INODE = 21,
            RECV_Q = 22, SEND_Q = 23, PROTO = 24, FLAGS = 25, SEQ_NO = 26, ACK_NO = 27, LEN = 28, ORIGIN = 29,
            WINDOW = 30, SRC = 31, DST = 32, WIRE_NS = 33, PACKET_B64 = 34, WALL_NS = 35, LOST = 36, STATUS = 37,
            REASON = 38, REASON_CODE = 39, REASON_ARGS = 40, TEXT = 41, SLIDE = 42, QUIZ = 43,
            MADE_INODES = 44, PID = 45, PROCESS_ENDED = 46;
    private static final byte[][] NAMES = new byte[FIELDS.length][];
    static {
        for (int i = 0; i < FIELDS.length; i++) NAMES[i] = FIELDS[i].getBytes(StandardCharsets.US_ASCII);
    }

    /** What a value is. An integer is {@code INT} when it fits a long, else {@code NUMBER} like any other number. */
    private static final byte ABSENT = 0, STRING = 1, INT = 2, NUMBER = 3, NULL = 4, BOOLEAN = 5, OBJECT = 6,
            ARRAY = 7;

    /** Thrown (without a stack) to give up on a line: it is parsed instead. */
    private static final RuntimeException GIVE_UP = new GiveUp();

    private static final class GiveUp extends RuntimeException {
        GiveUp() {
            super("unsure", null, false, false);
        }
    }

    private final byte[] kind = new byte[FIELDS.length];
    private final int[] start = new int[FIELDS.length], end = new int[FIELDS.length];
    private final long[] number = new long[FIELDS.length];
    private final boolean[] plain = new boolean[FIELDS.length], allStrings = new boolean[FIELDS.length],
            allInts = new boolean[FIELDS.length];
    private byte[] b;
    private int p, limit;
    /** Of the value read last: its number, whether a string had no escape, whether a container held only strings. */
    private long lastNumber;
    private boolean lastPlain, lastAllStrings, lastAllInts, slideMaps;
    private boolean capture;

    /** Whether the line checked last (with a yes) was a capture status. */
    boolean capture() {
        return capture;
    }

    /** The seq of the line in {@code bytes[from, to)} when the parser surely accepts it, else {@link #UNSURE}. */
    long seqOf(byte[] bytes, int from, int to) {
        b = bytes;
        p = from;
        limit = to;
        Arrays.fill(kind, ABSENT);
        try {
            topLevel();
            return checked();
        } catch (RuntimeException | StackOverflowError e) {
            return UNSURE; // GIVE_UP, or an index past the line's end on a line cut short
        }
    }

    private long checked() {
        if (kind[FORMAT] != ABSENT
                && (kind[FORMAT] != INT || number[FORMAT] < 1 || number[FORMAT] > JournalJsonl.FORMAT))
            return UNSURE;
        if (kind[TYPE] != STRING || !plain[TYPE]) return UNSURE;
        String type = new String(b, start[TYPE], end[TYPE] - start[TYPE], StandardCharsets.US_ASCII);
        capture = false;
        boolean ok = switch (type) {
            case "call" -> string(CALL) && optionalInt(FD) && stringMap(ARGS) && integer(RESULT) && optionalInt(ERRNO)
                    && optionalString(ERRNO_NAME) && optionalBytes(DATA_B64, Integer.MAX_VALUE) && elided()
                    && integer(BLOCKED_NS) && (kind[ENTERED_NS] == ABSENT || integer(ENTERED_NS))
                    && optionalLong(INODE)
                    && (kind[MADE_INODES] == ABSENT || kind[MADE_INODES] == ARRAY && allInts[MADE_INODES])
                    && optionalInt(PID);
            case "blocked" -> string(CALL) && intField(FD);
            case "cancelled" -> string(CALL) && intField(FD) && integer(WAITED_NS) && optionalString(ERRNO_NAME)
                    && (kind[PROCESS_ENDED] == ABSENT || kind[PROCESS_ENDED] == BOOLEAN);
            case "state" -> intField(FD) && string(FROM) && string(TO) && string(SOURCE) && optionalLong(TIME_WAIT_MS)
                    && optionalLong(INODE);
            case "queue" -> intField(FD) && integer(RECV_Q) && integer(SEND_Q) && optionalLong(INODE);
            case "segment" ->
                safeName(FROM) && safeName(TO) && string(PROTO) && stringList(FLAGS) && optionalLong(SEQ_NO)
                        && optionalLong(ACK_NO) && intField(LEN) && string(ORIGIN) && optionalInt(WINDOW)
                        && optionalString(SRC) && optionalString(DST) && optionalLong(WIRE_NS)
                        && optionalBytes(PACKET_B64, Payload.Segment.MAX_PACKET) && optionalLong(WALL_NS)
                        && (kind[LOST] == ABSENT || kind[LOST] == BOOLEAN);
            case "capture" -> (capture = true) && string(STATUS) && optionalString(REASON)
                    && optionalString(REASON_CODE) && (kind[REASON_ARGS] == ABSENT || stringList(REASON_ARGS));
            case "note" -> stringMap(TEXT) && (kind[SLIDE] == ABSENT || kind[SLIDE] == OBJECT && slideMaps)
                    && kind[QUIZ] == ABSENT; // a quiz is left to the parser
            default -> false; // an unknown type: the parser says so
        };
        if (!ok || !integer(AT_NS) || !safeName(ENDPOINT) || kind[SEQ] != INT || number[SEQ] < 1) return UNSURE;
        return number[SEQ];
    }

    private boolean string(int f) {
        return kind[f] == STRING;
    }

    /** A name the parser takes ({@link SafeName}): a string without escapes, of the safe alphabet. */
    private boolean safeName(int f) {
        return kind[f] == STRING && plain[f] && SafeName.isSafe(b, start[f], end[f]);
    }

    private boolean optionalString(int f) {
        return kind[f] == ABSENT || kind[f] == NULL || kind[f] == STRING;
    }

    private boolean integer(int f) {
        return kind[f] == INT;
    }

    private boolean intField(int f) {
        return kind[f] == INT && number[f] == (int) number[f];
    }

    private boolean optionalInt(int f) {
        return kind[f] == ABSENT || kind[f] == NULL || intField(f);
    }

    private boolean optionalLong(int f) {
        return kind[f] == ABSENT || kind[f] == NULL || kind[f] == INT;
    }

    private boolean stringMap(int f) {
        return kind[f] == OBJECT && allStrings[f];
    }

    private boolean stringList(int f) {
        return kind[f] == ARRAY && allStrings[f];
    }

    /** Absent, null, or base64 the JDK's decoder takes, decoding to 1..{@code max} bytes when {@code max} is a bound. */
    private boolean optionalBytes(int f, int max) {
        if (kind[f] == ABSENT || kind[f] == NULL) return true;
        if (kind[f] != STRING || !plain[f]) return false;
        try {
            int length = Base64.getDecoder().decode(ByteBuffer.wrap(b, start[f], end[f] - start[f])).remaining();
            return max == Integer.MAX_VALUE || length > 0 && length <= max;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A call's data_len and data_sha256: both absent (or null), or a length ≥ 0 and 64 lowercase hex digits. */
    private boolean elided() {
        boolean noLength = kind[DATA_LEN] == ABSENT || kind[DATA_LEN] == NULL;
        boolean noDigest = kind[DATA_SHA256] == ABSENT || kind[DATA_SHA256] == NULL;
        if (noLength && noDigest) return true;
        if (kind[DATA_LEN] != INT || number[DATA_LEN] < 0) return false;
        if (kind[DATA_SHA256] != STRING || !plain[DATA_SHA256] || end[DATA_SHA256] - start[DATA_SHA256] != 64)
            return false;
        for (int i = start[DATA_SHA256]; i < end[DATA_SHA256]; i++)
            if (!(b[i] >= '0' && b[i] <= '9' || b[i] >= 'a' && b[i] <= 'f')) return false;
        return true;
    }

    // ---- JSON, as Jackson's defaults read it; anything else gives up ----

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
            byte k = field == SLIDE ? slide() : value(1);
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
        outer : for (int f = 0; f < NAMES.length; f++) {
            byte[] name = NAMES[f];
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
