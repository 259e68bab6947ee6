package org.socketlab.ui.diagram;

/** One vertical line of the diagram: an endpoint's program, or its kernel (the story's lifelines, see {@link DiagramModel}). */
public record Lifeline(String endpoint, Role role) {

    public enum Role {
        /** The program that makes the calls (our endpoint's worker). */
        PROGRAM,
        /** The endpoint's kernel: it answers calls and puts segments on the wire. */
        KERNEL
    }

    /** {@code external} is a kernel with no program of ours (the one that answers a refused connect with RST). */
    public static boolean hasProgram(String endpoint) {
        return org.socketlab.export.story.Lifeline.hasProgram(endpoint);
    }

    static Lifeline of(org.socketlab.export.story.Lifeline l) {
        return new Lifeline(l.endpoint(),
                l.role() == org.socketlab.export.story.Lifeline.Role.PROGRAM ? Role.PROGRAM : Role.KERNEL);
    }
}
