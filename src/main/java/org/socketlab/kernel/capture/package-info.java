/**
 * Loopback capture with tcpdump (started from an argument list, dying with SocketLab) and the hand-written pcap
 * reader and writer; no journal and no session here.
 */
package org.socketlab.kernel.capture;
