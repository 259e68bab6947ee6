/**
 * The lab: endpoints (each a process of its own, with one worker thread here), the calls they make and the kernel and
 * wire observations they journal; it writes the {@code journal} below it. No toolkit; below it only {@code journal},
 * {@code capture}, {@code kernel} and {@code syscall}.
 */
@NullMarked
package org.socketlab.lab;

import org.jspecify.annotations.NullMarked;
