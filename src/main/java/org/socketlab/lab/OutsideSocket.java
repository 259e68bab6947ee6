package org.socketlab.lab;

import org.jspecify.annotations.Nullable;
import org.socketlab.syscall.SockAddr;

/**
 * A socket of a program outside the lab that the lab is told about (a traced program's, see {@code trace}), so that
 * the packets it sends and receives on loopback are journaled under its {@code endpoint} like the lab's own, and a
 * connection between it and a lab socket is drawn between the two. {@code peer} is null for an unconnected socket;
 * {@code listening} for a TCP listener (it takes the SYNs sent to {@code local}).
 */
public record OutsideSocket(String endpoint, boolean tcp, SockAddr local, @Nullable SockAddr peer, boolean listening) {
}
