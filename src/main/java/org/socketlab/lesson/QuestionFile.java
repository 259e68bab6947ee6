package org.socketlab.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.kernel.SocketState;
import org.socketlab.syscall.AddrInfo;
import org.socketlab.syscall.ErrnoTable;

/**
 * A step's own {@code questions} in a lesson file (README, "Predict mode"):
 * <pre>
 * "questions": [{
 *   "prompt": {"es": ..., "en": ...},
 *   "options": [{"text": {"es": ..., "en": ...}, "result": -1, "errno": "ECONNREFUSED"},
 *               {"text": {...}, "blocks": true}, {"text": {...}, "state": {"conn": "CLOSE_WAIT"}}, {"text": {...}, "wire": "RST"},
 *               {"text": {...}, "data": "unodos"}, {"text": {...}, "run": "retransmit_ms(client) < 200"}],
 *   "right": "kernel",
 *   "judged_after": 11,
 *   "explanation": {"es": ..., "en": ...}
 * }]
 * </pre>
 * {@code "right": "kernel"}: each option claims something and the kernel's result decides; {@code "right": N} (1-based)
 * fixes the answer of a question about ideas, whose options then claim nothing. An option may claim the bytes the call
 * returns ({@code data}) or a fact of the run ({@code run}, a condition as in {@code said}): where the proof is on the
 * wire (a loss lesson's retransmission), the run judges it, and a run that cannot tell (no capture) voids the question
 * and says so. {@code judged_after} judges it at the end of a later step, whose run holds the proof. Problems are
 * {@link LocalizedException}s the loader places at the step.
 */
public final class QuestionFile {
    private static final Set<String> QUESTION_FIELDS = Set.of("prompt", "options", "right", "explanation",
            "judged_after");
    private static final Set<String> OPTION_FIELDS = Set.of("text", "result", "errno", "blocks", "state", "wire",
            "data", "run");

    private QuestionFile() {
    }

    /** The questions of one step; {@code known} tells the socket names given so far (a state option must name one). */
    public static List<Question> parse(JsonNode questions, Step step, Predicate<String> known) {
        return parse(questions, step, known, Integer.MAX_VALUE);
    }

    /** As {@link #parse(JsonNode, Step, Predicate)}, in a lesson of {@code lastStep} steps ({@code judged_after} ends there). */
    public static List<Question> parse(JsonNode questions, Step step, Predicate<String> known, int lastStep) {
        if (!questions.isArray() || questions.isEmpty())
            throw new LocalizedException("lesson.error.badValue", "questions", questions.toString());
        List<Question> parsed = new ArrayList<>();
        for (JsonNode q : questions) parsed.add(question(q, step, known, lastStep));
        return parsed;
    }

    private static Question question(JsonNode q, Step step, Predicate<String> known, int lastStep) {
        only(q, QUESTION_FIELDS, "questions");
        Text prompt = text(q, "prompt");
        JsonNode options = q.get("options");
        if (options == null || !options.isArray() || options.size() < 2 || options.size() > Question.MAX_OPTIONS)
            throw new LocalizedException("lesson.error.question.options", String.valueOf(Question.MAX_OPTIONS));
        JsonNode right = q.get("right");
        boolean byKernel = right != null && right.isTextual() && right.asText().equals("kernel");
        Integer fixed = null;
        if (!byKernel) {
            if (right == null || !right.isIntegralNumber() || right.asInt() < 1 || right.asInt() > options.size())
                throw new LocalizedException("lesson.error.question.right", String.valueOf(right),
                        String.valueOf(options.size()));
            fixed = right.asInt();
        }
        List<Option> parsed = new ArrayList<>();
        for (JsonNode o : options) {
            only(o, OPTION_FIELDS, "questions.options");
            Claim claim = claim(o, known);
            if (byKernel && claim == null) throw new LocalizedException("lesson.error.question.noClaim");
            if (!byKernel && claim != null) throw new LocalizedException("lesson.error.question.claimWithRight");
            parsed.add(new Option(new Wording.Written(text(o, "text")), claim));
        }
        Text explanation = q.has("explanation") ? text(q, "explanation") : null;
        Question.Topic topic = !byKernel
                ? Question.Topic.IDEA
                : parsed.stream().anyMatch(o -> o.claim() instanceof Claim.Run)
                        ? Question.Topic.RUN
                        : topicOf(Objects.requireNonNull(parsed.getFirst().claim())); // by the kernel: each has one
        int judgedAfter = step.number();
        if (q.has("judged_after")) {
            JsonNode after = q.get("judged_after");
            if (!byKernel || !after.isIntegralNumber() || after.asInt() < step.number() || after.asInt() > lastStep)
                throw new LocalizedException("lesson.error.question.judgedAfter", after.toString(),
                        String.valueOf(step.number()));
            judgedAfter = after.asInt();
        }
        return new Question(step.number(), topic, new Wording.Written(prompt), parsed, fixed,
                byKernel ? expected(topic, parsed, step) : null,
                explanation == null ? null : new Wording.Written(explanation), judgedAfter);
    }

    private static Question.Topic topicOf(Claim claim) {
        return switch (claim) {
            // Whether a call waits is asked as its result: the topic journaled before the answer must not tell it.
            case Claim.Returns r -> Question.Topic.RESULT;
            case Claim.Blocks b -> Question.Topic.RESULT;
            case Claim.Receives r -> Question.Topic.RESULT;
            case Claim.State s -> Question.Topic.STATE;
            case Claim.Wire w -> Question.Topic.WIRE;
            case Claim.Run r -> Question.Topic.RUN;
        };
    }

