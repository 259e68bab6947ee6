package org.socketlab.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.SafeName;

/**
 * The process steps of a lesson file (issue 39): {@code "fork": "server-2"} (with {@code "inherits": {"conn":
 * "child_conn"}}: the child's names for its copies of its parent's sockets), {@code "exit": 0}, and waitpid's
 * {@code "pid"} (a child of the endpoint's fork, or -1). Keeps which endpoint is whose child while the file is read.
 */
final class ForkSteps {
    private static final Set<String> FORK_FIELDS = Set.of("endpoint", "fork", "inherits", "narration", "expect",
            "slide", "questions", "together", "said", "check");
    private static final Set<String> EXIT_FIELDS = Set.of("endpoint", "exit", "narration", "expect", "slide",
            "questions", "together", "said", "check");
    private final LessonFieldReader read;
    private final ExpectParser expects;
    private final StepsSoFar soFar;
    /** Per child endpoint, the endpoint whose fork made it. */
    private final Map<String, String> parents = new HashMap<>();

    ForkSteps(LessonFieldReader read, ExpectParser expects, StepsSoFar soFar) {
        this.read = read;
        this.expects = expects;
        this.soFar = soFar;
    }

    /** {@code "fork": "server-2"}: the step's {@link Step#sockets} are pairs, each a parent's name and the child's. */
    Step fork(int number, String endpoint, JsonNode node, boolean recorded) {
        read.onlyFields(node, FORK_FIELDS, "fork");
        read.at(node, "fork");
        String child = SafeName.check("fork", read.string(node, "fork"));
        boolean used = parents.containsKey(child)
                || soFar.names.values().stream().anyMatch(n -> n.endpoint().equals(child));
        if (!StepsSoFar.ENDPOINT.matcher(child).matches() || child.equals(endpoint) || used)
            throw new LocalizedException("lesson.error.badFork", child, endpoint);
        soFar.requireIdle(endpoint);
        List<String> pairs = new ArrayList<>();
        JsonNode inherits = node.get("inherits");
        if (inherits != null) {
            read.at(node, "inherits");
            if (!inherits.isObject())
                throw new LocalizedException("lesson.error.badValue", "inherits", inherits.toString());
            for (Map.Entry<String, JsonNode> e : inherits.properties()) {
                read.at(inherits, e.getKey());
                StepsSoFar.Named named = soFar.owned(e.getKey(), endpoint);
                if (!e.getValue().isTextual())
                    throw new LocalizedException("lesson.error.badValue", "inherits." + e.getKey(),
                            e.getValue().toString());
                String as = e.getValue().asText();
                soFar.newName(as, new StepsSoFar.Named(child, named.domain(), named.type()));
                pairs.add(e.getKey());
                pairs.add(as);
            }
        }
        Text narration = read.narration(node, recorded);
        Slide slide = read.slide(node);
        Expect expect = node.has("expect")
                ? expects.expect(node, "fork", Step.Kind.FORK, List.of(), number)
                : new Expect(new Expect.Result.None(), null, null);
        read.at(node, "fork");
        parents.put(child, endpoint);
        return Step.fork(number, endpoint, child, pairs, narration, expect, slide);
    }

    /** {@code "exit": 0}: exit(2) in the endpoint's process, with that code (0 to 255). */
    Step exit(int number, String endpoint, JsonNode node, boolean recorded) {
        read.onlyFields(node, EXIT_FIELDS, "exit");
        read.at(node, "exit");
        int code = read.integer(node, "exit", 0, 255);
        Text narration = read.narration(node, recorded);
        Slide slide = read.slide(node);
        Expect expect = node.has("expect")
                ? expects.expect(node, "exit", Step.Kind.EXIT, List.of(), number)
                : new Expect(new Expect.Result.None(), null, null);
        return Step.exit(number, endpoint, code, narration, expect, slide);
    }

    /** waitpid's {@code "pid"}: {@code -1} (any child), or the name of a child the endpoint's fork made. */
    String waitpidTarget(String endpoint, JsonNode node) {
        read.at(node, "pid");
        JsonNode pid = node.get("pid");
        if (pid.isIntegralNumber() && pid.asLong() == -1) return "-1";
        if (pid.isTextual() && endpoint.equals(parents.get(pid.asText()))) return pid.asText();
        throw new LocalizedException("lesson.error.badWaitpid", pid.toString(), endpoint);
    }

    /** waitpid's {@code "options"}: {@code "WNOHANG"} or {@code "0"} (the default: it waits). */
    boolean noHang(JsonNode node) {
        if (!node.has("options")) return false;
        read.at(node, "options");
        String options = read.string(node, "options");
        if (!options.equals("WNOHANG") && !options.equals("0"))
            throw new LocalizedException("lesson.error.badValue", "options", options);
        return options.equals("WNOHANG");
    }
}
