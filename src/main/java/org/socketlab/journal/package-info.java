/**
 * The journal in memory: the append-only, ordered log ({@code Journal}) of immutable events ({@code Event}) and their
 * payloads (calls, kernel states, segments, processes, lesson notes), the names it carries ({@code SafeName},
 * {@code HostName}), a call's words ({@code CallFormat}) and which socket an endpoint's fd names at a moment
 * ({@code SocketIdentities}, the one answer every view asks). Below {@code lab}, which writes it, and below every view,
 * which reads it: nothing here can reach an endpoint. Its file form is {@code journal.file}.
 */
@NullMarked
package org.socketlab.journal;

import org.jspecify.annotations.NullMarked;
