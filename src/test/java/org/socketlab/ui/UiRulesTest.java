package org.socketlab.ui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.junit.jupiter.api.Test;

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
}
