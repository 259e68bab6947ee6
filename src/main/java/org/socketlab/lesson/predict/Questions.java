package org.socketlab.lesson.predict;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.socketlab.lab.Request;
import org.socketlab.lesson.Claim;
import org.socketlab.lesson.Expect;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.Option;
import org.socketlab.lesson.Question;
import org.socketlab.lesson.Step;
import org.socketlab.lesson.WireKind;
import org.socketlab.lesson.Wording;
import org.socketlab.syscall.SockType;

/**
 * The questions of a lesson in predict mode: the lesson file's own for the steps that have some, else one built from
 * the step's expectation and the misconceptions that call is known for ("connect() waits for accept()", "close()
 * sends RST", "listen() waits for a client"). A step that only makes a socket, or resets an endpoint, asks nothing.
 */
public final class Questions {
    private Questions() {
    }

    /** Per step, in lesson order, the questions asked before it (often one, sometimes none). */
    public static List<List<Question>> of(Lesson lesson) {
        Map<String, Boolean> tcpByName = new HashMap<>();
        Map<String, Boolean> listeners = new HashMap<>();
        List<List<Question>> all = new ArrayList<>();
        for (Step step : lesson.steps()) {
            boolean tcp = step.socket() == null
                    ? step.type() == SockType.SOCK_STREAM
                    : tcpByName.getOrDefault(step.socket(), true);
            if (step.as() != null) tcpByName.put(step.as(), tcp);
            if ("listen".equals(step.call())) listeners.put(step.socket(), true);
            List<Question> own = lesson.questions().get(step.number());
            // A step run together with the one before it is asked nothing: a person answering would delay it.
            if (lesson.toldAt(step.number()).together()) all.add(List.of());
            else if (own != null) all.add(own);
            else {
                Question q = built(step, tcp, listeners.containsKey(step.socket()));
                all.add(q == null ? List.of() : List.of(q));
            }
        }
        return all;
    }

    /** The question built for one step, or null when it asks nothing. */
    static Question built(Step step, boolean tcp, boolean listener) {
        if (step.kind() == Step.Kind.RESET || step.kind() == Step.Kind.NETWORK || step.kind() == Step.Kind.HAND_OVER
                || step.kind() == Step.Kind.KILL || "socket".equals(step.call()))
            return null;
        // A call its process dies inside returns nothing the journal could hold an answer against: the lesson file's
        // own questions ask about it.
        if (step.expect().result() instanceof Expect.Result.Killed) return null;
        Expect e = step.expect();
        if (step.kind() == Step.Kind.START) return blocks(step);
        if (step.kind() == Step.Kind.CALL && tcp && step.call().equals("close"))
            return wire(step.number(), step.call(), listener);
        if (step.call().equals("shutdown") && !e.states().isEmpty()) return state(step);
        return result(step);
    }

    /**
     * The question asked before a call the student makes in the free lab (no lesson, so no expectation): options built
     * from the call about to run and the socket's state now, each a plausible answer or a known misconception. Null when
     * the call asks nothing (socket, options, names, poll).
     *
     * @param number the question's number in the session (1, 2, ...), journaled as its {@code step}
     */
    public static Question forCall(int number, Request request, CallSituation s) {
        Expect.Result anyBytes = new Expect.Result.Between(new Expect.Range(1, Long.MAX_VALUE));
        List<Option> options = new ArrayList<>();
        String call = request.call();
        switch (request) {
            case Request.Connect c -> {
                options.add(returnsOption(new Expect.Result.Exact(0, null)));
                options.add(failsWith("ECONNREFUSED"));
                options.add(s.tcp()
                        ? waits(call)
                        : new Option(Wording.Key.of("predict.option.blocks.other", call), new Claim.Blocks()));
                options.add(failsWith(s.connected() ? "EISCONN" : s.nonBlocking() ? "EINPROGRESS" : "ETIMEDOUT"));
            }
            case Request.Accept a -> {
                options.add(returnsOption(new Expect.Result.AnyFd()));
                options.add(waits(call));
                options.add(failsWith("EAGAIN"));
                options.add(failsWith("EINVAL"));
            }
            case Request.Recv r -> receiveOptions(options, call, anyBytes);
            case Request.RecvFrom r -> receiveOptions(options, call, anyBytes);
            case Request.Read r -> receiveOptions(options, "recv", anyBytes);
            case Request.Send r -> sendOptions(options, call, anyBytes, s);
            case Request.SendTo r -> sendOptions(options, call, anyBytes, s);
            case Request.Write r -> sendOptions(options, "send", anyBytes, s);
            case Request.Bind b -> {
                options.add(returnsOption(new Expect.Result.Exact(0, null)));
                options.add(failsWith("EADDRINUSE"));
                options.add(failsWith("EACCES"));
                options.add(failsWith("EINVAL"));
            }
            case Request.Listen l -> {
                options.add(returnsOption(new Expect.Result.Exact(0, null)));
                options.add(waits(call));
                options.add(failsWith("EADDRINUSE"));
                options.add(failsWith("EINVAL"));
            }
            case Request.Close c -> {
                if (!s.onTheWire()) return null; // a datagram or Unix socket's close puts nothing on any wire: nothing to predict
                return wire(number, call, "LISTEN".equals(s.state()));
            }
            case Request.Shutdown c -> {
                if (!s.onTheWire()) return null;
                return wire(number, call, false);
            }
            default -> {
                return null;
            }
        }
        return new Question(number, Question.Topic.RESULT, Wording.Key.of("predict.prompt.result", call),
                shuffled(distinct(options), number), null, null, null);
    }

