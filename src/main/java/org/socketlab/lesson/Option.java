package org.socketlab.lesson;

import org.jspecify.annotations.Nullable;

/**
 * One answer a student can choose. {@code claim} is what the option says the kernel will do, checked against the
 * journal; null only in a question whose right option the lesson file fixed (a question about ideas, not results).
 */
public record Option(Wording label, @Nullable Claim claim) {
}
