package org.socketlab.check;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.syscall.SysCall;

/**
 * A small pattern over call names, as a check file writes the calls a program must make:
 * {@code socket ... bind listen (accept (recv|read)+ ... close)*}. A name stands for one call of that name
 * ({@code accept} also matches {@code accept4}); {@code a|b} is either; {@code ( )} groups; {@code *}, {@code +},
 * {@code ?} repeat what they follow (any number, at least once, at most once); {@code ...} is any calls, none
 * included. The whole list of calls must match, from the first to the last.
 */
public final class CallPattern {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    /** Stands for any call in a state that matches one call. */
    private static final String ANY = "";
    private final String source;
    private final Node start, accept;
    private final Set<String> names;

    /**
     * A state of the pattern's automaton: one that takes a call ({@code match}: a name, or {@link #ANY}) and then goes
     * on to {@code edges}, or one that takes nothing ({@code match} null) and may go on to any of its edges. Matching
     * walks the set of states a list of calls can be in, once per call: time in proportion to the calls, no recursion
     * however long the program ran.
     */
    private static final class Node {
        final @Nullable String match;
        final List<Node> edges = new ArrayList<>(2);

        Node(@Nullable String match) {
            this.match = match;
        }
    }

    /** A piece of the automaton with one way in and one way out (both take nothing). */
    private record Piece(Node in, Node out) {
        static Piece empty() {
            Node n = new Node(null);
            return new Piece(n, n);
        }

        static Piece one(String match) {
            Node in = new Node(null), m = new Node(match), out = new Node(null);
            in.edges.add(m);
            m.edges.add(out);
            return new Piece(in, out);
        }

        Piece then(Piece next) {
            out.edges.add(next.in);
            return new Piece(in, next.out);
        }

        /** {@code min} 0 or 1, {@code many} true for no upper bound: *, +, ?. */
        Piece repeated(int min, boolean many) {
            Node a = new Node(null), b = new Node(null);
            a.edges.add(in);
            if (min == 0) a.edges.add(b);
            if (many) out.edges.add(in);
            out.edges.add(b);
            return new Piece(a, b);
        }

        static Piece either(List<Piece> choices) {
            Node a = new Node(null), b = new Node(null);
            for (Piece c : choices) {
                a.edges.add(c.in);
                c.out.edges.add(b);
            }
            return new Piece(a, b);
        }
    }

    private CallPattern(String source, Piece whole, Set<String> names) {
        this.source = source;
        this.names = Set.copyOf(names);
        this.start = whole.in;
        this.accept = whole.out;
    }

    /** The text as written in the check file. */
    public String source() {
        return source;
    }

    /**
     * Reads {@code text}; a mistake is a {@link LocalizedException} {@code check.error.pattern} naming the 1-based
     * column in the pattern and what is wrong there.
     */
    public static CallPattern parse(String text) {
        Parser p = new Parser(text);
        Piece whole = p.alternatives();
        p.skipBlanks();
        if (p.at < text.length()) {
            if (text.charAt(p.at) == ')') throw p.problem("check.pattern.unopened");
            throw p.problem("check.pattern.unexpected");
        }
        if (p.atoms == 0) throw p.problem("check.pattern.empty");
        return new CallPattern(text, whole, p.names);
    }

    /** The name a call is matched by: strace's variants folded into the POSIX name. */
    static String nameOf(String call) {
        return SysCall.ACCEPT4.is(call) ? SysCall.ACCEPT.journalName : call;
    }

    /**
     * Whether the pattern names this call (or the POSIX call strace's variant stands for). A program is judged on the
     * calls its pattern names: a poll loop's poll, a thread's clone or an epoll_ctl are its own way of doing the same
     * work, not a departure from it.
     */
    public boolean names(String call) {
        return names.contains(nameOf(call));
    }

    /** Whether the whole list of call names matches. */
    public boolean matches(List<String> calls) {
        return firstMismatch(calls) < 0;
    }

