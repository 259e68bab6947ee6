/**
 * A user's own program run under the real strace: strace's output parsed and joined, its socket calls, states and
 * packets journaled as endpoints beside the lab's; no toolkit, and it does not use {@code lesson}.
 */
@NullMarked
package org.socketlab.trace;

import org.jspecify.annotations.NullMarked;
