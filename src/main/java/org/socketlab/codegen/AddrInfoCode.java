package org.socketlab.codegen;

import java.util.Arrays;
import org.socketlab.i18n.Messages;

/**
 * getaddrinfo() in each language. C and Python make the session's call itself (node, service and hints) and print
 * its answer as the journal keeps it: {@code getaddrinfo() = 0 [{ai_family=AF_INET, ai_socktype=SOCK_STREAM,
 * ai_protocol=IPPROTO_TCP, ai_addr=0.0.0.0:5000}]}, or {@code getaddrinfo() = -2 EAI_NONAME (Name or service not
 * known)}. Java and Rust have only a resolver that calls getaddrinfo() underneath with hints of its own; where it
 * cannot make the session's call, the program says at that place which call the session made and why no line does.
 */
final class AddrInfoCode {
    private final Writer w;
    private final Messages m;

    AddrInfoCode(Writer w, Messages m) {
        this.w = w;
        this.m = m;
    }

    /** The C helpers that print an answer: after the includes' show(). */
    void cHelpers() {
        w.line("static const char *eai_name(int code) {");
        w.indent().line("switch (code) {");
        for (String eai : new String[]{"EAI_BADFLAGS", "EAI_NONAME", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA",
                "EAI_FAMILY", "EAI_SOCKTYPE", "EAI_SERVICE", "EAI_ADDRFAMILY", "EAI_MEMORY", "EAI_SYSTEM",
                "EAI_OVERFLOW"})
            w.line("case " + eai + ": return \"" + eai + "\";");
        w.line("default: return \"EAI_?\";");
        w.line("}");
        w.outdent().line("}");
        w.blank();
        w.comment(m.get("code.comment.addrinfoFn"));
        w.line("static int resolved(int code, const struct addrinfo *res) {");
        w.indent();
        w.line("if (code != 0) {");
        w.indent().line("printf(\"getaddrinfo() = %d %s (%s)\\n\", code, eai_name(code), gai_strerror(code));");
        w.line("fflush(stdout);").line("return code;").outdent().line("}");
        w.line("printf(\"getaddrinfo() = 0 [\");");
        w.line("for (const struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next) {");
        w.indent();
        w.line("char host[INET6_ADDRSTRLEN] = \"?\";");
        w.line("int port = 0, v6 = ai->ai_family == AF_INET6;");
        w.line("if (ai->ai_family == AF_INET) {");
        w.indent().line("const struct sockaddr_in *in = (const struct sockaddr_in *) (const void *) ai->ai_addr;");
        w.line("inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);");
        w.line("port = ntohs(in->sin_port);");
        w.outdent().line("} else if (v6) {");
        w.indent().line("const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *) (const void *) ai->ai_addr;");
        w.line("inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);");
        w.line("port = ntohs(in6->sin6_port);");
        w.outdent().line("}");
        w.line("printf(\"%s{ai_family=\", ai == res ? \"\" : \", \");");
        named("ai->ai_family", "AF_INET", "AF_INET6");
        w.line("printf(\", ai_socktype=\");");
        named("ai->ai_socktype", "SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW");
        w.line("printf(\", ai_protocol=\");");
        named("ai->ai_protocol", "IPPROTO_TCP", "IPPROTO_UDP");
        w.line("printf(\", ai_addr=%s%s%s:%d}\", v6 ? \"[\" : \"\", host, v6 ? \"]\" : \"\", port);");
        w.outdent().line("}");
        w.line("printf(\"]\\n\");");
        w.line("fflush(stdout);");
        w.line("return 0;");
        w.outdent().line("}");
        w.blank();
    }

    /** Prints {@code value} by its constant's name when it is one of {@code names}, else as a number. */
    private void named(String value, String... names) {
        StringBuilder line = new StringBuilder();
        for (String n : names)
            line.append("if (").append(value).append(" == ").append(n).append(") printf(\"")
                    .append(n).append("\");\n").append("else ");
        for (String l : (line + "printf(\"%d\", " + value + ");").split("\n")) w.line(l);
    }

    /** The C call: hints, the service as text when it is the port argument, the call, its answer, freeaddrinfo(). */
    void c(CodeScript.Step s, Op.GetAddrInfo g, CodeScript.Place service) {
        expected(s);
        long seq = s.seq();
        String hints = "hints_" + seq, res = "res_" + seq, text = "service_" + seq;
        w.line("struct addrinfo " + hints + " = { .ai_flags = " + g.flags().replace("|", " | ") + ", .ai_family = "
                + g.family() + ", .ai_socktype = " + g.socktype() + " };");
        w.line("struct addrinfo *" + res + " = NULL;");
        String serviceArg = g.service() == null ? "NULL" : CProgram.quoted(g.service());
        if (service != null) {
            w.line("char " + text + "[12];");
            w.line("snprintf(" + text + ", sizeof " + text + ", \"%d\", " + service.var() + ");");
            serviceArg = text;
        }
        // Two statements: C leaves the order of a call's arguments open, and res is read once getaddrinfo() filled it.
        w.line("int gai_" + seq + " = getaddrinfo(" + (g.node() == null ? "NULL" : CProgram.quoted(g.node())) + ", "
                + serviceArg + ", &" + hints + ", &" + res + ");");
        w.line("if (resolved(gai_" + seq + ", " + res + ") == 0)");
        w.indent().line("freeaddrinfo(" + res + ");").outdent();
    }

