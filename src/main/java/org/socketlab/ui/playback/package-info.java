/**
 * Playback of the journal at human speed: the cursor's model and the playback bar; replaying never makes a call.
 */
package org.socketlab.ui.playback;
