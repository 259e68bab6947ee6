/**
 * Sharing with the room in the window (issue 80): the share dialog, the projector's panel (address, QR code, join code,
 * the room's answers beside the kernel's result) and their view-model, over {@code share}.
 */
package org.socketlab.ui.share;