    /** Python's helpers: print a list as the journal does, or a socket.gaierror with its EAI_* name. */
    void pythonHelpers() {
        w.line("def resolved(res):");
        w.indent().comment(m.get("code.comment.addrinfoFn"));
        w.line("protocols = {socket.IPPROTO_TCP: \"IPPROTO_TCP\", socket.IPPROTO_UDP: \"IPPROTO_UDP\"}");
        w.line("items = []");
        w.line("for family, socktype, proto, _, sockaddr in res:");
        w.indent().line("host = f\"[{sockaddr[0]}]\" if family == socket.AF_INET6 else sockaddr[0]");
        w.line("items.append(f\"{{ai_family={getattr(family, 'name', family)}, "
                + "ai_socktype={getattr(socktype, 'name', socktype)}, "
                + "ai_protocol={protocols.get(proto, proto)}, ai_addr={host}:{sockaddr[1]}}}\")");
        w.outdent().line("print(\"getaddrinfo() = 0 [\" + \", \".join(items) + \"]\", flush=True)");
        w.outdent().blank().blank();
        w.line("def unresolved(e):");
        w.indent();
        w.line("name = next((n for n in dir(socket) if n.startswith(\"EAI_\") and getattr(socket, n) == e.errno), \"EAI_?\")");
        w.line("print(f\"getaddrinfo() = {e.errno} {name} ({e.strerror})\", flush=True)");
        w.outdent().blank().blank();
    }

    void python(CodeScript.Step s, Op.GetAddrInfo g, CodeScript.Place service) {
        expected(s);
        String hints = ", socket." + g.family() + ", " + (g.socktype().equals("0") ? "0" : "socket." + g.socktype())
                + ", 0, " + (g.flags().equals("0")
                        ? "0"
                        : String.join(" | ", Arrays.stream(g.flags().split("\\|"))
                                .map(f -> f.startsWith("0x") ? f : "socket." + f).toList()));
        w.line("try:");
        w.indent().line("resolved(socket.getaddrinfo(" + (g.node() == null ? "None" : Renderer.quoted(g.node())) + ", "
                + (service != null ? service.var() : g.service() == null ? "None" : Renderer.quoted(g.service()))
                + hints + "))");
        w.outdent().line("except socket.gaierror as e:");
        w.indent().line("unresolved(e)").outdent();
    }

    /** Java: InetAddress.getAllByName(node) where it is the same lookup; else why not, at this place. */
    void java(CodeScript.Step s, Op.GetAddrInfo g) {
        String why = javaCannot(g);
        if (why != null) {
            cannot(s, why);
            return;
        }
        w.remark(m.get("code.java.getaddrinfo"));
        expected(s);
        w.line("try {");
        w.indent().line("System.out.println(\"getaddrinfo() = 0 \" + java.util.Arrays.toString("
                + "java.net.InetAddress.getAllByName(" + Renderer.quoted(g.node()) + ")));");
        w.outdent().line("} catch (java.net.UnknownHostException e) {");
        w.indent().line("System.out.println(\"getaddrinfo() = \" + e);").outdent().line("}");
    }

    /** Rust: (node, port).to_socket_addrs() where it is the same lookup; else why not, at this place. */
    void rust(CodeScript.Step s, Op.GetAddrInfo g, CodeScript.Place service) {
        String why = rustCannot(g);
        if (why != null) {
            cannot(s, why);
            return;
        }
        w.remark(m.get("code.rust.getaddrinfo"));
        expected(s);
        w.line("match std::net::ToSocketAddrs::to_socket_addrs(&(" + Renderer.rustQuoted(g.node()) + ", "
                + (service != null ? service.var() : g.service() + "u16") + ")) {");
        w.indent().line("Ok(found) => println!(\"getaddrinfo() = 0 {:?}\", found.collect::<Vec<_>>()),");
        w.line("Err(e) => println!(\"getaddrinfo() = {}\", e),").outdent().line("}");
    }

    private String javaCannot(Op.GetAddrInfo g) {
        String resolver = "InetAddress.getAllByName()";
        if (g.node() == null) return m.get("code.noGetaddrinfo.nullNode", "Java", resolver);
        if (!g.plain()) return m.get("code.noGetaddrinfo.hints", "Java", resolver, hintsText(g));
        if (numeric(g.node())) return m.get("code.noGetaddrinfo.numeric", "Java", resolver);
        return null;
    }

    private String rustCannot(Op.GetAddrInfo g) {
        String resolver = "ToSocketAddrs";
        if (g.node() == null) return m.get("code.noGetaddrinfo.nullNode", "Rust", resolver);
        if (!g.plain() || !g.socktype().equals("SOCK_STREAM"))
            return m.get("code.noGetaddrinfo.hints", "Rust", resolver, hintsText(g));
        if (numeric(g.node())) return m.get("code.noGetaddrinfo.numeric", "Rust", resolver);
        if (g.service() == null || !g.service().matches("\\d{1,5}") || Integer.parseInt(g.service()) > 65535)
            return m.get("code.noGetaddrinfo.service", "Rust", resolver, String.valueOf(g.service()));
        return null;
    }

    /** A lookup that failed in the session, where a line makes it again: the program expects the failure. */
    private void expected(CodeScript.Step s) {
        if (s.result() != 0) w.remark(m.get("code.comment.getaddrinfoFailed", s.errnoName()));
    }

    private void cannot(CodeScript.Step s, String why) {
        w.remark(m.get("code.getaddrinfo.session", s.line()));
        w.remark(why);
    }

    private static String hintsText(Op.GetAddrInfo g) {
        return "ai_flags=" + g.flags() + ", ai_family=" + g.family();
    }

    /** An address written in numbers, which both resolvers parse themselves without getaddrinfo(). */
    private static boolean numeric(String node) {
        return node.matches("[0-9.]+") || node.contains(":");
    }
}
