package org.socketlab.codegen;

import java.util.List;
import java.util.Map;

/**
 * One endpoint's calls as a whole program of one language: its lines, where each journaled call is in them and the
 * remarks on each call (the same words the program has as comments: a failure the lesson expected, a call the
 * language fuses with another or cannot make).
 *
 * @param fileName what to save it as ({@code server.c}, {@code Server.java}...)
 * @param lines    the program, without line ends
 * @param ranges   per call (journal seq), the lines [from, to) that make it
 * @param notes    per call (journal seq), the remarks on it
 */
public record Program(Language language, String endpoint, String fileName, List<String> lines, Map<Long, Range> ranges,
        Map<Long, List<String>> notes) {

    public Program {
        lines = List.copyOf(lines);
        ranges = Map.copyOf(ranges);
        notes = Map.copyOf(notes);
    }

    /** Lines [from, to) of a program. */
    public record Range(int from, int to) {
    }

    public String text() {
        return String.join("\n", lines) + "\n";
    }

    public List<String> notesOf(long seq) {
        return notes.getOrDefault(seq, List.of());
    }
}
