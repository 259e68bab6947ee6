package org.socketlab.ui.endpoint;

/** The text inputs of an endpoint pane that are validated as the user types. */
public enum InputField {
    ADDRESS, PORT, BACKLOG, PAYLOAD, BUFFER, OPTION_VALUE, POLL_TIMEOUT
}
