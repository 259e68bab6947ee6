package org.socketlab.ui;

/** The desktop window (placeholder until the first window lands). */
public final class SocketLabApp {
    private SocketLabApp() {
    }

    public static void open(String[] args) {
        System.err.println("The window is not built yet.");
    }
}
