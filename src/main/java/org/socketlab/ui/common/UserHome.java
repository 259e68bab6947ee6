package org.socketlab.ui.common;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The user's home as the shell, GTK and SocketLab's launcher say it: {@code $HOME} when it is set to an absolute path
 * (a student may run the window with another HOME than the account's), else the account's home from the password
 * database ({@code user.home}: Java reads it from there, never from {@code $HOME}). The window's layout was kept under
 * the account's home while the launcher read the network choice under {@code $HOME}. On Windows {@code user.home} alone:
 * a HOME there belongs to a port of a Unix shell.
 */
public final class UserHome {
    private UserHome() {
    }

    /** This process's home, see the class. */
    public static Path ofThisProcess() {
        return of(System.getenv(), System.getProperty("os.name", ""));
    }

    static Path of(Map<String, String> env, String osName) {
        String home = env.get("HOME");
        boolean windows = osName.toLowerCase(Locale.ROOT).startsWith("windows");
        if (!windows && home != null && !home.isBlank() && Path.of(home).isAbsolute()) return Path.of(home);
        return Path.of(System.getProperty("user.home", "/"));
    }
}
