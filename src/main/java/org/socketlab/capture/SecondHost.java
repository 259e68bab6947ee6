package org.socketlab.capture;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.syscall.AwaitsLongLivedProgram;
import org.socketlab.syscall.Descriptors;
import org.socketlab.syscall.HelperRun;

/**
 * The lab's second machine (issue 40): the private lab network's own namespace is the first host (the client's, where
 * this program runs), and this one is the server's, a network namespace of its own joined to the first by a real link
 * (a veth pair, MTU 1500, segmentation offloads off, so the capture shows the segments a NIC would send). The broker
 * makes it and removes it (labnet's {@code host} request); an endpoint is started on it by the broker too
 * ({@link #startEndpoint}), since this program has no right to enter another namespace. The addresses exist only on
 * that link, inside namespaces SocketLab made: nothing is routed to this computer's network or beyond. Where there is
 * no private lab network there is no second host, and never a fallback to this computer's network.
 */
public final class SecondHost implements AutoCloseable {
    /** The first host's (the lab's, the client's) address on the link. */
    public static final String CLIENT_ADDRESS = "10.77.0.1";
    /** The second host's (the server's) address on the link. */
    public static final String SERVER_ADDRESS = "10.77.0.2";
    /**
     * An address of the link's network where no host is: a connect() there asks the link who has it (ARP) and, with no
     * answer, ends -1 EHOSTUNREACH. Allowed, like the hosts', only in a lab of two machines.
     */
    public static final String NO_HOST_ADDRESS = "10.77.0.3";
    /** The link's end in the lab's namespace. */
    public static final String LINK = "link-a";
    /**
     * What the lab captures when it has a second host: every interface of its own namespace, the loopback (traffic
     * inside the first host, as with one host) and the link (the wire between the hosts), each packet once.
     */
    public static final String CAPTURE_DEVICE = "any";

    /** The broker's requests for the host (made, rate set, removed) answer in a moment; seconds only when stuck. */
    private static final Duration HELPER_LIMIT = Duration.ofSeconds(10);

    private final Broker broker;
    private final BrokerStarted keeper;
    /** The wire's conditions when it runs (changed live by {@link #changeWire}); null on today's plain link. */
    private volatile @Nullable LinkConditions wire;
    /** Where the wire takes its changes ("set" lines); null without the wire. */
    private final @Nullable OutputStream orders;
    /** How many changes the wire has said are in force ("set N"). */
    private final WireAnswers answers;
    /** Why the wire does not run although it was asked for (labnet's words), null otherwise. */
    private final @Nullable String wireMissing;

    private SecondHost(Broker broker, BrokerStarted keeper, @Nullable LinkConditions wire,
            @Nullable String wireMissing, @Nullable OutputStream orders, WireAnswers answers) {
        this.broker = broker;
        this.keeper = keeper;
        this.wire = wire;
        this.wireMissing = wireMissing;
        this.orders = orders;
        this.answers = answers;
    }

    /** The wire's answers to its changes: how many are in force, and whether one was refused. */
    private static final class WireAnswers {
        private long inForce, refused;

        synchronized void said(String line) {
            if (line.equals(SET_REFUSED)) refused++;
            else inForce = Math.max(inForce, Long.parseLong(line.substring(4)));
            notifyAll();
        }

        /** Waits until change number {@code n} is in force (true), refused, or the time is up (false). */
        synchronized boolean await(long n, long refusedBefore, long timeoutNs) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNs;
            while (inForce < n && refused == refusedBefore) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return inForce >= n;
        }

