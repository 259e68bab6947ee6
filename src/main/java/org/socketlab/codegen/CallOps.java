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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        Map<String, String> a = c.args();
        Op.Sock s = r.life() == null ? null : r.life().sock;
        return switch (c.sysCall()) {
            case SOCKET -> new Op.Socket(s, r.life().domain, r.life().type,
                    enumOf(Protocol.class, a.get("protocol"))
                            .orElse(Protocol.DEFAULT),
                    typeFlags(a.get("type")));
            case SOCKETPAIR -> new Op.SocketPair(s, r.pairOther() == null ? null : r.pairOther().sock,
                    r.life().domain, r.life().type);
            case READ -> new Op.Read(s, intOf(a.get("len"), 1024));
            case WRITE -> new Op.Write(s, bytes(c));
            case POLL -> new Op.Poll(s, r.polled().stream().map(l -> l.sock).toList(), pollEvents(a.get("fds")),
                    intOf(a.get("timeout"), 0));
            case SELECT -> {
                int highest = 0;
                Matcher fd = Pattern.compile("(\\d+)").matcher(a.getOrDefault("readfds", ""));
                while (fd.find()) highest = Math.max(highest, Integer.parseInt(fd.group(1)));
                String timeout = a.getOrDefault("timeout", "NULL");
                yield new Op.Select(s, r.polled().stream().map(l -> l.sock).toList(),
                        intOf(a.get("nfds"), highest + 1) - highest,
                        timeout.equals("NULL")
                                ? -1
                                : (int) (field(timeout, "tv_sec=") * 1000 + field(timeout, "tv_usec=") / 1000));
            }
            case BIND -> places.addr(r.life().domain, a.get("addr")).map(ad -> (Op) new Op.Bind(s, ad)).orElse(null);
            case LISTEN -> new Op.Listen(s, intOf(a.get("backlog"), 128));
            case ACCEPT, ACCEPT4 -> new Op.Accept(s, r.made() == null ? null : r.made().sock,
                    c.is(SysCall.ACCEPT4) ? typeFlags(a.get("flags")) : List.of());
            case CONNECT ->
                places.addr(r.life().domain, a.get("addr")).map(ad -> (Op) new Op.Connect(s, ad)).orElse(null);
            case SEND -> new Op.Send(s, bytes(c), flags(a));
            case RECV -> new Op.Recv(s, intOf(a.get("len"), 1024), flags(a));
            case SENDTO -> {
                if (r.reply()) yield new Op.ReplyTo(s, bytes(c), flags(a));
                String to = a.get("addr");
                if (to == null || to.equals("NULL")) yield new Op.SendTo(s, bytes(c), null, flags(a));
                yield places.addr(r.life().domain, to).map(ad -> (Op) new Op.SendTo(s, bytes(c), ad, flags(a)))
                        .orElse(null);
            }
            case RECVFROM -> new Op.RecvFrom(s, intOf(a.get("len"), 1024), flags(a));
            case SHUTDOWN ->
                enumOf(ShutdownHow.class, a.get("how")).map(h -> (Op) new Op.Shutdown(s, h)).orElse(null);
            case CLOSE -> new Op.Close(s);
            case SETSOCKOPT -> enumOf(SocketOption.class, a.get("option"))
                    .map(o -> (Op) new Op.SetOption(s, o, optionValue(o, a.get("value")))).orElse(null);
            case GETSOCKOPT ->
                enumOf(SocketOption.class, a.get("option")).map(o -> (Op) new Op.GetOption(s, o)).orElse(null);
            case FCNTL -> new Op.SetNonBlocking(s, "O_NONBLOCK".equals(a.get("arg")));
            case GETSOCKNAME -> new Op.GetSockName(s);
            case GETPEERNAME -> new Op.GetPeerName(s);
            case GETADDRINFO -> Op.GetAddrInfo.of(a);
            case FORK, WAITPID -> new Op.ProcessCall(c.call());
            case UNLINK -> new Op.Unlink(places.addr(Domain.AF_UNIX, a.get("path")).orElseThrow());
            case SIGNAL -> a.get("signum") == null || a.get("handler") == null
                    ? null
                    : new Op.Signal(a.get("signum"), a.get("handler"), "SA_RESTART".equals(a.get("sa_flags")));
            case null, default -> null;
        };
    }
}