    /**
     * The index of the first call that cannot be part of any match (the calls before it could still be completed into
     * one), or {@code calls.size()} when every call fits but the list ends too early; -1 when the whole list matches.
     */
    public int firstMismatch(List<String> calls) {
        Set<Node> now = closure(List.of(start));
        for (int i = 0; i < calls.size(); i++) {
            String name = nameOf(calls.get(i));
            List<Node> next = new ArrayList<>();
            for (Node n : now)
                if (n.match != null && (n.match.equals(ANY) || n.match.equals(name))) next.addAll(n.edges);
            if (next.isEmpty()) return i;
            now = closure(next);
        }
        return now.contains(accept) ? -1 : calls.size();
    }

    /** The states reachable from {@code from} taking nothing. */
    private static Set<Node> closure(List<Node> from) {
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Node> todo = new ArrayDeque<>(from);
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (!seen.add(n)) continue;
            if (n.match == null) todo.addAll(n.edges);
        }
        return seen;
    }

    @Override
    public String toString() {
        return source;
    }

    /** Groups inside groups beyond this are refused: a check is read by recursion, and no call pattern needs more. */
    static final int MAX_DEPTH = 32;

    private static final class Parser {
        final String text;
        int at, atoms, depth;
        final Set<String> names = new HashSet<>();

        Parser(String text) {
            this.text = text;
        }

        LocalizedException problem(String key) {
            return new LocalizedException("check.error.pattern", String.valueOf(at + 1), new LocalizedException(key));
        }

        void skipBlanks() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++;
        }

        Piece alternatives() {
            List<Piece> choices = new ArrayList<>();
            int before = atoms;
            choices.add(sequence());
            skipBlanks();
            while (at < text.length() && text.charAt(at) == '|') {
                at++;
                int count = atoms;
                Piece next = sequence();
                if (atoms == count) throw problem("check.pattern.emptyAlternative");
                choices.add(next);
                skipBlanks();
            }
            if (choices.size() > 1 && atoms > before && choices.getFirst().in() == choices.getFirst().out()) {
                // "| b": the first choice is empty
                throw problem("check.pattern.emptyAlternative");
            }
            return choices.size() == 1 ? choices.getFirst() : Piece.either(choices);
        }

        Piece sequence() {
            Piece seq = Piece.empty();
            while (true) {
                skipBlanks();
                if (at >= text.length()) break;
                char c = text.charAt(at);
                if (c == '|' || c == ')') break;
                Piece atom;
                if (c == '(') {
                    if (depth == MAX_DEPTH)
                        throw new LocalizedException("check.error.pattern", String.valueOf(at + 1),
                                new LocalizedException("check.pattern.tooDeep", String.valueOf(MAX_DEPTH)));
                    int open = at++;
                    int count = atoms;
                    depth++;
                    atom = alternatives();
                    depth--;
                    skipBlanks();
                    if (at >= text.length() || text.charAt(at) != ')') {
                        at = open;
                        throw problem("check.pattern.unclosed");
                    }
                    if (atoms == count) {
                        at = open;
                        throw problem("check.pattern.emptyGroup");
                    }
                    at++;
                } else if (text.startsWith("...", at)) {
                    at += 3;
                    atoms++;
                    atom = Piece.one(ANY).repeated(0, true);
                } else {
                    Matcher m = NAME.matcher(text).region(at, text.length());
                    if (!m.lookingAt())
                        throw problem(c == '*' || c == '+' || c == '?'
                                ? "check.pattern.nothingToRepeat"
                                : "check.pattern.unexpected");
                    atoms++;
                    names.add(m.group());
                    atom = Piece.one(m.group());
                    at = m.end();
                }
                if (at < text.length() && "*+?".indexOf(text.charAt(at)) >= 0) {
                    char r = text.charAt(at);
                    atom = atom.repeated(r == '+' ? 1 : 0, r != '?');
                    at++;
                    if (at < text.length() && "*+?".indexOf(text.charAt(at)) >= 0)
                        throw problem("check.pattern.doubleRepeat");
                }
                seq = seq.then(atom);
            }
            return seq;
        }
    }
}
