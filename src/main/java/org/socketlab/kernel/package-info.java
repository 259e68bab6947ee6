/**
 * What the kernel says about sockets (TCP states, /proc/net and sock_diag readings, the inference rules for deduced
 * segments), with no notion of a lab session; it uses only {@code syscall}.
 */
@NullMarked
package org.socketlab.kernel;

import org.jspecify.annotations.NullMarked;