    private static void receiveOptions(List<Option> options, String call, Expect.Result anyBytes) {
        options.add(new Option(Wording.Key.of("predict.option.someBytes"), new Claim.Returns(anyBytes)));
        options.add(returnsOption(new Expect.Result.Exact(0, null))); // right once the peer has closed: "0 means an error"
        options.add(waits(call));
        options.add(failsWith("EAGAIN"));
    }

    private static void sendOptions(List<Option> options, String call, Expect.Result anyBytes, CallSituation s) {
        options.add(new Option(Wording.Key.of("predict.option.someBytes"), new Claim.Returns(anyBytes)));
        options.add(waits(call.equals("sendto") ? "send" : call)); // "send() waits until the other side calls recv()"
        options.add(failsWith(s.tcp() ? "EPIPE" : "ECONNREFUSED"));
        options.add(failsWith(s.tcp() ? "ECONNRESET" : "EDESTADDRREQ"));
    }

    private static Wording returns(Expect.Result r) {
        return switch (r) {
            case Expect.Result.AnyFd a -> Wording.Key.of("predict.option.fd");
            case Expect.Result.Between b -> Wording.Key.of("predict.option.range", b.range().text());
            default -> Wording.Key.of("predict.option.returns", new Claim.Returns(r).text());
        };
    }

    private static Option returnsOption(Expect.Result r) {
        return new Option(returns(r), new Claim.Returns(r));
    }

    private static Option failsWith(String errno) {
        return returnsOption(new Expect.Result.Exact(-1, errno));
    }

    private static Option waits(String call) {
        String key = switch (call) {
            case "connect", "listen", "send", "accept", "recv" -> "predict.option.blocks." + call;
            default -> "predict.option.blocks.other";
        };
        return new Option(Wording.Key.of(key, call), new Claim.Blocks());
    }

    /** "What will connect() return?": the expected value, and the wrong ideas about this call. */
    private static Question result(Step step) {
        Expect.Result expected = step.expect().result();
        String call = step.call();
        List<Option> options = new ArrayList<>();
        // A step that accepts several results (one_of) offers each of them: the kernel says which it gave.
        if (expected instanceof Expect.Result.None)
            step.expect().oneOf().forEach(o -> options.add(returnsOption(o.result())));
        else
            options.add(returnsOption(expected));
        switch (call) {
            case "connect" -> {
                options.add(returnsOption(new Expect.Result.Exact(0, null)));
                options.add(failsWith("ECONNREFUSED"));
                options.add(waits(call));
                options.add(failsWith("ETIMEDOUT"));
            }
            case "bind" -> {
                options.add(returnsOption(new Expect.Result.Exact(0, null)));
                options.add(failsWith("EADDRINUSE"));
                options.add(failsWith("EACCES"));
                options.add(failsWith("EINVAL"));
            }
            case "listen" -> {
                options.add(returnsOption(new Expect.Result.Exact(0, null)));
                options.add(waits(call));
                options.add(failsWith("EADDRINUSE"));
                options.add(failsWith("EINVAL"));
            }
            case "accept" -> {
                options.add(returnsOption(new Expect.Result.AnyFd()));
                options.add(waits(call));
                options.add(returnsOption(new Expect.Result.Exact(0, null)));
                options.add(failsWith("EAGAIN"));
            }
            case "send", "sendto" -> {
                options.add(waits(call));
                options.add(returnsOption(new Expect.Result.Exact(0, null)));
                options.add(failsWith("EPIPE"));
                options.add(failsWith("EAGAIN"));
            }
            case "recv", "recvfrom" -> {
                if (step.size() != null && !(expected instanceof Expect.Result.Exact x && x.value() == step.size()))
                    options.add(returnsOption(new Expect.Result.Exact(step.size(), null))); // "recv() returns the buffer's size"
                options.add(returnsOption(new Expect.Result.Exact(0, null)));
                options.add(failsWith("EAGAIN"));
                options.add(waits(call));
            }
            default -> {
                options.add(returnsOption(new Expect.Result.Exact(0, null)));
                options.add(failsWith("EBADF"));
                options.add(failsWith("ENOTCONN"));
                options.add(failsWith("EINVAL"));
            }
        }
        return new Question(step.number(), Question.Topic.RESULT, Wording.Key.of("predict.prompt.result", call),
                shuffled(distinct(options), step.number()), null,
                expected instanceof Expect.Result.None ? null : new Claim.Returns(expected), null);
    }

