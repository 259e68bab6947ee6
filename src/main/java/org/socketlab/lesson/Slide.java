package org.socketlab.lesson;

/**
 * What presenter mode shows large for a step: a short title and one sentence, in both languages. Optional per step
 * ({@code "slide": {"title": {...}, "text": {...}}}).
 */
public record Slide(Text title, Text text) {
}