        synchronized long refused() {
            return refused;
        }
    }

    /**
     * Makes the second host, waiting until it is ready. Refused with a {@link LocalizedException} that says why in one
     * line: not a private lab network, or the broker could not make it (its own words).
     */
    public static SecondHost make(LabNetwork network) {
        return make(network, null, fate -> {
        });
    }

    /**
     * Makes the second host joined by SocketLab's own wire with {@code conditions} (issue 55; null: today's plain
     * link), each packet's fate given to {@code fates} from a thread of its own as the wire tells it. Where the wire
     * cannot run (labnet says why) the host has the plain link and {@link #wireMissing()} says why in labnet's words.
     */
    public static SecondHost make(LabNetwork network, @Nullable LinkConditions conditions, Consumer<WireFate> fates) {
        if (!network.isPrivate()) {
            CaptureReason why = network.whyNotPrivate();
            throw new LocalizedException("hosts.notPrivate", why == null ? "-" : why.code());
        }
        BrokerStarted keeper;
        OutputStream orders = null;
        try {
            Descriptors.Pair pipe = conditions == null ? null : CALLS.pipe();
            try {
                keeper = network.requireBroker().host(conditions == null ? List.of() : conditions.words(),
                        pipe == null ? -1 : pipe.first());
                // The write end as a stream of its own (the pipe reopened); the wire holds the read end now.
                if (pipe != null) orders = new FileOutputStream("/proc/self/fd/" + pipe.second());
            } finally {
                if (pipe != null) {
                    CALLS.close(pipe.first());
                    CALLS.close(pipe.second());
                }
            }
        } catch (IOException e) {
            closeQuietly(orders);
            throw new LocalizedException("hosts.failed", String.valueOf(e.getMessage()));
        }
        if (keeper.startedPid() <= 0) {
            closeQuietly(orders);
            String said = said(keeper.process());
            closeQuietly(keeper.process());
            throw new LocalizedException("hosts.failed", said.isBlank() ? "-" : said);
        }
        WireAnswers answers = new WireAnswers();
        if (conditions == null) return new SecondHost(network.requireBroker(), keeper, null, null, null, answers);
        // The wire's first line: it runs ("wire ready"), or labnet made the plain link and says why not.
        BufferedReader said = new BufferedReader(
                new InputStreamReader(keeper.process().getInputStream(), StandardCharsets.US_ASCII));
        String first;
        try {
            first = firstLine(said, WIRE_LIMIT);
        } catch (TimeoutException e) { // the wire neither runs nor says why: no host half made
            closeQuietly(orders);
            new SecondHost(network.requireBroker(), keeper, null, "-", null, answers).close();
            throw new LocalizedException("hosts.wireSilent", String.valueOf(WIRE_LIMIT.toSeconds()));
        }
        if (first == null || !first.equals(WIRE_READY)) {
            String why = first != null && first.startsWith(WIRE_MISSING)
                    ? first.substring(WIRE_MISSING.length())
                    : String.valueOf(first);
            closeQuietly(orders);
            return new SecondHost(network.requireBroker(), keeper, null, why.isBlank() ? "-" : why.strip(), null,
                    answers);
        }
        Thread reader = new Thread(() -> tell(said, fates, answers), "socketlab-wire-fates");
        reader.setDaemon(true);
        reader.start();
        return new SecondHost(network.requireBroker(), keeper, conditions, null, orders, answers);
    }

    private static final Descriptors CALLS = new Descriptors();

    /** How long the wire may take to say whether it runs: it starts in the host labnet has just made. */
    static final Duration WIRE_LIMIT = Duration.ofSeconds(30);

    /**
     * The first line {@code said} tells within {@code limit}, read on a thread of its own (a keeper that never writes
     * would hold the caller for good); null when it ended first. The reader is the caller's again once this returns a
     * line; after a timeout the thread reads on until the stream ends (the host removed).
     */
    static @Nullable String firstLine(BufferedReader said, Duration limit) throws TimeoutException {
        CompletableFuture<@Nullable String> line = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                line.complete(said.readLine());
            } catch (IOException e) {
                line.complete(null);
            }
        }, "socketlab-wire-first-line");
        reader.setDaemon(true);
        reader.start();
        try {
            return line.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        } catch (ExecutionException e) {
            return null; // not thrown: the reader completes with a line or null
        }
    }

    /** How long a change to the wire may take to be in force: it reads its orders as it reads frames. */
    private static final long CHANGE_LIMIT_NS = 1_000_000_000L;

    /**
     * The wire between the hosts takes {@code conditions} from now on (issue 60's live link controls; its seed stays
     * the one it started with): every packet read after this returns is carried so, those on the wire keep their time.
     * Waits until the wire says the change is in force (within a second). Refused with a {@link LocalizedException}
     * that says why in one line: no wire here (the plain link), or the wire did not take it.
     */
    public void changeWire(LinkConditions conditions) {
        changeWire(conditions, false);
    }

    /**
     * As {@link #changeWire(LinkConditions)}; with {@code reseed} the wire's draws also start again from
     * {@code conditions}' seed, as a wire started with it (a lesson's pinned seed holds in the window's lab too).
     */
    public synchronized void changeWire(LinkConditions conditions, boolean reseed) {
        OutputStream to = orders;
        if (to == null || wire == null) throw new LocalizedException("link.live.noWire");
        List<String> words = conditions.words(); // the settings, then the seed
        String line = "set " + String.join(" ", reseed ? words : words.subList(0, words.size() - 1)) + "\n";
        long refused = answers.refused();
        try {
            to.write(line.getBytes(StandardCharsets.US_ASCII));
            to.flush();
            if (!answers.await(++changes, refused, CHANGE_LIMIT_NS))
                throw new LocalizedException("link.live.refused");
        } catch (IOException e) {
            throw new LocalizedException("link.live.failed", String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalizedException("link.live.failed", "interrupted");
        }
        wire = new LinkConditions(conditions.toServer(), conditions.toClient(), conditions.rateKbit(),
                reseed ? conditions.seed() : Objects.requireNonNull(wire).seed());
    }

    /** Changes sent to the wire so far. Under this object's lock. */
    private long changes;

    private static final String WIRE_READY = "wire ready", WIRE_MISSING = "wire missing ", SET_REFUSED = "set refused";

    /** Each fate the wire tells, until it ends (with the host). */
    private static void tell(BufferedReader said, Consumer<WireFate> fates, WireAnswers answers) {
        try {
            for (String line; (line = said.readLine()) != null;) {
                if (line.startsWith("set ")) answers.said(line);
                else WireFate.parse(line).ifPresent(fates);
            }
        } catch (IOException | RuntimeException ended) {
            // the host went, and its wire with it; a consumer's failure ends the telling too
        }
    }

    /** The wire's conditions, when SocketLab's own wire joins the hosts (empty: today's plain link). */
    public Optional<LinkConditions> wire() {
        return Optional.ofNullable(wire);
    }

    /** Why the wire asked for does not run (labnet's words), empty when it runs or was not asked for. */
    public Optional<String> wireMissing() {
        return Optional.ofNullable(wireMissing);
    }

    /**
     * A sock_diag netlink socket of the second host's namespace (made there by the broker), now the caller's: the lab
     * follows the server's closed connections there with it (FIN_WAIT_2, TIME_WAIT); -1 when none came or it was
     * taken already.
     */
    public int takeSockDiag() {
        return keeper.takeHandedDescriptor();
    }

    /** The pid of the process that keeps the second host (the broker's name for it). */
    public int keeperPid() {
        return keeper.startedPid();
    }

    /**
     * Starts the endpoint program as {@code name} on the second host, its channel {@code control} (this program's end
     * stays here; the other end is closed by the caller once this returns).
     */
    public BrokerStarted startEndpoint(String name, int control) throws IOException {
        return broker.endpoint(name, keeper.startedPid(), control);
    }

    /**
     * One nft transaction on the lab's table in this host (labnet's {@code nft-in}: the broker's templates), so a rule
     * acts on what arrives here over the link; its exit status and stderr as {@link Broker#nft}'s.
     */
    public Process nft(List<String> operations) throws IOException {
        return broker.nftIn(keeper.startedPid(), operations);
    }

    /** The highest rate {@link #limitRate} takes, in kbit/s (10 Gbit/s). */
    public static final int MAX_KBIT = 10_000_000;

    /** The rate {@link #limitRate} last set, kbit/s; 0: no limit (as the link is made). */
    private volatile int rateKbit;

    /** The link's rate now, as {@link #limitRate} last set it: kbit/s, 0 for no limit. */
    public int rateKbit() {
        return rateKbit;
    }

    /**
     * Both ends of the link send at most {@code kbit} kbit/s (a token bucket, tbf: a burst of 16 KiB and a queue of 200 ms
     * at that rate; the broker sets it, this program holds no right to); 0 removes the limit. Refused with a
     * {@link LocalizedException} that says why in one line.
     */
    public void limitRate(int kbit) {
        if (kbit < 0 || kbit > MAX_KBIT)
            throw new LocalizedException("hosts.rate.bad", String.valueOf(kbit), String.valueOf(MAX_KBIT));
        try {
            HelperRun.Ran ran = HelperRun.finish(broker.link(keeper.startedPid(), kbit), "link", HELPER_LIMIT);
            if (!ran.succeeded()) throw new LocalizedException("hosts.rate.failed", ran.said());
            rateKbit = kbit;
        } catch (IOException e) {
            throw new LocalizedException("hosts.rate.failed", String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalizedException("hosts.rate.failed", "interrupted");
        }
    }

    /**
     * Removes the host (its link goes with it) and waits until the broker says it is gone: the host's keeper lives as
     * long as the host; told to end, it is awaited for the helpers' limit, then ended.
     */
    @Override
    @AwaitsLongLivedProgram
    public void close() {
        closeQuietly(orders);
        Process p = keeper.process();
        keeper.finish();
        try {
            if (!p.waitFor(HELPER_LIMIT.toNanos(), TimeUnit.NANOSECONDS)) p.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
        }
        closeQuietly(p);
    }

    private static void closeQuietly(@Nullable OutputStream stream) {
        try {
            if (stream != null) stream.close();
        } catch (IOException ignored) {
            // the wire is gone already
        }
    }

    /** The broker's pipes for the keeper's output (it writes nothing there once the host is made). */
    private static void closeQuietly(Process p) {
        try {
            p.getInputStream().close();
            p.getErrorStream().close();
        } catch (IOException ignored) {
            // nothing to do with a pipe that would not close
        }
    }

    private static String said(Process p) {
        try {
            return HelperRun.finish(p, "host", HELPER_LIMIT).err().strip();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
