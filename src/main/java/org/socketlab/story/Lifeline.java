package org.socketlab.story;

/** One vertical line of a sequence diagram: an endpoint's program, or its kernel. */
public record Lifeline(String endpoint, Role role) {

    public enum Role {
        /** The program that makes the calls (our endpoint's worker). */
        PROGRAM,
        /** The endpoint's kernel: it answers calls and puts segments on the wire. */
        KERNEL
    }

    /** {@code external} is a kernel with no program of ours (the one that answers a refused connect with RST). */
    public static boolean hasProgram(String endpoint) {
        return !endpoint.equals("external");
    }
}
