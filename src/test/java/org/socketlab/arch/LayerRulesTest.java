package org.socketlab.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.socketlab.syscall.AwaitsLongLivedProgram;
import org.socketlab.syscall.HelperRun;

/**
 * The layers of docs/architecture.md, enforced on the compiled main classes. Dependencies point downwards only:
 * <pre>
 *   org.socketlab.Main (composition root: builds everything, may use cli and ui)
 *   ui, cli   the two front ends; cli never uses ui
 *   check     on trace, lesson, export, codegen, story, journal, lab, capture, kernel, syscall (a program judged
 *             against a check file; above lesson and trace, below cli)
 *   share     on lesson, export, story, journal, lab, capture, kernel, syscall (the live session served to the
 *             room's browsers; beside check, below cli and ui)
 *   lesson    on story, journal, lab, capture, kernel, syscall (lesson.predict plays a lesson, above it)
 *   export    on story, journal, capture, kernel, syscall (the journal painted for other readers)
 *   codegen   on story, journal, kernel, syscall (each endpoint's calls as a program)
 *   trace     on journal, lab, capture, kernel, syscall (a traced program journaled as the lab's endpoints are)
 *   story     on journal, kernel, syscall (the story every view paints, the socket table): beside lab, so no view
 *             can reach an endpoint
 *   lab       on journal, capture, kernel, syscall (the endpoints; it writes the journal)
 *   journal   on kernel, syscall (the journal's events in memory; journal.file: its JSON Lines form)
 *   capture   on kernel, syscall (the programs started to see the wire: tcpdump, pcap, the lab network)
 *   kernel    on syscall (what the kernel says: states, tables, rules; the lab journals it)
 *   syscall   on nothing of ours
 *   i18n      usable by every layer, depends on nothing of ours
 * Lesson, export, codegen and trace stand side by side: none uses another; so do check and share.
 * </pre>
 */
class LayerRulesTest {
    private static final String ROOT = "org.socketlab";
    private static final String[] GUI_TOOLKITS = {"javafx..", "atlantafx..", "org.controlsfx..", "org.kordamp.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(ROOT);
    }

    @Test
    void theImportSeesTheWholeProgram() {
        // Guards every rule below against passing vacuously (for example on a class file version ArchUnit cannot read).
        for (String name : new String[]{"org.socketlab.Main", "org.socketlab.syscall.Libc", "org.socketlab.lab.Lab",
                "org.socketlab.i18n.Messages", "org.socketlab.cli.Cli", "org.socketlab.ui.SocketLabApp",
                "org.socketlab.trace.TraceSession", "org.socketlab.check.CheckRun", "org.socketlab.capture.PcapStream",
                "org.socketlab.journal.file.JournalJsonl", "org.socketlab.story.Story",
                "org.socketlab.codegen.CodeGenerator", "org.socketlab.share.ShareServer"}) {
            assertTrue(classes.contain(name), "ArchUnit did not import " + name);
        }
    }

    @Test
    void layersOnlyDependDownwards() {
        ArchRule rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Main").definedBy(ROOT)
                .layer("UI").definedBy(ROOT + ".ui..")
                .layer("CLI").definedBy(ROOT + ".cli..")
                .layer("Check").definedBy(ROOT + ".check..")
                .layer("Share").definedBy(ROOT + ".share..")
                .layer("Lesson").definedBy(ROOT + ".lesson..")
                .layer("Export").definedBy(ROOT + ".export..")
                .layer("Codegen").definedBy(ROOT + ".codegen..")
                .layer("Trace").definedBy(ROOT + ".trace..")
                .layer("Story").definedBy(ROOT + ".story..")
                .layer("Journal").definedBy(ROOT + ".journal..")
                .layer("Lab").definedBy(ROOT + ".lab..")
                .layer("Capture").definedBy(ROOT + ".capture..")
                .layer("Kernel").definedBy(ROOT + ".kernel..")
                .layer("Syscall").definedBy(ROOT + ".syscall..")
                .layer("I18n").definedBy(ROOT + ".i18n..")
                .whereLayer("Main").mayNotBeAccessedByAnyLayer()
                .whereLayer("UI").mayOnlyBeAccessedByLayers("Main")
                .whereLayer("CLI").mayOnlyBeAccessedByLayers("Main", "UI")
                .whereLayer("Check").mayOnlyBeAccessedByLayers("Main", "UI", "CLI")
                .whereLayer("Check").mayOnlyAccessLayers("Lesson", "Export", "Codegen", "Trace", "Story", "Journal",
                        "Lab", "Capture", "Kernel", "Syscall", "I18n")
                .whereLayer("Share").mayOnlyBeAccessedByLayers("Main", "UI", "CLI")
                .whereLayer("Share").mayOnlyAccessLayers("Lesson", "Export", "Story", "Journal", "Lab", "Capture",
                        "Kernel", "Syscall", "I18n")
                .whereLayer("Lesson")
                .mayOnlyAccessLayers("Story", "Journal", "Lab", "Capture", "Kernel", "Syscall", "I18n")
                .whereLayer("Export").mayOnlyAccessLayers("Story", "Journal", "Capture", "Kernel", "Syscall", "I18n")
                .whereLayer("Codegen").mayOnlyAccessLayers("Story", "Journal", "Kernel", "Syscall", "I18n")
                .whereLayer("Trace").mayOnlyAccessLayers("Journal", "Lab", "Capture", "Kernel", "Syscall", "I18n")
                .whereLayer("Story").mayOnlyAccessLayers("Journal", "Kernel", "Syscall", "I18n")
                .whereLayer("Lab").mayOnlyAccessLayers("Journal", "Capture", "Kernel", "Syscall", "I18n")
                .whereLayer("Journal").mayOnlyAccessLayers("Kernel", "Syscall", "I18n")
                .whereLayer("Capture").mayOnlyAccessLayers("Kernel", "Syscall", "I18n")
                .whereLayer("Kernel").mayOnlyAccessLayers("Syscall", "I18n")
                .whereLayer("Syscall").mayOnlyAccessLayers("I18n")
                .whereLayer("I18n").mayNotAccessAnyLayer();
        rule.check(classes);
    }

