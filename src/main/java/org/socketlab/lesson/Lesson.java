package org.socketlab.lesson;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.LinkConditions;
import org.socketlab.lab.LabHosts;
import org.socketlab.syscall.AddrInfo;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SysCall;

/**
 * A scripted exercise: steps on real sockets, each narrated in es and en and with the outcome it expects.
 * {@code questions} are the predict-mode questions the lesson file wrote for some steps (by step number); the other
 * steps get questions built from their expectations.
 *
 * @param told       per step number, what it says and checks of its own run ({@link Told})
 * @param anyAddress the lesson binds the wildcard addresses 0.0.0.0 or [::] (INADDR_ANY, in6addr_any), which reach
 *                   beyond this machine: it opts in to them for its run ({@code "any_address": true}), and says so
 * @param hosts      the two machines the lesson runs on and which endpoints live on each ({@code "hosts"}, issue 40;
 *                   {@code run --two-hosts} places the server apart); null: everything on one machine
 * @param linkKbit   the rate of the link between its two machines in kbit/s ({@code "link": {"rate_kbit": N}}, a
 *                   token bucket the lab sets before the first step); null: the link as the lab has it
 * @param wire      SocketLab's own wire between its two machines with the lesson's own delay, fates and seed
 *                   ({@code "link"} with {@code "delay_ms"}...), set before the first step; null: the link as the lab
 *                   has it
 * @param onTwoHostsOnly steps that run only when the lesson is moved to two machines ({@code run --two-hosts}), after
 *                   the others, numbered on from them ({@code "two_hosts_steps"}): what has no counterpart on one
 *                   machine, such as a connect() to an address of the link where no host is
 */
public record Lesson(String id, Text title, Text summary, List<Step> steps, Map<Integer, List<Question>> questions,
        boolean anyAddress, Map<Integer, Told> told, @Nullable LabHosts hosts, @Nullable Integer linkKbit,
        @Nullable LinkConditions wire, List<Step> onTwoHostsOnly) {
    public Lesson {
        steps = List.copyOf(steps);
        onTwoHostsOnly = List.copyOf(onTwoHostsOnly);
        questions = Map.copyOf(questions);
        told = Map.copyOf(told);
    }

    public Lesson(String id, Text title, Text summary, List<Step> steps, Map<Integer, List<Question>> questions,
            boolean anyAddress, Map<Integer, Told> told, @Nullable LabHosts hosts) {
        this(id, title, summary, steps, questions, anyAddress, told, hosts, null, null, List.of());
    }

    public Lesson(String id, Text title, Text summary, List<Step> steps, Map<Integer, List<Question>> questions,
            boolean anyAddress, Map<Integer, Told> told) {
        this(id, title, summary, steps, questions, anyAddress, told, null);
    }

    /** Whether the lesson runs on two machines of the lab network (its own {@code "hosts"}, or moved there). */
    public boolean onTwoHosts() {
        return hosts != null;
    }

    public Lesson(String id, Text title, Text summary, List<Step> steps, Map<Integer, List<Question>> questions,
            boolean anyAddress) {
        this(id, title, summary, steps, questions, anyAddress, Map.of());
    }

    /** What step {@code n} tells and checks of its run, and whether it runs together with the step before it. */
    public Told toldAt(int n) {
        return told.getOrDefault(n, Told.NOTHING);
    }

    /** Names glibc answers from /etc/hosts on every system: never sent to a DNS server. */
    private static final Set<String> LOCAL_NAMES = Set.of("localhost", "localhost.", "ip6-localhost", "ip6-loopback");
    private static final Pattern NUMERIC_HOST = Pattern
            .compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?");

    /**
     * The first name a getaddrinfo() step looks up that glibc may send to a DNS server (not an address written in
     * numbers, not localhost, no AI_NUMERICHOST), or null. The README promises that names are never looked up in DNS,
     * and a name in a lesson file would tell that server the lesson was opened: such a lesson runs only in the private
     * lab network, where no DNS server can be reached.
     */
    public @Nullable String nameForDns() {
        Integer numericOnly = AddrInfo.flag("AI_NUMERICHOST");
        for (List<Step> part : List.of(steps, onTwoHostsOnly))
            for (Step s : part) {
                if (!SysCall.GETADDRINFO.is(s.call()) || s.data() == null) continue;
                String node = s.data();
                if (LOCAL_NAMES.contains(node) || NUMERIC_HOST.matcher(node).matches()) continue;
                if (numericOnly != null && s.value() != null && (s.value() & numericOnly) != 0) continue;
                return node;
            }
        return null;
    }

    /** Whether the lesson drops packets: it runs only in a private lab network, where the wire is captured. */
    public boolean needsLabNetwork() {
        return steps.stream().anyMatch(s -> s.kind() == Step.Kind.NETWORK);
    }

    public Lesson(String id, Text title, Text summary, List<Step> steps) {
        this(id, title, summary, steps, Map.of(), false);
    }

    public Lesson(String id, Text title, Text summary, List<Step> steps, Map<Integer, List<Question>> questions) {
        this(id, title, summary, steps, questions, false);
    }

    public Lesson(String id, Text title, Text summary, List<Step> steps, boolean anyAddress) {
        this(id, title, summary, steps, Map.of(), anyAddress);
    }

    /** Whether a step addresses the lesson's port over IP ({@code 127.0.0.1:{port}}): an AF_UNIX path has no port. */
    public boolean usesPort() {
        return steps.stream().anyMatch(s -> s.address() != null && s.address().contains("{port}")
                && s.addressDomain() != Domain.AF_UNIX);
    }

    /** Whether a step makes an IP socket (AF_INET, AF_INET6): an AF_UNIX-only lesson puts nothing on any wire. */
    public boolean onTheWire() {
        return steps.stream().anyMatch(s -> s.domain() != null && s.domain() != Domain.AF_UNIX);
    }
}
