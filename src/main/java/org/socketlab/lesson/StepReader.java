package org.socketlab.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.SafeName;
import org.socketlab.lab.LabHosts;
import org.socketlab.syscall.Protocol;

/**
 * Reads a lesson file's steps one by one, each checked against the ones before it ({@link StepsSoFar}): picks the
 * step's kind and reads it, the steps on an endpoint's waiting call or a socket's owner ({@code finish},
 * {@code reset}, {@code hand_over}) here, the others by their own readers.
 */
final class StepReader {
    /**
     * What the top of the file says that its steps are read against. {@code recorded}: a lesson written by Lessons ->
     * Save session as lesson... ({@code "recorded": true}), whose narration may be empty strings, to be filled in (both
     * languages must still be there). {@code anyAddress}: the lesson opted in to the wildcard addresses. {@code hosts}:
     * its two machines (issue 40), or null: everything on one machine. {@code privateNetwork}: the lessons run in the
     * private lab network, where an abstract Unix name ({@code @name}) is the lab's own; on this computer's network a
     * lesson naming one is refused.
     */
    record FileSettings(boolean recorded, boolean anyAddress, @Nullable LabHosts hosts, boolean privateNetwork) {
    }

    private final LessonFieldReader read;
    private final FileSettings file;
    private final StepsSoFar soFar = new StepsSoFar();
    private final ExpectParser expects;
    private final ForkSteps forks;
    private final SignalSteps signals;
    private final CallStepReader calls;
    private final NetworkStepReader network;
    private final AddressField addresses;

    StepReader(LessonFieldReader read, FileSettings file) {
        this.read = read;
        this.file = file;
        this.expects = new ExpectParser(read, soFar.names, soFar.listeners);
        this.forks = new ForkSteps(read, expects, soFar);
        this.signals = new SignalSteps(read, expects);
        this.addresses = new AddressField(read, file);
        this.calls = new CallStepReader(read, file.recorded(), soFar, expects, forks, signals, addresses);
        this.network = new NetworkStepReader(read);
    }

    /** Whether the steps read next run only on two machines ({@code "two_hosts_steps"}): they may name the link's addresses. */
    void twoHostsOnly(boolean on) {
        addresses.twoHostsOnly(on);
    }

    /** Whether a step so far named this socket (a question may name it). */
    boolean named(String socket) {
        return soFar.names.containsKey(socket);
    }

    Step step(int number, JsonNode node) {
        if (!node.isObject()) throw new LocalizedException("lesson.error.notObject");
        if (node.has("network")) return network.network(number, node, file.recorded());
        String endpoint = SafeName.check("endpoint", read.string(node, "endpoint"));
        if (!StepsSoFar.ENDPOINT.matcher(endpoint).matches())
            throw new LocalizedException("lesson.error.badEndpoint", endpoint);
        if (file.hosts() != null) LessonHosts.requirePlaced(file.hosts(), endpoint);
        int kinds = (node.has("call") ? 1 : 0) + (node.has("finish") ? 1 : 0) + (node.has("reset") ? 1 : 0)
                + (node.has("hand_over") ? 1 : 0) + (node.has("kill") ? 1 : 0) + (node.has("fork") ? 1 : 0)
                + (node.has("exit") ? 1 : 0);
        read.at(node, null);
        if (kinds != 1) throw new LocalizedException("lesson.error.stepKind");
        if (node.has("finish")) return finish(number, endpoint, node);
        if (node.has("reset")) return reset(number, endpoint, node);
        if (node.has("hand_over")) return handOver(number, endpoint, node);
        if (node.has("kill")) return signals.kill(number, endpoint, node, file.recorded(), soFar.waiting);
        if (node.has("fork")) {
            Step fork = forks.fork(number, endpoint, node, file.recorded());
            signals.forked(endpoint, Step.required(fork.handTo(), "fork", "fork"));
            return fork;
        }
        if (node.has("exit")) {
            soFar.waiting.remove(endpoint); // a call it waited in ends with it
            return forks.exit(number, endpoint, node, file.recorded());
        }
        return calls.call(number, endpoint, node);
    }

    /** {@code "finish": "connect"}: the end of the endpoint's waiting call, with the result it must give. */
    private Step finish(int number, String endpoint, JsonNode node) {
        read.onlyFields(node,
                Set.of("endpoint", "finish", "narration", "expect", "slide", "questions", "together", "said", "check"),
                "finish");
        String call = read.string(node, "finish");
        Text narration = read.narration(node, file.recorded());
        Slide slide = read.slide(node);
        read.at(node, "finish");
        Step started = soFar.waiting.get(endpoint);
        if (started == null) throw new LocalizedException("lesson.error.nothingToFinish", endpoint);
        if (!started.call().equals(call))
            throw new LocalizedException("lesson.error.finishOther", endpoint, started.call(),
                    String.valueOf(started.number()), call);
        soFar.waiting.remove(endpoint);
        Expect expect = expects.expect(node, call, Step.Kind.FINISH, started.sockets(), number);
        return new Step(number, endpoint, call, started.socket(), started.as(), null, null, null, null, null, null,
                null, null, null, null, null, narration, expect, Step.Kind.FINISH, Protocol.DEFAULT, Set.of(),
                started.sockets(), Set.of(), null, slide);
    }

    /**
     * {@code "hand_over": "conn", "to": "server-2"}: the endpoint passes its socket to another endpoint, a thread of the
     * same program (a threaded server's accepting thread and the thread that serves the connection). From then on only
     * {@code to} uses it. The endpoint must not be waiting in a call: a socket is handed over between calls.
     */
    private Step handOver(int number, String endpoint, JsonNode node) {
        read.onlyFields(node,
                Set.of("endpoint", "hand_over", "to", "narration", "slide", "questions", "together", "said", "check"),
                "hand_over");
        String socket = read.string(node, "hand_over");
        StepsSoFar.Named named = soFar.owned(socket, endpoint);
        String to = SafeName.check("to", read.string(node, "to"));
        if (!StepsSoFar.ENDPOINT.matcher(to).matches() || to.equals(endpoint))
            throw new LocalizedException("lesson.error.badHandOver", to, endpoint);
        if (file.hosts() != null) LessonHosts.requireSameHost(file.hosts(), endpoint, to);
        Text narration = read.narration(node, file.recorded());
        Slide slide = read.slide(node);
        read.at(node, "hand_over");
        soFar.requireIdle(endpoint);
        soFar.names.put(socket, new StepsSoFar.Named(to, named.domain(), named.type()));
        return Step.handOver(number, endpoint, socket, to, narration, slide);
    }

    /** {@code "reset": true}: gives up the endpoint's waiting call and closes its sockets. */
    private Step reset(int number, String endpoint, JsonNode node) {
        read.onlyFields(node,
                Set.of("endpoint", "reset", "narration", "expect", "slide", "questions", "together", "said", "check"),
                "reset");
        read.at(node, "reset");
        JsonNode r = node.get("reset");
        if (!r.isBoolean() || !r.asBoolean())
            throw new LocalizedException("lesson.error.badValue", "reset", r.toString());
        Text narration = read.narration(node, file.recorded());
        Slide slide = read.slide(node);
        Step started = soFar.waiting.remove(endpoint);
        Expect expect = expects.expect(node, "reset", Step.Kind.RESET, List.of(), number);
        return new Step(number, endpoint, started == null ? "reset" : started.call(),
                started == null ? null : started.socket(),
                null, null, null, null, null, null, null, null, null, null, null, null, narration, expect,
                Step.Kind.RESET, slide);
    }
}
