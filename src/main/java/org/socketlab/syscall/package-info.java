/**
 * The real calls: FFM bindings to libc, errno, sockaddr layouts and the per-OS constant tables; it knows nothing
 * else of SocketLab (only {@code i18n}).
 */
@NullMarked
package org.socketlab.syscall;

import org.jspecify.annotations.NullMarked;
