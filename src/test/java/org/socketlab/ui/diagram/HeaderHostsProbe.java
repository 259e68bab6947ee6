package org.socketlab.ui.diagram;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Lab;
import org.socketlab.lab.LabHosts;
import org.socketlab.lab.Request;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.TwoHosts;
import org.socketlab.lesson.predict.LessonPlayer;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.SockType;

/**
 * A test program run inside a lab network (LabNetworkHostsTest): the window's lab on two machines, as a student uses it
 * (issue 57, window review picture 19: a lesson's header lost the hosts). A live session on two machines, where the
 * server forks; then a lesson started as the window starts one (its machines chosen, every process ended, the session
 * cut, the lesson played). Prints each session's diagram header, one line per endpoint: "header ENDPOINT: HOST".
 */
public final class HeaderHostsProbe {
    private HeaderHostsProbe() {
    }

    public static void main(String[] args) throws Exception {
        Messages en = Messages.of(Lang.EN);
        try (Lab lab = Lab.capturingInBackground(Libc.forThisMachine())) {
            lab.awaitCapture();
            lab.useHosts(LabHosts.SERVER_APART);
            long from = lab.journal().size();
            Endpoint server = lab.server();
            server.call(new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).get(30, TimeUnit.SECONDS);
            lab.client().call(new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).get(30, TimeUnit.SECONDS);
            Endpoint child = lab.fork(server, "server-2").get(30, TimeUnit.SECONDS);
            print("live", lab.journal().after(from), List.of("client", "server", child.name()), en);
            // As the window starts a lesson on two machines (WindowLessons.run, SessionControl.resetFirst, cutSession).
            Lesson lesson = TwoHosts.rewrite(LessonLoader.load("two-machines"));
            lab.resetAll().get(30, TimeUnit.SECONDS);
            lab.useHosts(lesson.hosts());
            lab.observeKernelNow();
            long cut = lab.journal().size();
            LessonPlayer.play(lesson, lab);
            print("lesson", lab.journal().after(cut), List.of("client", "server"), en);
        }
    }

    private static void print(String session, List<Event> events, List<String> endpoints, Messages m) {
        DiagramModel model = new DiagramModel();
        model.append(events);
        for (String e : endpoints) System.out.println(session + " header " + e + ": " + model.hostOf(e, m));
    }
}
