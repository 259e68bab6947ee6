package org.socketlab.share;

/**
 * The JDK HTTP server's own limits, which it reads from system properties once, when its first server is made: a
 * request's headers must arrive within 10 s (a client that opens a connection and sends a byte a minute holds nothing
 * long) and weigh at most 16 KiB, and at most 1200 connections are open at once (500 pages, each with its event
 * stream and one more). Set only where the user has not set them; only the share uses this server.
 */
final class JdkServerLimits {
    static final int MAX_CONNECTIONS = 1200;

    private JdkServerLimits() {
    }

    static synchronized void setOnce() {
        setUnlessGiven("sun.net.httpserver.maxReqTime", "10");
        setUnlessGiven("sun.net.httpserver.maxReqHeaderSize", "16384");
        setUnlessGiven("jdk.httpserver.maxConnections", String.valueOf(MAX_CONNECTIONS));
    }

    private static void setUnlessGiven(String name, String value) {
        if (System.getProperty(name) == null) System.setProperty(name, value);
    }
}
