package org.socketlab.ui.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.socketlab.capture.SecondHost;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.lab.Lab;
import org.socketlab.lab.LabHosts;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.ui.common.FxInbox;
import org.socketlab.ui.common.Texts;

/**
 * The Machines control without the toolkit (issue 40 item 3): its workers run on the caller's thread, the window's
 * bridge is a counter of wakes and a frame one {@code frame()}. The lab's move is the test's own future (the window's
 * resets onto the machines; LabNetworkHostsTest moves a real lab in a lab network).
 */
class MachinesViewModelTest {
    private static final Messages EN = Messages.of(Lang.EN), ES = Messages.of(Lang.ES);

    private final FxInbox inbox = new FxInbox((name, work) -> work.run());
    private final AtomicInteger wakes = new AtomicInteger();
    private final Texts texts = new Texts(Lang.EN);
    /** Where the test's lab is: two machines once a move to them completed. */
    private final AtomicBoolean onTwo = new AtomicBoolean();
    private final List<Integer> rates = new ArrayList<>();
    /** The moves asked for (null: one machine), and the one in progress. */
    private final List<LabHosts> moves = new ArrayList<>();
    private CompletableFuture<Object> move;

    private MachinesViewModel movable() {
        inbox.wakeWith(wakes::incrementAndGet);
        return new MachinesViewModel(null, onTwo::get, rates::add, texts, inbox, hosts -> {
            moves.add(hosts);
            move = new CompletableFuture<>();
            return move.thenApply(done -> {
                onTwo.set(hosts != null);
                return done;
            });
        });
    }

    private void frame() {
        inbox.drain();
    }

    @Test
    void withoutTheLabNetworkTheControlIsOffAndSaysWhyInBothLanguages() {
        try (Lab lab = Lab.withoutCapture()) { // this computer's network: no second machine can be made
            MachinesViewModel vm = new MachinesViewModel(lab, texts, inbox, hosts -> {
                throw new AssertionError("moved without a lab network");
            });
            assertFalse(vm.available());
            String en = vm.statusProperty().get();
            assertTrue(en.startsWith(EN.get("hosts.notPrivate", "").substring(0, 40)), en);
            vm.choose(true);
            assertFalse(vm.twoProperty().get());
            assertFalse(vm.busyProperty().get());
            texts.langProperty().set(Lang.ES);
            String es = vm.statusProperty().get();
            assertTrue(es.startsWith(ES.get("hosts.notPrivate", "").substring(0, 40)), es);
            assertNotEquals(en, es);
            assertNull(vm.wantedHosts());
        }
        MachinesViewModel noCalls = new MachinesViewModel(null, texts, inbox, hosts -> null);
        assertFalse(noCalls.available());
        assertEquals(ES.get("machines.ui.noLab"), noCalls.statusProperty().get());
    }

    @Test
    void twoMachinesResetOntoThemAndTheControlSaysWhereEachEndpointLives() {
        MachinesViewModel vm = movable();
        assertTrue(vm.available());
        assertEquals(EN.get("machines.ui.status.one"), vm.statusProperty().get());

        vm.choose(true);
        assertEquals(List.of(LabHosts.SERVER_APART), moves, "the session is reset onto the server apart");
        assertTrue(vm.busyProperty().get());
        assertEquals(EN.get("machines.ui.moving"), vm.statusProperty().get());
        vm.choose(false); // while it moves, nothing else is asked
        assertEquals(1, moves.size());

        move.complete("reset");
        assertFalse(vm.twoProperty().get(), "nothing changes off the FX thread's frame");
        assertTrue(wakes.get() > 0, "the move's end asked the bridge for a pulse");
        frame();
        assertTrue(vm.twoProperty().get());
        assertFalse(vm.busyProperty().get());
        String where = vm.statusProperty().get();
        assertTrue(where.contains(SecondHost.CLIENT_ADDRESS) && where.contains(SecondHost.SERVER_ADDRESS), where);
        assertEquals(LabHosts.SERVER_APART, vm.wantedHosts(), "a Reset all keeps two machines");

        vm.choose(false);
        assertEquals(2, moves.size());
        assertNull(moves.getLast(), "back to one machine");
        move.complete("reset");
        frame();
        assertFalse(vm.twoProperty().get());
        assertEquals(EN.get("machines.ui.status.one"), vm.statusProperty().get());
        assertNull(vm.wantedHosts());
    }

    @Test
    void aSecondMachineThatCannotBeMadeLeavesOneAndSaysWhy() {
        MachinesViewModel vm = movable();
        vm.choose(true);
        move.completeExceptionally(new LocalizedException("hosts.failed", "labnet: veth: EPERM"));
        frame();
        assertFalse(vm.twoProperty().get());
        assertFalse(vm.busyProperty().get());
        assertEquals(EN.get("hosts.failed", "labnet: veth: EPERM"), vm.statusProperty().get());
    }

