package org.socketlab.journal;

/**
 * One immutable entry of the journal: its place ({@code seq}, from 1), when it was recorded (monotonic
 * nanoseconds), which endpoint it belongs to ({@code client}, {@code client-2}, {@code server}, {@code external})
 * and what happened.
 */
public record Event(long seq, long atNs, String endpoint, Payload payload) {
    public String type() {
        return payload.type();
    }
}