    /** What the step's expectation says about the question's topic, to tell the student when the kernel differs. */
    private static @Nullable Claim expected(Question.Topic topic, List<Option> options, Step step) {
        Expect e = step.expect();
        return switch (topic) {
            case RESULT -> step.kind() == Step.Kind.START
                    ? new Claim.Blocks()
                    : e.result() instanceof Expect.Result.None ? null : new Claim.Returns(e.result());
            case STATE ->
                options.stream().map(Option::claim).filter(c -> c instanceof Claim.State).map(c -> (Claim.State) c)
                        .filter(s -> e.states().containsKey(s.socket())).findFirst()
                        .map(s -> (Claim) new Claim.State(s.socket(),
                                Objects.requireNonNull(e.states().get(s.socket())))) // filtered on containsKey
                        .orElse(null);
            case WIRE, IDEA, RUN -> null;
        };
    }

    /** The option's one claim, or null when it makes none. */
    private static @Nullable Claim claim(JsonNode o, Predicate<String> known) {
        int claims = (o.has("result") ? 1 : 0) + (o.has("blocks") ? 1 : 0) + (o.has("state") ? 1 : 0)
                + (o.has("wire") ? 1 : 0) + (o.has("data") ? 1 : 0) + (o.has("run") ? 1 : 0);
        if (claims > 1) throw new LocalizedException("lesson.error.question.oneClaim");
        if (o.has("errno") && !o.has("result")) throw new LocalizedException("lesson.error.question.oneClaim");
        if (o.has("result")) return new Claim.Returns(result(o));
        if (o.has("data")) {
            if (!o.get("data").isTextual())
                throw new LocalizedException("lesson.error.badValue", "data", o.get("data").toString());
            return new Claim.Receives(o.get("data").asText());
        }
        if (o.has("run")) {
            if (!o.get("run").isTextual())
                throw new LocalizedException("lesson.error.badValue", "run", o.get("run").toString());
            return new Claim.Run(RunExpr.condition(o.get("run").asText()));
        }
        if (o.has("blocks")) {
            if (!o.get("blocks").isBoolean() || !o.get("blocks").asBoolean())
                throw new LocalizedException("lesson.error.badValue", "blocks", o.get("blocks").toString());
            return new Claim.Blocks();
        }
        if (o.has("state")) {
            JsonNode s = o.get("state");
            if (!s.isObject() || s.size() != 1)
                throw new LocalizedException("lesson.error.badValue", "state", s.toString());
            Map.Entry<String, JsonNode> only = s.properties().iterator().next();
            if (!known.test(only.getKey())) throw new LocalizedException("lesson.error.unknownSocket", only.getKey());
            if (!only.getValue().isTextual())
                throw new LocalizedException("lesson.error.badValue", "state", s.toString());
            return new Claim.State(only.getKey(), SocketState.read(only.getValue().asText()));
        }
        if (o.has("wire")) {
            String w = o.get("wire").asText("");
            for (WireKind k : WireKind.values()) if (k.name().equals(w)) return new Claim.Wire(k);
            throw new LocalizedException("lesson.error.badChoice", "wire", o.get("wire").toString(),
                    String.join(", ", Arrays.stream(WireKind.values()).map(Enum::name).toList()));
        }
        return null;
    }

    /** As in {@code expect}: {@code "fd"}, a number, or -1 with an errno. */
    private static Expect.Result result(JsonNode o) {
        JsonNode r = o.get("result");
        if (r.isTextual() && r.asText().equals("fd")) return new Expect.Result.AnyFd();
        // getaddrinfo's EAI_* codes are its result, not an errno: "result": "EAI_NONAME"
        Integer eai = r.isTextual() ? AddrInfo.eaiCode(r.asText()) : null;
        if (eai != null) return new Expect.Result.Exact(eai, r.asText());
        if (!r.isIntegralNumber() || r.asLong() < -1)
            throw new LocalizedException("lesson.error.badResult", r.toString());
        String errno = null;
        if (o.has("errno")) {
            JsonNode en = o.get("errno");
            if (!en.isTextual() || ErrnoTable.LINUX.number(en.asText()).isEmpty())
                throw new LocalizedException("lesson.error.unknownErrno", en.toString());
            errno = en.asText();
        }
        if ((r.asLong() == -1) != (errno != null))
            throw new LocalizedException(
                    errno == null ? "lesson.error.errnoNeeded" : "lesson.error.errnoWithoutFailure",
                    String.valueOf(errno));
        return new Expect.Result.Exact(r.asLong(), errno);
    }

    private static void only(JsonNode node, Set<String> allowed, String where) {
        if (!node.isObject()) throw new LocalizedException("lesson.error.badValue", where, node.toString());
        for (Map.Entry<String, JsonNode> p : node.properties())
            if (!allowed.contains(p.getKey()))
                throw new LocalizedException("lesson.error.unknownField", p.getKey(), where,
                        String.join(", ", allowed.stream().sorted().toList()));
    }

    private static Text text(JsonNode node, String field) {
        JsonNode t = node.get(field);
        if (t == null || !t.isObject()) throw new LocalizedException("lesson.error.missingText", field);
        only(t, Set.of("es", "en"), field);
        for (String lang : List.of("es", "en"))
            if (!t.path(lang).isTextual() || t.path(lang).asText().isBlank())
                throw new LocalizedException("lesson.error.missingLanguage", field, lang);
        return new Text(t.get("es").asText(), t.get("en").asText());
    }
}
