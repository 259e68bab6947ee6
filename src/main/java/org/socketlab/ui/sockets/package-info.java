/**
 * The socket table: every endpoint's sockets followed from the journal alone (states, queues, hand-overs), its view
 * and view-model.
 */
package org.socketlab.ui.sockets;
