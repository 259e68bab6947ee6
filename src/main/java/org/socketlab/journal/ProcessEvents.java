package org.socketlab.journal;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The journal's events of the endpoints' processes ({@code process}): started, signalled, forked, ended, reaped. Its records are {@link Payload}'s, named as {@code Payload.X} everywhere ({@link Payload} extends this
 * holder, and a member type is inherited).
 */
public interface ProcessEvents {
    /**
     * An endpoint's process (journal format 2, issue 38): it {@link #STARTED} (its {@code pid} and what it is, the
     * {@code role}: {@code client}, {@code server}, {@code added-client}), SocketLab sent it a {@link #SIGNAL} with
     * kill(2) ({@code signal} and its name), or it {@link #EXITED}: with {@code code} when it called exit, or killed by
     * {@code signal} (the other null). Issue 39: it was {@link #FORKED} from {@code parentPid} (its own lifeline from
     * then on), inheriting the descriptors {@code inherited} (fd to socket inode: the same sockets as its parent's); an
     * ended child of another endpoint's process is a {@link #ZOMBIE} ({@code ps} state Z, read from {@code /proc})
     * until its parent's waitpid {@link #REAPED} it. Journals before issue 39 have neither field (null, empty).
     * Issue 79: a traced process {@link #EXECED} a program ({@code role}: its name, execve's file without its folder),
     * so a launcher that makes no socket call can be named; {@link #LAUNCHED} is never journaled, it is how the story
     * tells a process started by such a launcher ({@code role}: the launcher's name, null when said already; {@code
     * parentPid}: the nearest ancestor with a lane, null for none).
     * Also issue 79: a traced program's thread (clone with CLONE_THREAD) is no process: it {@link #THREAD} started in the
     * process {@code parentPid} ({@code pid} is its thread id) and shares that process's descriptors, so nothing is
     * inherited; its end is {@link #THREAD_ENDED}, with {@code code} when it called exit() itself (its function
     * returned, pthread_exit), null when it ended with its process (exit_group, a signal). Its endpoint is named by
     * {@link ThreadEndpoints}.
     */
    record Process(String event, int pid, @Nullable String role, @Nullable Integer code, @Nullable Integer signal,
            @Nullable String signalName, @Nullable Integer parentPid, Map<Integer, Long> inherited,
            @Nullable String host, @Nullable String address) implements Payload {
        public static final String STARTED = "started", SIGNAL = "signal", EXITED = "exited", FORKED = "forked",
                ZOMBIE = "zombie", REAPED = "reaped", EXECED = "execed", LAUNCHED = "launched",
                THREAD = "thread", THREAD_ENDED = "thread-ended";
        public static final String CLIENT = "client", SERVER = "server", ADDED_CLIENT = "added-client";

        public Process {
            inherited = inherited == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(inherited));
        }
        public Process(String event, int pid, @Nullable String role, @Nullable Integer code, @Nullable Integer signal,
                @Nullable String signalName) {
            this(event, pid, role, code, signal, signalName, null, Map.of());
        }
        public Process(String event, int pid, @Nullable String role, @Nullable Integer code, @Nullable Integer signal,
                @Nullable String signalName, @Nullable Integer parentPid, Map<Integer, Long> inherited) {
            this(event, pid, role, code, signal, signalName, parentPid, inherited, null, null);
        }
        /**
         * The same start on a host of a lab with two machines (issue 40): the host's name and its address on the link,
         * shown on the endpoint's lifelines; both null with one machine.
         */
        public Process on(@Nullable String host, @Nullable String address) {
            return new Process(event, pid, role, code, signal, signalName, parentPid, inherited, host, address);
        }
        public static Process started(int pid, String role) {
            return new Process(STARTED, pid, role, null, null, null);
        }
        public static Process signalled(int pid, int signal, String signalName) {
            return new Process(SIGNAL, pid, null, null, signal, signalName);
        }
        public static Process exited(int pid, int code) {
            return new Process(EXITED, pid, null, code, null, null);
        }
        public static Process killedBy(int pid, int signal, String signalName) {
            return new Process(EXITED, pid, null, null, signal, signalName);
        }
        /** The child {@code pid} of a fork() in {@code parentPid}, with the parent's descriptors (fd to inode). */
        public static Process forked(int pid, int parentPid, String role, Map<Integer, Long> inherited) {
            return new Process(FORKED, pid, role, null, null, null, parentPid, inherited);
        }
        /** The ended child {@code pid} waits for its parent {@code parentPid}'s waitpid (ps state Z). */
        public static Process zombie(int pid, int parentPid) {
            return new Process(ZOMBIE, pid, null, null, null, null, parentPid, Map.of());
        }
        /** Its parent's waitpid took the ended child's status: it is gone from the process table. */
        public static Process reaped(int pid, int parentPid, @Nullable Integer code, @Nullable Integer signal,
                @Nullable String signalName) {
            return new Process(REAPED, pid, null, code, signal, signalName, parentPid, Map.of());
        }
        /** The traced process {@code pid} now runs the program {@code name} (execve's file without its folder). */
        public static Process execed(int pid, String name) {
            return new Process(EXECED, pid, name, null, null, null);
        }
        /**
         * The process {@code pid} started by the launcher {@code launcher} (null: said already), which holds no socket
         * and has no lane; its nearest ancestor with a lane is {@code ancestorPid} (null: none).
         */
        public static Process launched(int pid, @Nullable String launcher, @Nullable Integer ancestorPid) {
            return new Process(LAUNCHED, pid, launcher, null, null, null, ancestorPid, Map.of());
        }
        /** The thread {@code tid} started in the process {@code pid}, sharing its descriptors (issue 79). */
        public static Process thread(int tid, int pid) {
            return new Process(THREAD, tid, null, null, null, null, pid, Map.of());
        }
        /**
         * The thread {@code tid} of the process {@code pid} ended: by its own exit() with {@code code}, or (null) with
         * its process. Its descriptors stay open: they are its process's.
         */
        public static Process threadEnded(int tid, int pid, @Nullable Integer code) {
            return new Process(THREAD_ENDED, tid, null, code, null, null, pid, Map.of());
        }
        /** Whether this starts or ends a thread rather than a process. */
        public boolean ofThread() {
            return THREAD.equals(event) || THREAD_ENDED.equals(event);
        }
        /** The role of an endpoint by its name: the server, the client, or a client added later ({@code client-2}). */
        public static String roleOf(String endpoint) {
            if (endpoint.startsWith("server")) return SERVER;
            return endpoint.equals("client") ? CLIENT : ADDED_CLIENT;
        }
        /**
         * Whether this is SocketLab's kill with a signal no lab process catches (SIGKILL, SIGTERM), so its end follows;
         * a process may live through another (a handler, SIG_IGN, SIGCHLD: issue 39), whose end, if any, is its own
         * {@link #EXITED}.
         */
        public boolean endingSignal() {
            return SIGNAL.equals(event) && ("SIGKILL".equals(signalName) || "SIGTERM".equals(signalName));
        }
        /** Whether it ended by a signal rather than by exit. */
        public boolean killed() {
            return EXITED.equals(event) && signal != null;
        }
        @Override
        public String type() {
            return "process";
        }
    }
}
