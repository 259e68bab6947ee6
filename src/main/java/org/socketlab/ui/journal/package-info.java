/**
 * The journal pane: the session's events as strace-like lines, its view and view-model.
 */
package org.socketlab.ui.journal;
