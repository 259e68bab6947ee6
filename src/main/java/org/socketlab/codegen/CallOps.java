package org.socketlab.codegen;

import static org.socketlab.codegen.CallArgs.bytes;
import static org.socketlab.codegen.CallArgs.enumOf;
import static org.socketlab.codegen.CallArgs.field;
import static org.socketlab.codegen.CallArgs.flags;
import static org.socketlab.codegen.CallArgs.intOf;
import static org.socketlab.codegen.CallArgs.optionValue;
import static org.socketlab.codegen.CallArgs.pollEvents;
import static org.socketlab.codegen.CallArgs.typeFlags;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.Protocol;
import org.socketlab.syscall.ShutdownHow;
import org.socketlab.syscall.SocketOption;
import org.socketlab.syscall.SysCall;

/** A journaled call as the {@link Op} a program makes: its arguments read back from the journal's text. */
final class CallOps {

    private CallOps() {
    }

    /** The Op a program makes for {@code r}, or null when the journaled call cannot be written as one. */
    static Op of(ScriptReader.Raw r, ScriptPlaces places) {
        Payload.Call c = r.call();
        Op.Sock s = r.life() == null ? null : r.life().sock;
        return switch (c.sysCall()) {
            case SOCKET -> new Op.Socket(s, r.life().domain, r.life().type,
                    enumOf(Protocol.class, c.arg(CallArg.PROTOCOL))
                            .orElse(Protocol.DEFAULT),
                    typeFlags(c.arg(CallArg.TYPE)));
            case SOCKETPAIR -> new Op.SocketPair(s, r.pairOther() == null ? null : r.pairOther().sock,
                    r.life().domain, r.life().type);
            case READ -> new Op.Read(s, intOf(c.arg(CallArg.LEN), 1024));
            case WRITE -> new Op.Write(s, bytes(c));
            case POLL -> new Op.Poll(s, r.polled().stream().map(l -> l.sock).toList(), pollEvents(c.arg(CallArg.FDS)),
                    intOf(c.arg(CallArg.TIMEOUT), 0));
            case SELECT -> {
                int highest = 0;
                Matcher fd = Pattern.compile("(\\d+)").matcher(c.arg(CallArg.READFDS, ""));
                while (fd.find()) highest = Math.max(highest, Integer.parseInt(fd.group(1)));
                String timeout = c.arg(CallArg.TIMEOUT, "NULL");
                yield new Op.Select(s, r.polled().stream().map(l -> l.sock).toList(),
                        intOf(c.arg(CallArg.NFDS), highest + 1) - highest,
                        timeout.equals("NULL")
                                ? -1
                                : (int) (field(timeout, "tv_sec=") * 1000 + field(timeout, "tv_usec=") / 1000));
            }
            case BIND ->
                places.addr(r.life().domain, c.arg(CallArg.ADDR)).map(ad -> (Op) new Op.Bind(s, ad)).orElse(null);
            case LISTEN -> new Op.Listen(s, intOf(c.arg(CallArg.BACKLOG), 128));
            case ACCEPT, ACCEPT4 -> new Op.Accept(s, r.made() == null ? null : r.made().sock,
                    c.is(SysCall.ACCEPT4) ? typeFlags(c.arg(CallArg.FLAGS)) : List.of(), givenAddrlen(c));
            case CONNECT ->
                places.addr(r.life().domain, c.arg(CallArg.ADDR)).map(ad -> (Op) new Op.Connect(s, ad)).orElse(null);
            case SEND -> new Op.Send(s, bytes(c), flags(c));
            case RECV -> new Op.Recv(s, intOf(c.arg(CallArg.LEN), 1024), flags(c));
            case SENDTO -> {
                if (r.reply()) yield new Op.ReplyTo(s, bytes(c), flags(c));
                String to = c.arg(CallArg.ADDR);
                if (to == null || to.equals("NULL")) yield new Op.SendTo(s, bytes(c), null, flags(c));
                yield places.addr(r.life().domain, to).map(ad -> (Op) new Op.SendTo(s, bytes(c), ad, flags(c)))
                        .orElse(null);
            }
            case RECVFROM -> new Op.RecvFrom(s, intOf(c.arg(CallArg.LEN), 1024), flags(c));
            case SHUTDOWN ->
                enumOf(ShutdownHow.class, c.arg(CallArg.HOW)).map(h -> (Op) new Op.Shutdown(s, h)).orElse(null);
            case CLOSE -> new Op.Close(s);
            case SETSOCKOPT -> enumOf(SocketOption.class, c.arg(CallArg.OPTION))
                    .map(o -> (Op) new Op.SetOption(s, o, optionValue(o, c.arg(CallArg.VALUE)))).orElse(null);
            case GETSOCKOPT ->
                enumOf(SocketOption.class, c.arg(CallArg.OPTION)).map(o -> (Op) new Op.GetOption(s, o)).orElse(null);
            case FCNTL -> new Op.SetNonBlocking(s, "O_NONBLOCK".equals(c.arg(CallArg.ARG)));
            case GETSOCKNAME -> new Op.GetSockName(s);
            case GETPEERNAME -> new Op.GetPeerName(s);
            case GETADDRINFO -> Op.GetAddrInfo.of(c);
            case FORK, WAITPID, SIGPROCMASK -> new Op.ProcessCall(c.call());
            case UNLINK -> new Op.Unlink(places.addr(Domain.AF_UNIX, c.arg(CallArg.PATH)).orElseThrow());
            case SIGNAL -> c.arg(CallArg.SIGNUM) == null || c.arg(CallArg.HANDLER) == null
                    ? null
                    : signal(c);
            case null, default -> null;
        };
    }

    /** The addrlen a session's accept passed in ({@code [4 => 16]}: 4), null when it passed the address's size. */
    private static @Nullable Integer givenAddrlen(Payload.Call c) {
        Matcher in = Pattern.compile("\\[(-?\\d+)").matcher(c.arg(CallArg.ADDRLEN, ""));
        return in.lookingAt() ? Integer.valueOf(in.group(1)) : null;
    }

    /** A signal's disposition; SIGCHLD's reaping handlers belong to the fork the programs do not make: a remark. */
    private static Op signal(Payload.Call c) {
        String handler = String.valueOf(c.arg(CallArg.HANDLER));
        if (handler.startsWith("reap_")) return new Op.ProcessCall(c.call());
        return new Op.Signal(String.valueOf(c.arg(CallArg.SIGNUM)), handler,
                "SA_RESTART".equals(c.arg(CallArg.SA_FLAGS)));
    }
}
