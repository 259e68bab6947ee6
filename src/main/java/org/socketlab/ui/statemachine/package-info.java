/**
 * The TCP state machine of RFC 9293 with each socket's state and last transition, as a control, skin, view and
 * view-model fed from the journal.
 */
package org.socketlab.ui.statemachine;