    @Test
    void cliNeverUsesTheUi() {
        noClasses().that().resideInAPackage(ROOT + ".cli..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".ui..")
                .because("the command line must run where no toolkit can start")
                .check(classes);
    }

    @Test
    void onlyTheUiTouchesTheGuiToolkits() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".ui..")
                .should().dependOnClassesThat().resideInAnyPackage(GUI_TOOLKITS)
                .because(
                        "the engine, lessons, exports and command line run headless (docs/architecture.md: lab never imports javafx)")
                .check(classes);
    }

    @Test
    void theBottomLayersUseOnlyTheJdk() {
        classes().that().resideInAPackage(ROOT + ".syscall..")
                .should().onlyDependOnClassesThat() // JSpecify's annotations: for the compiler, not in the app-image
                .resideInAnyPackage(ROOT + ".syscall..", ROOT + ".i18n..", "java..", "org.jspecify.annotations..")
                .check(classes);
        classes().that().resideInAPackage(ROOT + ".i18n..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(ROOT + ".i18n..", "java..")
                .check(classes);
    }

    @Test
    void theUiNeverMakesACallItself() {
        // docs/architecture.md: ui never calls syscall directly; it asks the lab (which journals the call). Value types such as
        // Domain or SockType may be shown; the classes that make calls may not be touched.
        noClasses().that().resideInAPackage(ROOT + ".ui..")
                .should().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".syscall.Libc")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".syscall.SockAddrCodec")
                .check(classes);
    }

    @Test
    void everyProgramIsStartedThroughProcessStarts() {
        // syscall/ProcessStarts: a program started while a port is checked would hold it (EADDRINUSE at a lesson's bind).
        Set<String> callers = new TreeSet<>();
        for (JavaClass c : classes)
            for (var access : c.getCodeUnitAccessesFromSelf())
                if (access.getTargetOwner().getFullName().equals(ProcessBuilder.class.getName())
                        && access.getName().equals("start") && !topLevel(c).getSimpleName().equals("ProcessStarts"))
                    callers.add(topLevel(c).getName());
        assertTrue(callers.isEmpty(), "ProcessBuilder.start() outside syscall/ProcessStarts: " + callers);
    }

    @Test
    void everyWaitForAProgramIsAHelperRunOrSaysWhichLongLivedProgram() {
        // syscall/HelperRun: a timed waitFor after a read to the end could never fire (Strace -V, Netem, nft, tc). A
        // program that lives as long as what it serves (strace, tcpdump, a host's keeper) is awaited in a method that
        // says which, and why not as a helper's run (@AwaitsLongLivedProgram): named there, not by class name here.
        boolean inHelperRun = false;
        Set<String> named = new TreeSet<>(), unnamed = new TreeSet<>();
        for (JavaClass c : classes)
            for (JavaMethodCall call : c.getMethodCallsFromSelf())
                if (call.getTargetOwner().isAssignableTo(Process.class) && call.getName().equals("waitFor")) {
                    JavaCodeUnit origin = call.getOrigin();
                    if (topLevel(c).isEquivalentTo(HelperRun.class)) inHelperRun = true;
                    else
                        (origin.isAnnotatedWith(AwaitsLongLivedProgram.class) ? named : unnamed)
                                .add(origin.getFullName());
                }
        // Both kinds of wait are seen: the rule cannot pass by seeing none.
        assertTrue(inHelperRun && !named.isEmpty(), "waits not seen: HelperRun's " + inHelperRun + ", named " + named);
        assertTrue(unnamed.isEmpty(),
                "Process.waitFor outside HelperRun, in a method not @AwaitsLongLivedProgram: " + unnamed);
    }

    @Test
    void packagesHaveNoCycles() {
        // (**): every package is its own slice, so a cycle between a package and its sub-package (export and
        // export.story, lesson and lesson.predict once) is seen too, not only between top-level packages.
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void threadsCrossIntoTheFxThreadInOnePlace() {
        // docs/architecture.md: one bridge drains journal events once per frame; no scattered Platform.runLater.
        Set<String> callers = new TreeSet<>();
        for (JavaClass c : classes) {
            for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
                if (call.getTargetOwner().getFullName().equals("javafx.application.Platform")
                        && call.getName().equals("runLater")) {
                    callers.add(topLevel(c).getName());
                }
            }
        }
        assertTrue(callers.size() <= 1, "Platform.runLater is called from more than one place: " + callers);
    }

    private static JavaClass topLevel(JavaClass c) {
        JavaClass t = c;
        while (t.getEnclosingClass().isPresent()) t = t.getEnclosingClass().get();
        return t;
    }
}
