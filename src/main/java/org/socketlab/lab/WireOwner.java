package org.socketlab.lab;

/** What a packet seen on the wire is to the lab ({@link PacketOwners#ownerOf}). */
sealed interface WireOwner {
    WireOwner FOREIGN = new Foreign();

    /** One of the lab's connections: the endpoint that sent it and the one it went to ({@code external} if outside). */
    record Ours(String from, String to) implements WireOwner {
    }

    /**
     * A connection waiting in the accept queue of a lab listener, made by a program outside the lab: it becomes the lab's
     * only if the lab accepts it. {@code key} is its 4-tuple ({@link WireAddresses#connectionKey}).
     */
    record Queued(String key) implements WireOwner {
    }

    /** Another program's packet. */
    record Foreign() implements WireOwner {
    }
}
