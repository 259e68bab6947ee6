package org.socketlab.capture;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.socketlab.syscall.Descriptors;

/**
 * A program the lab network's broker runs for one request, seen as a {@link Process}: its standard output and error
 * are pipes of this program, its exit status comes back on the request's reply socket, and {@link #destroy()} shuts
 * that socket, which makes the broker end the program (SIGTERM, then SIGKILL). When this program dies, the kernel
 * closes the socket and the broker ends the program the same way.
 */
final class BrokerProcess extends Process implements ContainedProcess, BrokerStarted {
    /** Terminated at our request, as a shell would say it: 128 + SIGTERM. */
    static final int DESTROYED = 143;
    /** The broker went away without an answer. */
    static final int NO_ANSWER = 125;

    private static final Descriptors CALLS = new Descriptors();

    private final InputStream out, err;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    /** The host pid of a contained program's init (-1 when there is none), from the reply's first four bytes. */
    private final CompletableFuture<Integer> init = new CompletableFuture<>();
    private final boolean contained;
    /** The descriptor the broker handed over with the pid (-1: none), until someone takes it. */
    private final CompletableFuture<Integer> handed = new CompletableFuture<>();
    private boolean handedTaken;
    private @Nullable NamespacePids pids;
    private final Thread waiter;
    private int reply;
    private boolean destroyed;

    private BrokerProcess(int reply, InputStream out, InputStream err, boolean contained) {
        this.contained = contained;
        if (!contained) init.complete(-1);
        if (!contained) handed.complete(-1);
        this.reply = reply;
        this.out = out;
        this.err = err;
        this.waiter = Thread.ofPlatform().daemon().name("socketlab-broker-reply").start(this::awaitStatus);
    }

    /**
     * Sends the request {@code words} with the reply socket, two pipes for the program's output and, after them, an
     * O_PATH descriptor of each of {@code places}; {@code contained}: the reply starts with the init's pid.
     */
    static BrokerProcess start(Broker broker, List<String> words, List<Path> places, boolean contained)
            throws IOException {
        return start(broker, words, places, new int[0], contained);
    }

    /** Likewise with {@code handed} (descriptors of this program's, sent after the places: an endpoint's channel). */
    static BrokerProcess start(Broker broker, List<String> words, List<Path> places, int[] handed, boolean contained)
            throws IOException {
        return start(broker, words, places, handed, contained, Outputs.PIPES);
    }

    /** How the program's standard output and error reach this program. */
    enum Outputs {
        /** Pipes, as a shell gives them (a student's program, strace, nft). */
        PIPES,
        /** Stream sockets, whose end {@link #endOutputs()} can call before the program has exited (a capture). */
        SOCKETS
    }

    /** Likewise, with the program's output on {@code outputs}. */
    static BrokerProcess start(Broker broker, List<String> words, List<Path> places, int[] handed, boolean contained,
            Outputs outputs) throws IOException {
        boolean sockets = outputs == Outputs.SOCKETS;
        Descriptors.Pair stdout = sockets ? CALLS.streamPair() : CALLS.pipe(),
                stderr = sockets ? CALLS.streamPair() : CALLS.pipe(), reply = CALLS.streamPair();
        InputStream out = null, err = null;
        List<Integer> opened = new ArrayList<>();
        try {
            if (sockets) {
                out = new SocketReadEnd(stdout.first());
                err = new SocketReadEnd(stderr.first());
            } else {
                // Opened again through /proc while our write ends still exist: a pipe opened so never waits for a writer.
                out = new FileInputStream("/proc/self/fd/" + stdout.first());
                err = new FileInputStream("/proc/self/fd/" + stderr.first());
            }
            for (Path p : places) opened.add(CALLS.openPath(p));
            int[] fds = new int[3 + opened.size() + handed.length];
            fds[0] = reply.second();
            fds[1] = stdout.second();
            fds[2] = stderr.second();
            for (int i = 0; i < opened.size(); i++) fds[3 + i] = opened.get(i);
            System.arraycopy(handed, 0, fds, 3 + opened.size(), handed.length);
            CALLS.send(broker.channel(), words, fds);
        } catch (IOException | RuntimeException e) {
            closeQuietly(out);
            closeQuietly(err);
            CALLS.close(reply.first());
            throw e instanceof IOException io ? io : new IOException(e);
        } finally {
            // The read ends of pipes were opened again above; a socket's is the stream's own.
            int[] ours = sockets
                    ? new int[]{stdout.second(), stderr.second(), reply.second()}
                    : new int[]{stdout.first(), stdout.second(), stderr.first(), stderr.second(), reply.second()};
            for (int fd : ours)
                CALLS.close(fd);
            for (int fd : opened) CALLS.close(fd);
        }
        return new BrokerProcess(reply.first(), out, err, contained);
    }

