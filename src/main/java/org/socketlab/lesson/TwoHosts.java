package org.socketlab.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.socketlab.capture.SecondHost;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.LabHosts;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SysCall;

/**
 * A lesson run on two machines (issue 40, {@code run LESSON --two-hosts}): the server on the lab's second host, the
 * client on the first, their loopback address rewritten to each one's address on the link between them. Only a lesson
 * of one client and one server over IPv4 that drops no packets, and whose narration names no loopback where it is
 * moved (a step's {@code "two_hosts"} words replace its own there), can be moved so; any other is refused in one line
 * that says why.
 */
public final class TwoHosts {
    private static final String LOOPBACK = "127.0.0.1";
    private static final Set<String> ENDPOINTS = Set.of("client", "server");

    private TwoHosts() {
    }

    /**
     * The lesson with its addresses on the hosts' link: an address a step binds is its own endpoint's host's, one it
     * connects or sends to is the other's. Refused with a {@link LocalizedException} (one line) when the lesson is not
     * one client and one server over IPv4, or drops packets (its steps and sentences are written for one loopback).
     */
    public static Lesson rewrite(Lesson lesson) {
        if (lesson.onTwoHosts()) return lesson; // its own "hosts" already place it, its addresses name them
        Set<String> endpoints = new TreeSet<>();
        Set<String> families = new TreeSet<>();
        for (Step s : lesson.steps()) {
            if (s.kind() == Step.Kind.NETWORK)
                throw new LocalizedException("lesson.twoHosts.losses", lesson.id());
            if (s.endpoint() != null) endpoints.add(s.endpoint());
            if (s.handTo() != null) endpoints.add(s.handTo());
            if (s.domain() != null && s.domain() != Domain.AF_INET) families.add(s.domain().name());
            if (s.addressDomain() != null && s.addressDomain() != Domain.AF_INET)
                families.add(s.addressDomain().name());
        }
        if (!endpoints.equals(ENDPOINTS))
            throw new LocalizedException("lesson.twoHosts.endpoints", lesson.id(), String.join(", ", endpoints));
        if (!families.isEmpty())
            throw new LocalizedException("lesson.twoHosts.family", lesson.id(), String.join(", ", families));
        List<Step> moved = new ArrayList<>();
        for (Step s : lesson.steps()) {
            Step there = s.address() != null && s.address().startsWith(LOOPBACK + ":")
                    ? s.withAddress(hostOf(s) + s.address().substring(LOOPBACK.length()))
                    : s;
            Text words = s.narration().forTwoHosts();
            // A sentence about one loopback above a call on the link is false: the lesson says it for two machines
            // ("two_hosts" beside the narration's es and en) or is not moved.
            if (words.namesOneMachine())
                throw new LocalizedException("lesson.twoHosts.narration", lesson.id(), String.valueOf(s.number()));
            moved.add(there.withNarration(words));
        }
        moved.addAll(lesson.onTwoHostsOnly()); // written with the link's addresses already, numbered on
        return new Lesson(lesson.id(), lesson.title(), lesson.summary(), moved, lesson.questions(), lesson.anyAddress(),
                lesson.told(), LabHosts.SERVER_APART);
    }

    /** Where a lesson can run: on one machine only, on one or moved to two, or always on two (its own hosts). */
    public enum Fit {
        ONE_MACHINE, MOVES, ALWAYS_TWO
    }

    /** Where the lesson can run ({@link Fit}). */
    public static Fit fit(Lesson lesson) {
        if (lesson.onTwoHosts()) return Fit.ALWAYS_TWO;
        return accepts(lesson) ? Fit.MOVES : Fit.ONE_MACHINE;
    }

    /** Whether the lesson can run on two machines ({@link #rewrite} takes it). */
    public static boolean accepts(Lesson lesson) {
        try {
            rewrite(lesson);
            return true;
        } catch (LocalizedException refused) {
            return false;
        }
    }

    /** The host an address of this step names: its own for bind, the other endpoint's for connect and sendto. */
    private static String hostOf(Step s) {
        boolean server = "server".equals(s.endpoint());
        boolean own = s.is(SysCall.BIND);
        return server == own ? SecondHost.SERVER_ADDRESS : SecondHost.CLIENT_ADDRESS;
    }
}
