package org.socketlab.capture;

import java.util.ArrayList;
import java.util.List;

/**
 * What SocketLab's own wire between the lab's two hosts does to the packets it carries (issue 55): per direction a
 * delay, a jitter, losses (at random, or in bursts), duplicates and reordering; a rate with a queue limit for both; and
 * the seed of its random draws, so the same seed and the same packets give the same fates. labnet's {@code host}
 * request takes them as fixed, range-checked numbers and hands them to the wire program ({@link #words()}). Their
 * bounds are stated once, in packaging/linux/link-settings.h, which the wire and labnet include: the constants here
 * are Java's copy of it, held to it by LinkSettingsAgreementTest (issue 76).
 *
 * @param toServer  what happens to packets from the first host (the client's) to the second (the server's)
 * @param toClient  what happens to packets the other way
 * @param rateKbit  both directions send at most this many kbit/s (0: as fast as the wire can)
 * @param seed      the seed of the wire's random draws
 */
public record LinkConditions(Way toServer, Way toClient, int rateKbit, long seed) {
    /** The longest delay or jitter, in microseconds (10 s). */
    public static final int MAX_DELAY_US = 10_000_000;
    /** A share as parts per million: 100 %. */
    public static final int ALL_PPM = 1_000_000;
    /** The longest average burst of losses, in packets. */
    public static final int MAX_BURST = 1000;
    /** How many packets may wait in each direction (in the delay and behind the rate). */
    public static final int QUEUE_LIMIT = 1000;
    /** The highest rate, in kbit/s (10 Gbit/s, as the token bucket's). */
    public static final int MAX_KBIT = SecondHost.MAX_KBIT;
    /** The highest seed: nine digits. */
    public static final int MAX_SEED = 999_999_999;

    /**
     * One direction of the link.
     *
     * @param delayUs      how long each packet takes to cross, in microseconds
     * @param jitterUs     each packet's delay varies by up to this much either way (uniformly), in microseconds; in
     *                     order unless reordering is asked
     * @param lossPpm      the share of packets lost, parts per million
     * @param burst        the average length of a burst of losses, in packets (1: each loss on its own)
     * @param duplicatePpm the share of packets that arrive twice
     * @param reorderPpm   the share of packets sent at once, ahead of those still in the delay (and jitter then may
     *                     reorder too)
     */
    public record Way(int delayUs, int jitterUs, int lossPpm, int burst, int duplicatePpm, int reorderPpm) {
        /** A direction that only carries. */
        public static final Way IDEAL = new Way(0, 0, 0, 1, 0, 0);

        public Way {
            check(delayUs, 0, MAX_DELAY_US, "delay");
            check(jitterUs, 0, MAX_DELAY_US, "jitter");
            check(lossPpm, 0, ALL_PPM, "loss");
            check(burst, 1, MAX_BURST, "burst");
            check(duplicatePpm, 0, ALL_PPM, "duplicate");
            check(reorderPpm, 0, ALL_PPM, "reorder");
        }

        /** Whether it does nothing to a packet but carry it. */
        public boolean ideal() {
            return delayUs == 0 && jitterUs == 0 && lossPpm == 0 && duplicatePpm == 0 && reorderPpm == 0;
        }

        private void words(List<String> into, int rateKbit) {
            for (int v : new int[]{delayUs, jitterUs, lossPpm, burst, duplicatePpm, reorderPpm, rateKbit, QUEUE_LIMIT})
                into.add(String.valueOf(v));
        }
    }

    public LinkConditions {
        check(rateKbit, 0, MAX_KBIT, "rate");
        if (seed < 0 || seed > MAX_SEED)
            throw new IllegalArgumentException("seed " + seed + " is outside 0-" + MAX_SEED);
    }

    /** A wire that only carries, with this seed. */
    public static LinkConditions ideal(long seed) {
        return new LinkConditions(Way.IDEAL, Way.IDEAL, 0, seed);
    }

    /** Whether the wire does nothing but carry (no rate either). */
    public boolean ideal() {
        return toServer.ideal() && toClient.ideal() && rateKbit == 0;
    }

    /**
     * The words of labnet's request after {@code host wire}: for each direction (to the server first) delay and
     * jitter in microseconds, loss in ppm, burst, duplicates and reordering in ppm, the rate in kbit/s and the queue
     * limit in packets; then the seed.
     */
    public List<String> words() {
        List<String> words = new ArrayList<>();
        toServer.words(words, rateKbit);
        toClient.words(words, rateKbit);
        words.add(Long.toString(seed));
        return List.copyOf(words);
    }

    private static void check(int value, int low, int high, String what) {
        if (value < low || value > high)
            throw new IllegalArgumentException(what + " " + value + " is outside " + low + "-" + high);
    }
}
