/**
 * The journal written another way (JSON Lines, Markdown transcript, SVG, pcap, PNG encoding) and read back ({@code
 * SavedJournal}); no toolkit, and nothing here makes a socket call.
 */
package org.socketlab.export;
