/**
 * The journal on disk, between {@code lab} and {@code story}: its JSON Lines form (written and read,
 * {@code JournalJsonl}), written as it grows ({@code JournalFile}) and opened again, streamed, to be replayed or exported
 * ({@code SavedJournal}, with {@code JournalLineCheck}'s quick yes). The journal in memory (its events, their
 * payloads, the append-only log) is {@code lab}'s, which writes it; no toolkit, and nothing here makes a socket call.
 */
@NullMarked
package org.socketlab.journal.file;

import org.jspecify.annotations.NullMarked;
