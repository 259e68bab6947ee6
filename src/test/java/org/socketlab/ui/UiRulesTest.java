package org.socketlab.ui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.junit.jupiter.api.Test;
import org.socketlab.ui.common.Feature;
import org.socketlab.ui.common.FxInbox;
import org.socketlab.ui.shell.JournalBridge;
import org.socketlab.ui.shell.ShellViewModel;

/** The threading rule of docs/architecture.md, checked on the bytecode: one bridge, no scattered runLater, no waiting on calls. */
class UiRulesTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.socketlab");

    /**
     * {@code socketlab export --png}: no window, no journal worker, no bridge; the command line's own thread hands the
     * drawing to the headless FX thread and waits for the picture. The FX thread itself never waits there either.
     */
    private static final String COMMAND_LINE_PICTURE = "HeadlessDiagramPicture";

    @Test
    void theUiNeverUsesPlatformRunLater() {
        noClasses().that().resideInAPackage("org.socketlab.ui..").and().doNotHaveSimpleName(COMMAND_LINE_PICTURE)
                .should().callMethod(Platform.class, "runLater", Runnable.class)
                .because("events reach the FX thread only through the per-frame JournalBridge")
                .check(MAIN);
    }

    @Test
    void theUiNeverWaitsForACall() {
        noClasses().that().resideInAPackage("org.socketlab.ui..").and().doNotHaveSimpleName(COMMAND_LINE_PICTURE)
                .should().callMethod(CompletableFuture.class, "get")
                .orShould().callMethod(CompletableFuture.class, "get", long.class, TimeUnit.class)
                .orShould().callMethod(CompletableFuture.class, "join")
                .orShould().callMethod(Future.class, "get")
                .orShould().callMethod(Thread.class, "sleep", long.class)
                .because("the FX thread never blocks; results arrive through the journal")
                .check(MAIN);
    }

    /**
     * One inbox per window (issue 44 item 3): what other threads leave for the FX thread goes into the window's
     * {@link FxInbox}, which the bridge drains once per pulse; a view-model keeping a queue of its own would need a
     * drain and a wake of its own, and a missed wake shows nothing until an unrelated pulse.
     */
    @Test
    void onlyTheInboxAndTheBridgeQueueWorkForTheFxThread() {
        noClasses().that().resideInAPackage("org.socketlab.ui..").and().doNotBelongToAnyOf(FxInbox.class,
                JournalBridge.class)
                .should().callConstructor(ConcurrentLinkedQueue.class)
                .orShould().callConstructor(ConcurrentLinkedDeque.class)
                .because("the window's FxInbox is the one queue into the FX thread (the bridge queues journal events)")
                .check(MAIN);
    }

    @Test
    void theWindowMakesOneInbox() {
        noClasses().that().resideInAPackage("org.socketlab.ui..").and()
                .doNotBelongToAnyOf(ShellViewModel.class, FxInbox.class)
                .should().callConstructor(FxInbox.class)
                .orShould().callConstructor(FxInbox.class, FxInbox.Starter.class)
                .because("the composition root makes the window's one inbox and hands it to the view-models")
                .check(MAIN);
    }

    /** A window feature is one interface (issue 44 item 5): a new pane is wired as every other one is. */
    @Test
    void everyFeatureOfTheWindowIsAFeature() {
        classes().that().resideInAPackage("org.socketlab.ui..").and().haveSimpleNameEndingWith("Feature")
                .and().areNotInterfaces()
                .should().implement(Feature.class)
                .because("the session wires its panes through one contract: events, the playback's moment, older, view")
                .check(MAIN);
    }
}
