package org.socketlab.share;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The short code a student types to join: {@value #LENGTH} characters drawn by {@link SecureRandom} from an alphabet
 * without the look-alikes (no 0/O, 1/I/L), read aloud or off the projector. Checked in constant time, case-blind.
 */
public record JoinCode(String text) {
    /** Digits 2-9 and the capitals without I, L, O: what reads the same on any projector and any keyboard. */
    public static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public static final int LENGTH = 6;

    public JoinCode {
        if (text.length() != LENGTH || !text.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0))
            throw new IllegalArgumentException("not a join code: " + text);
    }

    /** A fresh code. */
    public static JoinCode random() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        return new JoinCode(sb.toString());
    }

    /** How many codes there are: what a guesser must search. */
    public static long space() {
        long n = 1;
        for (int i = 0; i < LENGTH; i++) n *= ALPHABET.length();
        return n;
    }

    /** Whether {@code typed} is this code (spaces around and letter case do not matter); in constant time. */
    public boolean matches(@Nullable String typed) {
        if (typed == null) return false;
        byte[] given = typed.strip().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, text.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return text;
    }
}
