package org.socketlab.syscall;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.socketlab.syscall.CFunctions.captureIn;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.socketlab.i18n.LocalizedException;

/**
 * Starts the endpoint program with posix_spawn(3), its end of a new stream socketpair as descriptor
 * {@value EndpointChannel#CONTROL} and no environment; this program keeps the other end, close-on-exec.
 */
final class EndpointSpawn {

    private static final CFunctions FUNCTIONS = new CFunctions();
    private static final CFunctions.Downcall SPAWN = FUNCTIONS.declare("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final CFunctions.Downcall ACTIONS_INIT = FUNCTIONS.declare("posix_spawn_file_actions_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final CFunctions.Downcall ACTIONS_DUP2 = FUNCTIONS.declare("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final CFunctions.Downcall ACTIONS_DESTROY = FUNCTIONS.declare("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));

    /** The started process's pid and this program's end of its control channel. */
    record Spawned(int pid, int control) {
    }

    private EndpointSpawn() {
    }

    private static int spawn(MemorySegment cap, MemorySegment pidOut, MemorySegment path, MemorySegment actions,
            MemorySegment args, MemorySegment env) throws Throwable {
        return (int) SPAWN.handle().invokeExact(cap, pidOut, path, actions, MemorySegment.NULL, args, env);
    }

    /** Starts {@code program} as the endpoint {@code name} (argv: its title, its name, this program's pid). */
    static Spawned spawn(Libc libc, Path program, String name) {
        PlatformConstants c = libc.constants();
        Libc.PairResult pair = libc.socketpair(c.afUnix(), c.sockStream() | c.sockCloexec(), 0);
        if (pair.result().failed())
            throw new LocalizedException("lab.endpoint.failed", name, SysCall.SOCKETPAIR.journalName,
                    pair.result().errno());
        int ours = pair.fds()[0], theirs = pair.fds()[1];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(256, 8);
            MemorySegment pidOut = arena.allocate(JAVA_INT);
            String[] argv = {"socketlab: " + name, name, Long.toString(ProcessHandle.current().pid())};
            MemorySegment args = arena.allocate(ADDRESS, argv.length + 1);
            for (int i = 0; i < argv.length; i++)
                args.setAtIndex(ADDRESS, i, arena.allocateFrom(argv[i], StandardCharsets.UTF_8));
            args.setAtIndex(ADDRESS, argv.length, MemorySegment.NULL);
            MemorySegment env = arena.allocate(ADDRESS, 1);
            env.setAtIndex(ADDRESS, 0, MemorySegment.NULL);
            MemorySegment path = arena.allocateFrom(program.toString(), StandardCharsets.UTF_8);
            MemorySegment cap = captureIn(arena);
            int r = (int) ACTIONS_INIT.handle().invokeExact(cap, actions);
            if (r == 0) r = (int) ACTIONS_DUP2.handle().invokeExact(cap, actions, theirs, EndpointChannel.CONTROL);
            if (r == 0) r = ProcessStarts.starting(() -> spawn(cap, pidOut, path, actions, args, env));
            int ignored = (int) ACTIONS_DESTROY.handle().invokeExact(cap, actions);
            libc.close(theirs);
            if (r != 0) {
                libc.close(ours);
                throw new LocalizedException("lab.endpoint.failed", name, "posix_spawn", r + ignored);
            }
            return new Spawned(pidOut.get(JAVA_INT, 0), ours);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
