package org.socketlab.lab;

import org.socketlab.i18n.LocalizedException;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.ShutdownHow;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;

/** One press of a button: exactly one real socket call on an endpoint. Inputs are checked when it is made. */
public sealed interface Request {
    /** Largest payload a student may send in one call. */
    int MAX_PAYLOAD = 1 << 20;

    /** The POSIX name of the call this request makes. */
    String call();

    record Socket(Domain domain, SockType type) implements Request {
        @Override public String call() { return "socket"; }
    }

    record Bind(int fd, SockAddr address) implements Request {
        @Override public String call() { return "bind"; }
    }

    record Listen(int fd, int backlog) implements Request {
        public Listen {
            if (backlog < 0 || backlog > 4096) throw new LocalizedException("input.backlog.invalid", String.valueOf(backlog));
        }
        @Override public String call() { return "listen"; }
    }

    record Accept(int fd) implements Request {
        @Override public String call() { return "accept"; }
    }

    record Connect(int fd, SockAddr address) implements Request {
        @Override public String call() { return "connect"; }
    }

    record Send(int fd, byte[] data) implements Request {
        public Send {
            checkPayload(data);
            data = data.clone();
        }
        @Override public byte[] data() { return data.clone(); }
        @Override public String call() { return "send"; }
    }

    record Recv(int fd, int capacity) implements Request {
        public Recv { checkCapacity(capacity); }
        @Override public String call() { return "recv"; }
    }

    record SendTo(int fd, byte[] data, SockAddr to) implements Request {
        public SendTo {
            checkPayload(data);
            data = data.clone();
        }
        @Override public byte[] data() { return data.clone(); }
        @Override public String call() { return "sendto"; }
    }

    record RecvFrom(int fd, int capacity) implements Request {
        public RecvFrom { checkCapacity(capacity); }
        @Override public String call() { return "recvfrom"; }
    }

    record Shutdown(int fd, ShutdownHow how) implements Request {
        @Override public String call() { return "shutdown"; }
    }

    record Close(int fd) implements Request {
        @Override public String call() { return "close"; }
    }

    /** setsockopt; for SO_LINGER a negative value turns lingering off, otherwise it is l_linger in seconds. */
    record SetSockOpt(int fd, SocketOption option, int value) implements Request {
        public SetSockOpt {
            if (option == SocketOption.SO_ERROR) throw new LocalizedException("input.option.readOnly", option.name());
            if ((option == SocketOption.SO_RCVBUF || option == SocketOption.SO_SNDBUF) && (value < 1 || value > 64 * MAX_PAYLOAD))
                throw new LocalizedException("input.buffer.invalid", String.valueOf(value));
        }
        @Override public String call() { return "setsockopt"; }
    }

    record GetSockOpt(int fd, SocketOption option) implements Request {
        @Override public String call() { return "getsockopt"; }
    }

    /** fcntl(fd, F_SETFL, O_NONBLOCK) or fcntl(fd, F_SETFL, 0). */
    record SetNonBlocking(int fd, boolean nonBlocking) implements Request {
        @Override public String call() { return "fcntl"; }
    }

    record GetSockName(int fd) implements Request {
        @Override public String call() { return "getsockname"; }
    }

    record GetPeerName(int fd) implements Request {
        @Override public String call() { return "getpeername"; }
    }

    /** The socket a request acts on; null for {@code socket()}, which makes one. */
    static Integer fdOf(Request request) {
        return switch (request) {
            case Request.Socket s -> null;
            case Request.Bind r -> r.fd();
            case Request.Listen r -> r.fd();
            case Request.Accept r -> r.fd();
            case Request.Connect r -> r.fd();
            case Request.Send r -> r.fd();
            case Request.Recv r -> r.fd();
            case Request.SendTo r -> r.fd();
            case Request.RecvFrom r -> r.fd();
            case Request.Shutdown r -> r.fd();
            case Request.Close r -> r.fd();
            case Request.SetSockOpt r -> r.fd();
            case Request.GetSockOpt r -> r.fd();
            case Request.SetNonBlocking r -> r.fd();
            case Request.GetSockName r -> r.fd();
            case Request.GetPeerName r -> r.fd();
        };
    }

    private static void checkPayload(byte[] data) {
        if (data.length > MAX_PAYLOAD) throw new LocalizedException("input.payload.tooLarge", data.length, MAX_PAYLOAD);
    }

    private static void checkCapacity(int capacity) {
        if (capacity < 1 || capacity > MAX_PAYLOAD) throw new LocalizedException("input.buffer.invalid", String.valueOf(capacity));
    }
}
