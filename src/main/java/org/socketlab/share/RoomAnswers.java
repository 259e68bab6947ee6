package org.socketlab.share;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Messages;

/**
 * The room's predictions in a shared predict lesson. Before a step runs its question is asked ({@link #ask}, round 1);
 * "discuss, then answer again" ({@link #discuss}) asks it once more (round 2, counted anew); the presenter's press
 * closes the step ({@link #close}), and the kernel's real result comes after it ({@link #judged}). Each browser answers
 * once per step and round; its token is never kept in what is saved (participants are numbered 1, 2, ... in the order
 * they first answered), and a nickname only when the instructor asked for them. Thread-safe: the server's threads
 * answer while the window's thread reads the counts.
 */
public final class RoomAnswers implements AnswerBox {
    /** The rounds a step has at most: the first answer, and one more after the room discussed it. */
    public static final int ROUNDS = 2;

    /**
     * Bounds on what a room can make this keep: answers in one round of one step, participants in the whole session,
     * a nickname's length (code points) and a browser token's (the server's; longer is no token of its own).
     */
    public record Limits(int answersPerRound, int clients, int nicknameLength, int tokenLength) {
        public static final Limits DEFAULT = new Limits(500, 500, 32, 128);

        public Limits {
            if (answersPerRound < 1 || clients < 1 || nicknameLength < 1 || tokenLength < 1)
                throw new IllegalArgumentException( // each at least 1
                        answersPerRound + "/" + clients + "/" + nicknameLength + "/" + tokenLength);
        }
    }

    /** "24 of 31 answered": the open round's answers, and the clients the server has connected now. */
    public record Count(int answered, int connected) {
    }

    /** What the kernel did in a step: the options its result made right (1-based; empty: none did), in its words. */
    public record Judged(List<Integer> right, String kernel) {
        public Judged {
            right = List.copyOf(right);
        }
    }

    /**
     * A step's answers as the presenter shows them: the round last asked, how many chose each option in it (index 0 is
     * option 1), whether answers are still taken, and the kernel's result once judged.
     */
    public record Tally(int step, int round, List<Integer> counts, boolean open, @Nullable Judged judged) {
        public Tally {
            counts = List.copyOf(counts);
        }

