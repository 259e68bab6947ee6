package org.socketlab.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketlab.codegen.CodeGenerator;
import org.socketlab.codegen.CodeScript;
import org.socketlab.codegen.Language;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.ui.code.CodeViewModel;
import org.socketlab.ui.common.Texts;

/**
 * The code panel's cost per cursor move, on the FX thread in the window: a real session of about 10,000 events
 * (one connection, 2,000 send/recv pairs) is replayed by moving the cursor, and each move rewrites the current
 * endpoint's program in the language shown. Not part of the test run: {@code mvn -B test -Dtest=CodeBenchmark}.
 * A 60 Hz frame is 16.7 ms; a move during playback should take well under it.
 */
class CodeBenchmark {
    private static final int PAIRS = 2_000;

    @Test
    void cursorMovesOnATenThousandEventSession() throws Exception {
        List<Event> journal;
        try (Lab lab = Lab.withoutCapture()) {
            Endpoint server = lab.server(), client = lab.client();
            int port = LessonRunner.freePort();
            SockAddr addr = SockAddr.parse("127.0.0.1:" + port, Domain.AF_INET);
            int listener = (int) call(server, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM));
            call(server, new Request.Bind(listener, addr));
            call(server, new Request.Listen(listener, 5));
            int sock = (int) call(client, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM));
            call(client, new Request.Connect(sock, addr));
            int conn = (int) call(server, new Request.Accept(listener));
            byte[] hola = "hola".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < PAIRS; i++) {
                call(client, new Request.Send(sock, hola));
                call(server, new Request.Recv(conn, 4));
            }
            journal = lab.journal().snapshot();
        }
        System.out.printf("session: %d events%n", journal.size());

        Messages en = Messages.of(Lang.EN);
        long[] read = new long[20];
        CodeScript script = null;
        for (int i = 0; i < read.length; i++) {
            long t = System.nanoTime();
            script = CodeScript.of(journal);
            read[i] = System.nanoTime() - t;
        }
        System.out.printf("reading the journal as programs (CodeScript): median %.2f ms%n", median(read) / 1e6);
        for (Language l : Language.values()) {
            long[] ns = new long[20];
            for (int i = 0; i < ns.length; i++) {
                long t = System.nanoTime();
                CodeGenerator.program(l, script, "server", en);
                ns[i] = System.nanoTime() - t;
            }
            System.out.printf("whole session, server program in %s: median %.2f ms%n", l.title(), median(ns) / 1e6);
        }

        CodeViewModel vm = new CodeViewModel(new Texts(Lang.EN));
        vm.onEvents(journal);
        int moves = 300;
        long[] ns = new long[moves];
        for (int i = 0; i < moves; i++) {
            int upTo = journal.size() - moves + i; // the last moves of a replay: the longest prefixes
            List<Event> prefix = journal.subList(0, upTo);
            long t = System.nanoTime();
            vm.replay(prefix);
            ns[i] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        System.out.printf(
                "cursor move near the end of the session (the shown language's program): median %.2f ms, p95 %.2f ms, max %.2f ms%n",
                ns[moves / 2] / 1e6, ns[moves * 95 / 100] / 1e6, ns[moves - 1] / 1e6);
    }

    private static long call(Endpoint e, Request r) throws Exception {
        return ((Payload.Call) e.call(r).get(5, TimeUnit.SECONDS).payload()).result();
    }

    private static double median(long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
