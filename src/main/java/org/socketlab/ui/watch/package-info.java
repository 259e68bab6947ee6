/**
 * File → Watch a program…: the dialog, the bar and the view-model that run a user's program under {@code trace}
 * into the window's own lab.
 */
package org.socketlab.ui.watch;
