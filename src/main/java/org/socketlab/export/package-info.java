/**
 * The journal written for other readers (Markdown transcript, SVG, pcap, PNG encoding), painted from the story; no
 * toolkit, and nothing here makes a socket call. The journal's own file (JSON Lines) is {@code journal}'s.
 */
@NullMarked
package org.socketlab.export;

import org.jspecify.annotations.NullMarked;
