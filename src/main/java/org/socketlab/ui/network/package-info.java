/**
 * The window's Network control: losing a segment on purpose during a live demo, in the private lab network only; its
 * view-model talks to the lab's drop rules, and nothing here touches nft or the host's network.
 */
package org.socketlab.ui.network;