    /**
     * Ends this program's output and error streams here once what it wrote before is read, without waiting for it to
     * exit (only for {@link Outputs#SOCKETS}; pipes end when it exits). Its exit still comes to the broker, which reaps it.
     */
    void endOutputs() {
        if (out instanceof SocketReadEnd o) o.end();
        if (err instanceof SocketReadEnd e) e.end();
    }

    private void awaitStatus() {
        int fd;
        synchronized (this) {
            fd = reply;
        }
        if (contained) {
            // The init's pid, as four bytes in this machine's order (the broker is on the same machine).
            int pid = 0, first = -1;
            for (int i = 0; i < 4 && pid >= 0; i++) {
                int b;
                if (i == 0) {
                    // A host hands a descriptor over with its pid: read with the first byte, or it would be lost.
                    Descriptors.ByteAndDescriptor read = CALLS.readByteAndDescriptor(fd);
                    b = first = read.value();
                    handed.complete(read.descriptor());
                } else {
                    b = CALLS.readByte(fd);
                }
                pid = b < 0 ? -1 : pid | b << (8 * i);
            }
            init.complete(pid);
            if (pid < 0 && first >= 0) {
                // A refused request answers with its status only: that one byte was it.
                complete(first);
                return;
            }
        }
        complete(CALLS.readByte(fd));
    }

    /** The exit status from the byte read ({@code -1}: none came). */
    private void complete(int read) {
        int status = read;
        synchronized (this) {
            if (status < 0) status = destroyed ? DESTROYED : NO_ANSWER;
            CALLS.close(reply);
            reply = -1;
        }
        init.complete(-1); // no init came (a refused request): nothing to map
        handed.complete(-1);
        synchronized (this) {
            if (!handedTaken && handed.join() >= 0) CALLS.close(handed.join()); // never taken: not leaked
            handedTaken = true;
        }
        exit.complete(status);
    }

    @Override
    public Process process() {
        return this;
    }

    @Override
    public int initPid() {
        return init.join();
    }

    @Override
    public int startedPid() {
        return initPid();
    }

    @Override
    public synchronized int takeHandedDescriptor() {
        initPid();
        if (handedTaken) return -1;
        handedTaken = true;
        return handed.getNow(-1);
    }

    @Override
    public int hostPid(int pid) {
        int initPid = init.join();
        if (initPid <= 0) return -1;
        synchronized (this) {
            if (pids == null) pids = new NamespacePids(initPid);
            return pids.hostPid(pid);
        }
    }

    /** The thread that waits for the exit status; it ends when the program has. */
    Thread waiter() {
        return waiter;
    }

    @Override
    public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream getInputStream() {
        return out;
    }

    @Override
    public InputStream getErrorStream() {
        return err;
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            return exit.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            exit.get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public int exitValue() {
        Integer status = exit.getNow(null);
        if (status == null) throw new IllegalThreadStateException();
        return status;
    }

    /**
     * Asks the broker to end it, and lets its answer still come: shuts only this side's sending half of the reply socket
     * (the broker sees the end; a host it made is removed before it answers), where {@link #destroy()} shuts both.
     */
    @Override
    public synchronized void finish() {
        if (reply >= 0) CALLS.shutdownOutput(reply);
    }

    @Override
    public synchronized void destroy() {
        destroyed = true;
        if (reply >= 0) CALLS.shutdown(reply);
    }

    @Override
    public Process destroyForcibly() {
        destroy();
        return this;
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public CompletableFuture<Process> onExit() {
        return exit.thenApply(status -> this);
    }

    private static void closeQuietly(@Nullable InputStream in) {
        if (in == null) return;
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing more to do with a pipe we could not use
        }
    }
}
