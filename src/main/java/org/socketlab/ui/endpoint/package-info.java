/**
 * A client or server pane: the call buttons, their inputs and checks, and the view-model that hands each call to
 * the lab's endpoint; never a direct {@code syscall}.
 */
package org.socketlab.ui.endpoint;
