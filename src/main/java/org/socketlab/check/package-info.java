/**
 * Checking a student's program against a check file: the program run under trace in a sandbox, SocketLab playing its
 * clients or server, and each rule judged from the calls it really made; no toolkit, and nothing of {@code cli} or
 * {@code ui}.
 */
@NullMarked
package org.socketlab.check;

import org.jspecify.annotations.NullMarked;
