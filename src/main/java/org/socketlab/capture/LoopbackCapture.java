package org.socketlab.capture;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.socketlab.syscall.AwaitsLongLivedProgram;
import org.socketlab.syscall.Os;
import org.socketlab.syscall.TrustedPrograms;

/**
 * Captures the wire and hands every TCP, UDP and ICMP packet to a consumer, on a reader thread of its own. On this
 * computer's network ({@code serve}, {@code trace} without {@code --lab-network}) it runs tcpdump on the loopback, as an
 * argument list, never a shell string. In a private lab network, which SocketLab owns, it needs no outside program: the
 * broker runs labnet's own capture (packaging/linux/labnet/reader.c), which writes the same pcap on the same pipe and
 * says the same "listening on" and statistics lines, so both are read alike. {@link #start} returns only once the
 * capture says it is listening, so nothing sent after it returns is missed.
 *
 * <p>Every packet on loopback is delivered, the lab's and other programs'; the caller keeps its own by their exact
 * addresses (the lab's {@code WireCapture}: full 4-tuples of its own sockets).
 */
public final class LoopbackCapture implements AutoCloseable {
    public static final Duration START_TIMEOUT = Duration.ofSeconds(5);
    /**
     * The snap length: the headers fit, and the first payload bytes, which the journal keeps so the pcap export can
     * write the packets (lengths come from the IP header, never from what was captured).
     */
    static final int SNAP_LENGTH = 256;

    private final ChildProcesses.Child child;
    private final Process process;
    private final String device;
    private final LabNetwork network;
    private final Thread reader, stderrReader;
    private final CompletableFuture<Void> listening = new CompletableFuture<>();
    /** Done once the capture (tcpdump, labnet's) has written its statistics (after its last packet) or its standard error has ended. */
    private final CompletableFuture<Void> statistics = new CompletableFuture<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final long launchNanos;
    private volatile long listeningNanos;
    private volatile boolean closing;
    /**
     * Kills the capture if the JVM exits without closing the lab (a child outlives its parent otherwise), once the closing
     * that a signal's own shutdown hook does has had {@link #EXIT_GRACE} to read the capture to its end.
     */
    private final Thread killAtExit;
    /** How long the JVM's exit waits for an orderly {@link #close()} (a trace draining its capture) before tcpdump is killed. */
    static final Duration EXIT_GRACE = Duration.ofSeconds(30);
    private final CountDownLatch closed = new CountDownLatch(1);

    private LoopbackCapture(ChildProcesses.Child child, long launchNanos, LabNetwork network, String device,
            Consumer<CapturedPacket> packets, Consumer<CaptureReason> stoppedUnexpectedly) {
        this.child = child;
        this.process = child.process();
        this.device = device;
        this.network = network;
        this.launchNanos = launchNanos;
        this.killAtExit = new Thread(this::killAtExit, "socketlab-capture-exit");
        Runtime.getRuntime().addShutdownHook(killAtExit);
        this.stderrReader = Thread.ofPlatform().daemon().name("socketlab-capture-stderr").start(this::readStderr);
        this.reader = Thread.ofPlatform().daemon().name("socketlab-capture")
                .start(() -> readPackets(packets, stoppedUnexpectedly));
    }

