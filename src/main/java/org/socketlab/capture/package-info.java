/**
 * The programs SocketLab starts to see the wire, between {@code kernel} and {@code lab}: loopback capture with
 * tcpdump (started from an argument list, dying with SocketLab), the private lab network and its broker, and the
 * hand-written pcap reader and writer; no journal and no session here.
 */
@NullMarked
package org.socketlab.capture;

import org.jspecify.annotations.NullMarked;
