package org.socketlab.share;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.SequencedSet;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The rate limit on join codes: each client address may get the code wrong {@link Limits#perAddressBurst} times, then
 * once every {@link Limits#perAddressEvery}; all addresses together once every {@link Limits#globalEvery} after a
 * burst of {@link Limits#globalBurst}, so many addresses (IPv6 gives a client plenty) search no faster. An address over
 * its limit, or a new one while the global budget is spent, is refused before its code is even compared: its answer
 * tells nothing. An address that once gave the right code keeps its way in while a flood spends the global budget.
 */
public final class WrongCodes {
    /** How often codes may be got wrong. */
    public record Limits(int perAddressBurst, Duration perAddressEvery, int globalBurst, Duration globalEvery) {
        /** 10 tries, then one every 6 s per address; 40, then 4 a second for all: a typo costs a student nothing. */
        public static final Limits DEFAULT = new Limits(10, Duration.ofSeconds(6), 40, Duration.ofMillis(250));

        /** How long searching every code takes at the global limit (the fastest a guesser with many addresses goes). */
        public Duration wholeSpace() {
            return globalEvery.multipliedBy(JoinCode.space());
        }
    }

    /** What a request with a code is answered. */
    enum Verdict {
        RIGHT, WRONG, LIMITED
    }

    /** The most addresses remembered (each a bucket); beyond it, an address not yet seen is refused until some refill. */
    static final int MAX_ADDRESSES = 10_000;
    /** The most addresses that gave the right code, kept let in during a flood (the oldest forgotten first). */
    static final int MAX_KNOWN = 4_096;

    private final Limits limits;
    private final LongSupplier clock;
    private final Map<InetAddress, Bucket> buckets = new HashMap<>();
    private final SequencedSet<InetAddress> known = new LinkedHashSet<>();
    private final Bucket global;

    /** Tokens refilled over time; a wrong code spends one. */
    private static final class Bucket {
        private final int burst;
        private final long everyNs;
        private double tokens;
        private long atNs;

        Bucket(int burst, Duration every, long nowNs) {
            this.burst = burst;
            this.everyNs = every.toNanos();
            this.tokens = burst;
            this.atNs = nowNs;
        }

        void refill(long nowNs) {
            tokens = Math.min(burst, tokens + (double) (nowNs - atNs) / everyNs);
            atNs = nowNs;
        }

        boolean full() {
            return tokens >= burst;
        }
    }

    WrongCodes(Limits limits) {
        this(limits, System::nanoTime);
    }

    WrongCodes(Limits limits, LongSupplier clock) {
        this.limits = limits;
        this.clock = clock;
        this.global = new Bucket(limits.globalBurst(), limits.globalEvery(), clock.getAsLong());
    }

    /** Judges one request from {@code from} whose code was {@code right} or not, spending a try when it was wrong. */
    synchronized Verdict judge(InetAddress from, boolean right) {
        long now = clock.getAsLong();
        if (right && known.contains(from)) return Verdict.RIGHT;
        Bucket mine = bucket(from, now);
        global.refill(now);
        if (mine == null || mine.tokens < 1 || global.tokens < 1) return Verdict.LIMITED;
        if (right) {
            if (known.size() >= MAX_KNOWN) known.removeFirst();
            known.add(from);
            return Verdict.RIGHT;
        }
        mine.tokens -= 1;
        global.tokens -= 1;
        return Verdict.WRONG;
    }

    /** {@code from}'s bucket, refilled; null when too many addresses are remembered and none could be forgotten. */
    private @Nullable Bucket bucket(InetAddress from, long now) {
        Bucket b = buckets.get(from);
        if (b == null) {
            if (buckets.size() >= MAX_ADDRESSES) {
                buckets.values().forEach(each -> each.refill(now));
                buckets.values().removeIf(Bucket::full); // a full bucket is what a new one would be
                if (buckets.size() >= MAX_ADDRESSES) return null;
            }
            b = new Bucket(limits.perAddressBurst(), limits.perAddressEvery(), now);
            buckets.put(from, b);
        }
        b.refill(now);
        return b;
    }

    /** How long before {@code from} may try again, rounded up to whole seconds (a Retry-After). */
    synchronized long retryAfterSeconds(InetAddress from) {
        Bucket b = buckets.get(from);
        double missing = Math.max(b == null ? 0 : 1 - b.tokens, 1 - global.tokens);
        long everyNs = b == null || 1 - b.tokens < 1 - global.tokens ? global.everyNs : b.everyNs;
        return Math.max(1, (long) Math.ceil(missing * everyNs / 1e9));
    }
}