    /**
     * Shutdown hooks run at once and together: killing tcpdump at the signal would cut the capture that another hook (a
     * trace stopped by SIGTERM or Ctrl+C) is still reading to its end, so the segments on the wire would be lost.
     */
    private void killAtExit() {
        try {
            if (closed.await(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }

    /** The loopback device of this OS ({@code lo}, {@code lo0}), or empty where capture is not supported. */
    static Optional<String> loopbackDevice(Os os) {
        return switch (os) {
            case LINUX -> Optional.of("lo");
            case MACOS -> Optional.of("lo0");
            default -> Optional.empty();
        };
    }

    /** tcpdump, by the one lookup of trusted programs ({@link TrustedPrograms}: never the PATH for root). */
    static Optional<Path> findTcpdump() {
        return TrustedPrograms.find("tcpdump");
    }

    /**
     * The command line on this computer's network, as a list: loopback only, unbuffered, numeric, nanosecond time stamps
     * (a loopback handshake takes a few microseconds: the journal orders it against the calls by these stamps), short
     * snap, pcap to stdout, IP transports only. Run as root, tcpdump would switch to its own user after opening the
     * device (Debian builds it so), and the kernel clears the parent-death signal on that switch: it would outlive a
     * killed SocketLab. {@code -Z root} keeps it. In a private lab network the broker makes the same list itself
     * (packaging/linux/labnet/): this program only names the device ({@link Broker#capture}).
     */
    static List<String> command(Path tcpdump, String device) {
        List<String> command = new ArrayList<>(List.of(tcpdump.toString(), "-i", device, "-p", "-U", "--immediate-mode",
                "--time-stamp-precision=nano", "-n", "-s", String.valueOf(SNAP_LENGTH)));
        if (TrustedPrograms.runningAsRoot()) command.addAll(List.of("-Z", "root"));
        command.addAll(List.of("-w", "-", "tcp", "or", "udp", "or", "icmp", "or", "icmp6"));
        return List.copyOf(command);
    }

    /**
     * The command run in a session of its own (util-linux {@code setsid}, which execs it in the same process, so the
     * parent-death signal stays): a Ctrl+C in SocketLab's terminal goes to its foreground process group and would end
     * tcpdump at once, before the segments of the program's last moments (its FINs, its peer's ACKs) were read.
     */
    static List<String> ownSession(List<String> command) {
        Optional<Path> setsid = Os.current() == Os.LINUX ? TrustedPrograms.find("setsid") : Optional.empty();
        if (setsid.isEmpty()) return command;
        List<String> wrapped = new ArrayList<>(List.of(setsid.get().toString()));
        wrapped.addAll(command);
        return List.copyOf(wrapped);
    }

    /** The snap length of a capture: a log record holds attributes before the packet, so its own is longer. */
    static int snapLength(String device) {
        return device.startsWith("nflog:") ? PcapStream.MAX_RECORD / 4 : SNAP_LENGTH;
    }

    /**
     * Starts the capture and waits (at most {@link #START_TIMEOUT}) until it listens. {@code packets} is called on the
     * reader thread for each packet; {@code stoppedUnexpectedly} once with a reason if it ends before
     * {@link #close()}.
     */
    public static LoopbackCapture start(LabNetwork network, Consumer<CapturedPacket> packets,
            Consumer<CaptureReason> stoppedUnexpectedly) throws CaptureUnavailableException {
        String device = loopbackDevice(Os.current()).orElseThrow(() -> new CaptureUnavailableException(
                CaptureReason.of(CaptureReason.NOT_SUPPORTED, String.valueOf(Os.current()))));
        return start(network, device, packets, stoppedUnexpectedly);
    }

    /**
     * Captures what the lab network's own nftables rules log to netfilter log group {@code group} ({@code nflog:N}):
     * the very packets a rule dropped, as they were when it dropped them. Only in a private lab network.
     */
    public static LoopbackCapture startLogGroup(LabNetwork network, int group, Consumer<CapturedPacket> packets,
            Consumer<CaptureReason> stoppedUnexpectedly) throws CaptureUnavailableException {
        if (!network.isPrivate()) throw new IllegalStateException("not in a private lab network");
        return start(network, "nflog:" + group, packets, stoppedUnexpectedly);
    }

    /**
     * Captures what the second host's own nftables rules log to its netfilter log group {@code group}: the packets its
     * drop rules dropped on arrival over the link (labnet's {@code capture-in}).
     */
    public static LoopbackCapture startLogGroupIn(LabNetwork network, SecondHost host, int group,
            Consumer<CapturedPacket> packets, Consumer<CaptureReason> stoppedUnexpectedly)
            throws CaptureUnavailableException {
        if (!network.isPrivate()) throw new IllegalStateException("not in a private lab network");
        String device = "nflog:" + group;
        return start(network, device, () -> network.requireBroker().captureIn(host.keeperPid(), device,
                snapLength(device)), packets, stoppedUnexpectedly);
    }

    /**
     * Captures {@code device} of the private lab network ({@link SecondHost#CAPTURE_DEVICE}: its loopback and the link
     * to its second host) through its broker. Only in a private lab network.
     */
    public static LoopbackCapture startOn(LabNetwork network, String device, Consumer<CapturedPacket> packets,
            Consumer<CaptureReason> stoppedUnexpectedly) throws CaptureUnavailableException {
        if (!network.isPrivate()) throw new IllegalStateException("not in a private lab network");
        return start(network, device, packets, stoppedUnexpectedly);
    }

    /** A broker request that starts a capture (its process). */
    private interface BrokerCapture {
        Process start() throws IOException;
    }

    private static LoopbackCapture start(LabNetwork network, String device, Consumer<CapturedPacket> packets,
            Consumer<CaptureReason> stoppedUnexpectedly) throws CaptureUnavailableException {
        return start(network, device, network.isPrivate()
                ? () -> network.requireBroker().capture(device, snapLength(device))
                : null, packets, stoppedUnexpectedly);
    }

    private static LoopbackCapture start(LabNetwork network, String device, @Nullable BrokerCapture request,
            Consumer<CapturedPacket> packets, Consumer<CaptureReason> stoppedUnexpectedly)
            throws CaptureUnavailableException {
        ChildProcesses.Child child;
        long launched = System.nanoTime();
        try {
            if (request != null) { // in a private lab network: labnet's own capture, through the broker
                BrokerProcess capture = (BrokerProcess) request.start();
                child = new ChildProcesses.Child(capture, capture.waiter());
            } else {
                // on this computer's network: the system's tcpdump, a missing one said so before anything starts
                Path tcpdump = findTcpdump().orElseThrow(
                        () -> new CaptureUnavailableException(CaptureReason.of(CaptureReason.NOT_INSTALLED)));
                child = ChildProcesses.startDyingWithParent(new ProcessBuilder(ownSession(command(tcpdump, device)))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))), "tcpdump");
            }
        } catch (IOException e) {
            throw new CaptureUnavailableException(
                    CaptureReason.of(CaptureReason.START_FAILED, String.valueOf(e.getMessage())));
        }
        LoopbackCapture capture = new LoopbackCapture(child, launched, network, device, packets, stoppedUnexpectedly);
        capture.awaitListening();
        return capture;
    }

