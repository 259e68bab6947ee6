/**
 * The lab: endpoints with one worker thread each, the append-only journal and its events, the kernel observer and
 * the wire capture's attribution of packets; no toolkit, and only {@code kernel} and {@code syscall} below it.
 */
@NullMarked
package org.socketlab.lab;

import org.jspecify.annotations.NullMarked;