    /** A call the lesson starts without waiting: does it return at once? */
    private static Question blocks(Step step) {
        String call = step.call();
        List<Option> options = new ArrayList<>();
        // Said plainly here, where the call does wait: "connect() waits until the server calls accept()" and "send()
        // waits until the other side calls recv()" are the misconceptions, not why these calls wait (a dropped SYN,
        // a full buffer).
        options.add(call.equals("connect") || call.equals("send") || call.equals("sendto")
                ? new Option(Wording.Key.of("predict.option.blocks.other", call), new Claim.Blocks())
                : waits(call));
        switch (call) {
            case "accept" -> options.add(returnsOption(new Expect.Result.AnyFd()));
            case "recv", "recvfrom" -> options.add(returnsOption(new Expect.Result.Exact(0, null)));
            case "send", "sendto" ->
                options.add(returnsOption(new Expect.Result.Between(new Expect.Range(1, Long.MAX_VALUE))));
            default -> options.add(returnsOption(new Expect.Result.Exact(0, null)));
        }
        options.add(failsWith(call.equals("connect") ? "ECONNREFUSED" : "EAGAIN"));
        return new Question(step.number(), Question.Topic.BLOCKS, Wording.Key.of("predict.prompt.blocks", call),
                shuffled(distinct(options), step.number()), null, new Claim.Blocks(), null);
    }

    /** close() of a TCP socket: FIN, RST, or nothing at all? */
    private static Question wire(int number, String call, boolean listener) {
        List<Option> options = new ArrayList<>();
        for (WireKind k : List.of(WireKind.FIN, WireKind.RST, WireKind.NOTHING))
            options.add(new Option(Wording.Key.of("predict.wire." + k.name()), new Claim.Wire(k)));
        if (!listener) options.add(new Option(Wording.Key.of("predict.wire.DATA"), new Claim.Wire(WireKind.DATA)));
        return new Question(number, Question.Topic.WIRE, Wording.Key.of("predict.prompt.wire", call),
                shuffled(options, number), null, null, null);
    }

    /** shutdown() with a state the lesson expects: which state will that socket be in? */
    private static Question state(Step step) {
        // The socket the call acts on, when the lesson expects its state: the one the student has in mind.
        Map.Entry<String, String> first = step.expect().states().containsKey(step.socket())
                ? Map.entry(step.socket(), step.expect().states().get(step.socket()))
                : new TreeMap<>(step.expect().states()).firstEntry();
        String socket = first.getKey();
        List<Option> options = new ArrayList<>();
        options.add(stateOption(socket, first.getValue()));
        for (String s : List.of("FIN_WAIT_2", "CLOSE_WAIT", "CLOSED", "TIME_WAIT", "ESTABLISHED"))
            if (options.size() < Question.MAX_OPTIONS && !s.equals(first.getValue()))
                options.add(stateOption(socket, s));
        return new Question(step.number(), Question.Topic.STATE,
                Wording.Key.of("predict.prompt.state", step.call(), socket),
                shuffled(options, step.number()), null, new Claim.State(socket, first.getValue()), null);
    }

    private static Option stateOption(String socket, String state) {
        return new Option(Wording.Key.of("predict.option.state", state), new Claim.State(socket, state));
    }

    /** Options that claim the same thing once, the first (the expected one) kept; at most four. */
    private static List<Option> distinct(List<Option> options) {
        Map<String, Option> byClaim = new LinkedHashMap<>();
        for (Option o : options) byClaim.putIfAbsent(o.claim().text(), o);
        return byClaim.values().stream().limit(Question.MAX_OPTIONS).toList();
    }

    /** The same order for the same step every time, but the expected answer is not always first. */
    private static List<Option> shuffled(List<Option> options, int seed) {
        List<Option> rotated = new ArrayList<>(options);
        Collections.rotate(rotated, seed % options.size());
        return rotated;
    }
}