        public int answered() {
            return counts.stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** One step's question and its rounds' answers (participant number → option), in the order they came. */
    private static final class Step {
        RoomQuestion question;
        final List<Map<Integer, Integer>> rounds = new ArrayList<>();
        boolean open = true;
        @Nullable
        Judged judged;

        Step(RoomQuestion question) {
            this.question = question;
            rounds.add(new LinkedHashMap<>());
        }

        int round() {
            return rounds.size();
        }
    }

    private final boolean nicknames;
    private final Limits limits;
    private final Map<Integer, Step> steps = new TreeMap<>();
    /** Browser token → participant number (1, 2, ...): saved answers name no token. */
    private final Map<String, Integer> participants = new HashMap<>();
    private final Map<Integer, String> nicknameOf = new HashMap<>();
    private int connected;
    /** The step asked last (0: none yet). */
    private int current;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** {@code nicknames}: the instructor asked the room for nicknames (else every answer is anonymous). */
    public RoomAnswers(boolean nicknames) {
        this(nicknames, Limits.DEFAULT);
    }

    public RoomAnswers(boolean nicknames, Limits limits) {
        this.nicknames = nicknames;
        this.limits = limits;
    }

    public boolean nicknames() {
        return nicknames;
    }

    /** Called (on the thread that changed it) after every answer taken, question asked, press, verdict or count. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private void changed() {
        for (Runnable l : listeners) l.run();
    }

    /**
     * A step's question is put to the room: round 1 of a new step (what an earlier step left open is closed), or the
     * question again for its {@link RoomQuestion#round()}. The question asked before is no longer answered.
     */
    public void ask(RoomQuestion question) {
        synchronized (this) {
            if (question.options().isEmpty()) throw new IllegalArgumentException(question.toString()); // no option to answer
            for (Step s : steps.values()) s.open = false;
            Step step = steps.get(question.step());
            if (step == null || question.round() == 1) {
                step = new Step(question);
                steps.put(question.step(), step);
            } else {
                while (step.round() < Math.min(question.round(), ROUNDS)) step.rounds.add(new LinkedHashMap<>());
                step.question = question;
                step.open = step.judged == null;
            }
            current = question.step();
        }
        changed();
    }

    /**
     * "Discuss, then answer again": the open step's question asked once more, its answers counted anew in round 2.
     * Returns the question as the room now sees it, or null when no step is open or it had its discussion already.
     */
    public @Nullable RoomQuestion discuss() {
        RoomQuestion again;
        synchronized (this) {
            Step step = steps.get(current);
            if (step == null || !step.open || step.round() >= ROUNDS) return null;
            step.rounds.add(new LinkedHashMap<>());
            again = new RoomQuestion(step.question.step(), step.round(), step.question.prompt(),
                    step.question.options());
            step.question = again;
        }
        changed();
        return again;
    }

    /** The question the room may answer now (the open step's, in its round), or null. */
    public synchronized @Nullable RoomQuestion open() {
        Step step = steps.get(current);
        return step == null || !step.open ? null : step.question;
    }

    /** The presenter pressed: the step runs, and no more answers to it are taken. */
    public void close(int stepNumber) {
        synchronized (this) {
            Step step = steps.get(stepNumber);
            if (step == null || !step.open) return;
            step.open = false;
        }
        changed();
    }

    /** The kernel's real result for a step the room answered (after the press); closes it if it was not. */
    public void judged(int stepNumber, List<Integer> right, String kernel) {
        synchronized (this) {
            Step step = steps.get(stepNumber);
            if (step == null) return;
            step.open = false;
            step.judged = new Judged(right, kernel);
        }
        changed();
    }

    /** The server's count of the browsers connected now. */
    @Override
    public void connected(int clients) {
        synchronized (this) {
            if (connected == Math.max(0, clients)) return;
            connected = Math.max(0, clients);
        }
        changed();
    }

    @Override
    public boolean answer(String client, int stepNumber, int round, int option, @Nullable String nickname) {
        synchronized (this) {
            if (client == null || client.isBlank() || client.length() > limits.tokenLength()) return false;
            Step step = steps.get(stepNumber);
            if (step == null || !step.open || round != step.round()) return false;
            if (option < 1 || option > step.question.options().size()) return false;
            Map<Integer, Integer> answers = step.rounds.get(round - 1);
            if (answers.size() >= limits.answersPerRound()) return false;
            Integer participant = participants.get(client);
            if (participant != null && answers.containsKey(participant)) return false;
            if (participant == null) {
                if (participants.size() >= limits.clients()) return false;
                participant = participants.size() + 1;
                participants.put(client, participant);
            }
            answers.put(participant, option);
            String name = nicknames ? cleanNickname(nickname) : null;
            if (name != null) nicknameOf.put(participant, name);
        }
        changed();
        return true;
    }

    /** A nickname as kept: control and format characters (bidi overrides) out, trimmed, cut; null when nothing is left. */
    private @Nullable String cleanNickname(@Nullable String nickname) {
        if (nickname == null) return null;
        String clean = nickname.codePoints()
                .filter(c -> Character.getType(c) != Character.CONTROL && Character.getType(c) != Character.FORMAT)
                .limit(limits.nicknameLength() + 64L) // the trim below sees enough
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (clean.isEmpty()) return null;
        int end = clean.offsetByCodePoints(0, Math.min(limits.nicknameLength(), clean.codePointCount(0,
                clean.length())));
        return clean.substring(0, end).strip();
    }

    /** The open round's answers of the connected clients (the step asked last; 0 answered before any). */
    public synchronized Count count() {
        Step step = steps.get(current);
        return new Count(step == null ? 0 : step.rounds.getLast().size(), connected);
    }

    /** The step asked last, as the presenter shows it; null before any question. */
    public synchronized @Nullable Tally tally() {
        Step step = steps.get(current);
        return step == null ? null : tally(step, step.round());
    }

    /** One round of one step (1-based); null when that step or round was never asked. */
    public synchronized @Nullable Tally tally(int stepNumber, int round) {
        Step step = steps.get(stepNumber);
        return step == null || round < 1 || round > step.round() ? null : tally(step, round);
    }

    private static Tally tally(Step step, int round) {
        int[] counts = new int[step.question.options().size()];
        for (int option : step.rounds.get(round - 1).values()) counts[option - 1]++;
        return new Tally(step.question.step(), round, Arrays.stream(counts).boxed().toList(), step.open,
                step.judged);
    }

    /** Whether any answer was taken in this session (the window offers to save them). */
    public synchronized boolean any() {
        return steps.values().stream().anyMatch(s -> s.rounds.stream().anyMatch(r -> !r.isEmpty()));
    }

    /**
     * The session's answers as CSV (RFC 4180: CRLF, quoted where needed), headings in {@code messages}' language: per
     * step a line for each participant with their round-1 and round-2 answers (a step nobody answered: one line with
     * its question), then the kernel's result; a nickname column only when nicknames were asked. A text cell that a
     * spreadsheet would take for a formula ({@code =}, {@code +}, {@code -}, {@code @}) starts with an apostrophe.
     */
    public synchronized String csv(Messages messages) {
        List<String> heading = new ArrayList<>(
                List.of("share.csv.step", "share.csv.question", "share.csv.participant"));
        if (nicknames) heading.add("share.csv.nickname");
        heading.addAll(List.of("share.csv.round1", "share.csv.round1Answer", "share.csv.round2",
                "share.csv.round2Answer", "share.csv.right", "share.csv.kernel"));
        StringBuilder out = new StringBuilder();
        line(out, heading.stream().map(k -> text(messages.get(k))).toList());
        for (Step step : steps.values()) {
            Map<Integer, List<Integer>> byParticipant = new TreeMap<>();
            for (int r = 0; r < step.round(); r++) {
                int round = r;
                step.rounds.get(r).forEach((p, option) -> byParticipant
                        .computeIfAbsent(p, k -> new ArrayList<>(Collections.nCopies(ROUNDS, 0))).set(round, option));
            }
            if (byParticipant.isEmpty()) byParticipant.put(0, Collections.nCopies(ROUNDS, 0));
            for (var e : byParticipant.entrySet()) {
                List<String> cells = new ArrayList<>(List.of(String.valueOf(step.question.step()),
                        text(step.question.prompt()), e.getKey() == 0 ? "" : String.valueOf(e.getKey())));
                if (nicknames) cells.add(text(nicknameOf.getOrDefault(e.getKey(), "")));
                for (int option : e.getValue()) {
                    cells.add(option == 0 ? "" : String.valueOf(option));
                    cells.add(option == 0 ? "" : text(step.question.options().get(option - 1)));
                }
                cells.add(step.judged == null
                        ? ""
                        : step.judged.right().stream().map(String::valueOf).collect(Collectors.joining(" ")));
                cells.add(step.judged == null ? "" : text(step.judged.kernel()));
                line(out, cells);
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) out.append(',');
            String cell = cells.get(i);
            boolean quote = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
                    || cell.indexOf('\r') >= 0;
            out.append(quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell);
        }
        out.append("\r\n");
    }

    /** A text cell a spreadsheet shows as text: one starting like a formula gets an apostrophe first (OWASP). */
    static String text(String cell) {
        if (cell.isEmpty()) return cell;
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + cell
                : cell;
    }
}