    private void awaitListening() throws CaptureUnavailableException {
        try {
            CompletableFuture.anyOf(listening, process.onExit()).get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stop();
            throw new CaptureUnavailableException(
                    CaptureReason.of(CaptureReason.START_TIMEOUT, device, String.valueOf(START_TIMEOUT.toSeconds())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new CaptureUnavailableException(CaptureReason.of(CaptureReason.INTERRUPTED));
        } catch (ExecutionException e) {
            stop();
            throw new CaptureUnavailableException(
                    CaptureReason.of(CaptureReason.START_FAILED, String.valueOf(e.getCause())));
        }
        if (listening.isDone()) return;
        stop(); // it exited first: its last words say why
        throw new CaptureUnavailableException(reasonFromStderr(network, device, stderrTail(), process.exitValue()));
    }

    /**
     * One clear reason from what tcpdump printed before it gave up ({@code exit}: its exit status, 128 + the signal
     * that ended it).
     */
    static CaptureReason reasonFromStderr(LabNetwork network, String device, List<String> lines, int exit) {
        String all = String.join(" ", lines).toLowerCase(Locale.ROOT);
        // A private lab network wanted and refused is why an ordinary user cannot capture here, whatever tcpdump said
        // about its permission or if it said nothing at all (CI saw "it said: -" twice, at loads 4 and 11).
        boolean refused = all.contains("permission") || all.contains("not permitted");
        if (refused || lines.isEmpty() && network.kind() == LabNetwork.Kind.UNAVAILABLE) {
            CaptureReason why = network.unavailableReason(device); // null only in a private lab network
            if (why != null) return why;
        }
        // The capture's own words (tcpdump's, labnet's), quoted as printed: no translation can be truer; silent, how it
        // ended.
        String last = lines.isEmpty()
                ? "- (exit " + exit + ")"
                : lines.getLast().replaceFirst("^(tcpdump|labnet): ", "");
        return CaptureReason.of(CaptureReason.REFUSED, device, last);
    }

    private void readStderr() {
        try (BufferedReader err = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                synchronized (stderrTail) {
                    stderrTail.addLast(line.length() > 300 ? line.substring(0, 300) : line);
                    if (stderrTail.size() > 8) stderrTail.removeFirst();
                }
                if (line.contains("listening on") && !listening.isDone()) {
                    listeningNanos = System.nanoTime();
                    listening.complete(null);
                }
                // Its last line: run with -p, libpcap counts no "dropped by interface" on Linux (only in promiscuous mode).
                if (LAST_STATISTICS.matcher(line.strip()).matches()) statistics.complete(null);
            }
        } catch (IOException closed) {
            // the stream closes when tcpdump ends or close() closes it
        } finally {
            statistics.complete(null);
        }
    }

    private static final Pattern LAST_STATISTICS = Pattern.compile("^\\d+\\spackets?\\sdropped\\sby\\skernel$");

    private List<String> stderrTail() {
        try {
            // It ends at the exited process's end of stream, at once; 1 s was too short at load 11, and the reason
            // tcpdump gave (the lab network's "refused") was lost (LabNetworkLessonsTest said "it said: -").
            stderrReader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (stderrTail) {
            return List.copyOf(stderrTail);
        }
    }

    private void readPackets(Consumer<CapturedPacket> packets, Consumer<CaptureReason> stoppedUnexpectedly) {
        InputStream in = process.getInputStream();
        PcapStream stream = new PcapStream(in);
        // PcapStream's own reason (end of stream, a cut record) is for debugging: the student is told tcpdump's words.
        try {
            CapturedPacket p;
            while ((p = stream.next()) != null) packets.accept(p);
        } catch (IOException e) {
            // the stream broke: tcpdump ended or wrote something that is not pcap; its last words say which
        } catch (RuntimeException e) {
            if (closing || !listening.isDone()) return;
            process.destroy();
            stoppedUnexpectedly.accept(CaptureReason.of(CaptureReason.PACKET_FAILED, String.valueOf(e)));
            return;
        }
        if (closing || !listening.isDone()) return; // an asked-for stop, or a failed start reported by start()
        process.destroy();
        List<String> tail = stderrTail();
        stoppedUnexpectedly.accept(CaptureReason.of(CaptureReason.STOPPED, tail.isEmpty() ? "-" : tail.getLast()));
    }

    private static final Pattern DROPPED = Pattern.compile("^(\\d+)\\spackets?\\sdropped\\sby\\s(?:kernel|interface)$");

    /**
     * How many packets tcpdump said it dropped (the kernel's buffer was full: it could not keep up), summed over its
     * "dropped by kernel" and "dropped by interface" lines; known once it has ended ({@link #close()}), 0 before.
     */
    public long droppedPackets() {
        return droppedIn(stderrTail());
    }

    /** The packets tcpdump's last lines say it dropped (also read by a test of another tcpdump's own file). */
    public static long droppedIn(List<String> lines) {
        long dropped = 0;
        for (String line : lines) {
            Matcher m = DROPPED.matcher(line.strip());
            if (m.matches()) dropped += Long.parseLong(m.group(1));
        }
        return dropped;
    }

    /**
     * What the journal says while this capture runs, and from where: tcpdump on this computer's loopback, or SocketLab's
     * own capture of the lab's loopback, or of the first machine's loopback and its end of the link to a second one.
     */
    public CaptureReason startedReason() {
        if (!network.isPrivate()) return CaptureReason.of(CaptureReason.LOOPBACK);
        return CaptureReason.of(SecondHost.CAPTURE_DEVICE.equals(device)
                ? CaptureReason.LAB_LINK
                : CaptureReason.LAB_NETWORK);
    }

    /** Milliseconds from launching the capture until it said it was listening (for the capture start benchmark). */
    public double startMillis() {
        return (listeningNanos - launchNanos) / 1e6;
    }

    // The capture, told to end: awaited at most 2 s, then killed; its outputs have readers of their own.
    @AwaitsLongLivedProgram
    private void stop() {
        closing = true;
        try {
            Runtime.getRuntime().removeShutdownHook(killAtExit);
        } catch (IllegalStateException exiting) {
            // the JVM is exiting: the hook runs anyway
        }
        process.destroy();
        try {
            if (process instanceof BrokerProcess broker) {
                // The capture writes its statistics after its last packet, then spends 20-40 ms in the kernel releasing its
                // packet socket before it exits (an RCU grace period): once they are read, everything it wrote has
                // arrived, so its output ends here, and the broker reaps it when it exits.
                try {
                    statistics.get(2, TimeUnit.SECONDS);
                    broker.endOutputs();
                } catch (TimeoutException | ExecutionException notYet) {
                    // then at its exit, as any program's
                }
            }
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
            }
            // They end at the exited process's end of stream; the waits are generous for a loaded machine.
            if (Thread.currentThread() != reader) reader.join(10_000); // the reader itself may report the end and close
            stderrReader.join(10_000);
            child.joinKeeper(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(process.getInputStream());
        closeQuietly(process.getErrorStream());
        closed.countDown();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing more to do with a pipe of an ended process
        }
    }

    /** Stops the capture, waits for it to end and for both reader threads to finish. */
    @Override
    public void close() {
        stop();
    }
}
