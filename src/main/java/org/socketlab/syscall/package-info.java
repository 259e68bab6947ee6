/**
 * The real calls: FFM bindings to libc, errno, sockaddr layouts and the per-OS constant tables, and the names of calls
 * and errnos the whole engine compares ({@code SysCall}, {@code Errno});
 * it knows nothing else of SocketLab (only {@code i18n}).
 */
@NullMarked
package org.socketlab.syscall;

import org.jspecify.annotations.NullMarked;
