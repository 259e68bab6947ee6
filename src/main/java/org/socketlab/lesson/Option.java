package org.socketlab.lesson;

/**
 * One answer a student can choose. {@code claim} is what the option says the kernel will do, checked against the
 * journal; null only in a question whose right option the lesson file fixed (a question about ideas, not results).
 */
public record Option(Wording label, Claim claim) {
}