    @Test
    void theRateIsKeptOnOneMachineAndSetOnTheLinkOnTwo() {
        MachinesViewModel vm = movable();
        vm.limitRate(2000);
        assertEquals(2000, vm.rateProperty().get());
        assertEquals(List.of(), rates, "no link on one machine");

        vm.choose(true);
        move.complete("reset");
        frame(); // moved: the kept rate goes to the link (the worker runs now, its outcome at the next frame)
        assertEquals(List.of(2000), rates);
        frame();
        String where = vm.statusProperty().get();
        assertTrue(where.contains("2000") && where.contains("tbf"), where);

        vm.limitRate(0);
        frame();
        assertEquals(List.of(2000, 0), rates, "no limit is set on the link too");
        assertEquals(EN.get("machines.ui.status.two", SecondHost.CLIENT_ADDRESS, SecondHost.SERVER_ADDRESS),
                vm.statusProperty().get());
    }

    @Test
    void aLessonRunsWhereItCanAndOneLineSaysWhyNot() {
        MachinesViewModel vm = movable();
        Lesson basics = LessonLoader.load("tcp-basics");
        Lesson declared = new Lesson(basics.id(), basics.title(), basics.summary(), basics.steps(), basics.questions(),
                basics.anyAddress(), basics.told(), LabHosts.SERVER_APART);
        // One machine: a lesson as it is; one whose file places it on two machines says to choose them.
        assertSame(basics, vm.place(basics));
        LocalizedException twoOnly = assertThrows(LocalizedException.class, () -> vm.place(declared));
        assertEquals("machines.ui.lessonTwoOnly", twoOnly.key());
        assertFalse(EN.text(twoOnly).contains("\n"));
        assertNotEquals(EN.text(twoOnly), ES.text(twoOnly));

        vm.choose(true);
        move.complete("reset");
        frame();
        // Two machines: moved as `run --two-hosts` moves it, or refused with its reason.
        Lesson moved = vm.place(basics);
        assertEquals(LabHosts.SERVER_APART, moved.hosts());
        assertTrue(moved.steps().stream().anyMatch(s -> s.address() != null
                && s.address().startsWith(SecondHost.SERVER_ADDRESS + ":")), moved.steps().toString());
        assertSame(declared, vm.place(declared));
        LocalizedException refused = assertThrows(LocalizedException.class,
                () -> vm.place(LessonLoader.load("multiple-clients")));
        assertEquals("lesson.twoHosts.endpoints", refused.key());
    }

    @Test
    void aTypedLinkValueIsAWholeNumberInRangeOrNothingChanges() {
        assertEquals(OptionalInt.of(200), MachinesViewModel.typedValue("200", 300));
        assertEquals(OptionalInt.of(200), MachinesViewModel.typedValue(" 200 ms ", 300));
        assertEquals(OptionalInt.of(5), MachinesViewModel.typedValue("5 %", 50));
        assertEquals(OptionalInt.of(0), MachinesViewModel.typedValue("0", 50));
        for (String bad : new String[]{"", "abc", "-5", "2.5", "301", "1e3", "200 s", "9999999"})
            assertTrue(MachinesViewModel.typedValue(bad, 300).isEmpty(), bad);
        assertTrue(MachinesViewModel.typedValue(null, 300).isEmpty());
    }

    @Test
    void aLessonForTheOtherModeIsOfferedAndRunsOnceTheLabHasMoved() {
        MachinesViewModel vm = movable();
        Lesson basics = LessonLoader.load("tcp-basics");
        Lesson declared = new Lesson(basics.id(), basics.title(), basics.summary(), basics.steps(), basics.questions(),
                basics.anyAddress(), basics.told(), LabHosts.SERVER_APART);
        // One machine: a lesson placed on two machines is offered two.
        assertTrue(vm.offerOtherMode(declared));
        assertEquals(new MachinesViewModel.ModeOffer(declared, true), vm.offerProperty().get());
        List<Lesson> ran = new ArrayList<>();
        vm.acceptOffer(ran::add);
        assertEquals(null, vm.offerProperty().get());
        assertEquals(List.of(), ran, "not before the move has ended");
        move.complete("reset");
        frame();
        assertTrue(vm.twoProperty().get());
        assertEquals(List.of(declared), ran);
        // Two machines: a lesson of three endpoints is offered one machine.
        Lesson fork = LessonLoader.load("fork-server");
        assertThrows(LocalizedException.class, () -> vm.place(fork));
        assertTrue(vm.offerOtherMode(fork));
        assertFalse(vm.offerProperty().get().toTwo());
        vm.dismissOffer();
        assertEquals(null, vm.offerProperty().get());
        // The words in both languages, by the lesson's title, with no command-line option in them.
        for (Messages m : List.of(EN, ES)) {
            String two = m.get("machines.ui.offer.two", declared.title().in(m == EN ? Lang.EN : Lang.ES));
            assertFalse(two.contains("--"), two);
            assertTrue(two.contains(declared.title().in(m == EN ? Lang.EN : Lang.ES)), two);
        }
        assertNotEquals(EN.get("machines.ui.offer.switchTwo"), ES.get("machines.ui.offer.switchTwo"));
    }
}
