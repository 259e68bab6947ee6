/**
 * The programs SocketLab starts to see the wire, between {@code kernel} and {@code lab}: on this computer's network,
 * loopback capture with tcpdump (started from an argument list, dying with SocketLab); the private lab network, its
 * broker and the lab's own capture it runs (labnet's, no tcpdump); and the hand-written pcap reader and writer; no
 * journal and no session here.
 */
@NullMarked
package org.socketlab.capture;

import org.jspecify.annotations.NullMarked;
