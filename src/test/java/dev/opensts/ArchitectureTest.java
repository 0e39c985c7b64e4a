package dev.opensts;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.opensts.archfixture.adapter.kafka.KafkaThing;
import dev.opensts.archfixture.adapter.postgres.ReachesIntoKafka;
import dev.opensts.archfixture.app.UsesAdapter;
import dev.opensts.archfixture.config.Wiring;
import dev.opensts.archfixture.iam.CycleA;
import dev.opensts.archfixture.launcher.Launcher;
import dev.opensts.archfixture.policy.UsesQuarkus;
import dev.opensts.archfixture.policy.UsesView;
import dev.opensts.archfixture.view.Clean;
import dev.opensts.archfixture.view.UsesVertx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering of docs/architecture.md, enforced on the production classes.
 *
 * <p>Core ({@code arn, policy, iam, credentials, sigv4, text, error}) knows no framework and nothing outside the
 * core; the read model ({@code view}) knows the core (and Mutiny, to answer a waiting writer); the application
 * layer ({@code app}) knows the core and the view, Mutiny and logging, and defines the ports; each adapter knows the application layer, the view, the core and
 * its own technology, never another adapter nor the wiring; {@code settings} is a leaf; {@code config} wires
 * everything and nothing depends on it; the {@code launcher} (local Kafka and PostgreSQL for deploy/local/run.sh) is
 * an island. No package cycle. Each rule is a function of the root package, so the same rules are checked against
 * {@code dev.opensts.archfixture}, whose classes break each rule once, to show the rules can fail.
 */
class ArchitectureTest {

    static final String ROOT = "dev.opensts";

    /** Packages of the core, relative to the root. */
    static final List<String> CORE = List.of("arn", "policy", "iam", "credentials", "sigv4", "text", "error");

    /** What any class may use: the JDK's language, collections, time, I/O and text. */
    static final String[] JDK = {"java..", "javax.crypto.."};

    static String[] core(String root) {
        return CORE.stream().map(p -> root + "." + p + "..").toArray(String[]::new);
    }

    static String[] concat(String[]... parts) {
        return Stream.of(parts).flatMap(Stream::of).toArray(String[]::new);
    }

    /** Every rule, named, for the given root package. */
    static List<Named> rules(String root) {
        String[] core = core(root);
        return List.of(
                new Named("core knows only the JDK, the core and (for policy documents) Jackson",
                        classes().that().resideInAnyPackage(core)
                                .and().resideOutsideOfPackage(root + ".policy..")
                                .should().onlyDependOnClassesThat().resideInAnyPackage(concat(JDK, core))),
                new Named("policy knows only the JDK, the core and Jackson",
                        classes().that().resideInAPackage(root + ".policy..")
                                .should().onlyDependOnClassesThat().resideInAnyPackage(
                                        concat(JDK, core, new String[] {"com.fasterxml.jackson.."}))),
                new Named("the view knows only the JDK, the core, Mutiny and logging",
                        classes().that().resideInAPackage(root + ".view..")
                                .should().onlyDependOnClassesThat().resideInAnyPackage(concat(JDK, core,
                                        new String[] {root + ".view..", "io.smallrye.mutiny..", "org.jboss.logging.."}))),
                new Named("the application layer knows the core, the view, Mutiny and logging, no framework or adapter",
                        classes().that().resideInAPackage(root + ".app..")
                                .should().onlyDependOnClassesThat().resideInAnyPackage(concat(JDK, core, new String[] {
                                        root + ".view..", root + ".app..", "io.smallrye.mutiny..",
                                        "org.jboss.logging.."}))),
                new Named("an adapter knows no other adapter",
                        slices().matching(root + ".adapter.(*)..").should().notDependOnEachOther()),
                new Named("nothing but the wiring knows the wiring",
                        noClasses().that().resideOutsideOfPackage(root + ".config..")
                                .should().dependOnClassesThat().resideInAPackage(root + ".config..")),
                new Named("settings are a leaf",
                        classes().that().resideInAPackage(root + ".settings..")
                                .should().onlyDependOnClassesThat().resideInAnyPackage(concat(JDK, new String[] {
                                        root + ".settings..", "io.smallrye.config..",
                                        "org.eclipse.microprofile.config.."}))),
                new Named("the launcher is an island: it knows no other package of ours",
                        noClasses().that().resideInAPackage(root + ".launcher..")
                                .should().dependOnClassesThat(resideInAPackage(root + "..")
                                        .and(resideOutsideOfPackage(root + ".launcher..")))
                                .orShould().dependOnClassesThat().resideInAnyPackage(
                                        "io.quarkus..", "io.vertx..", "jakarta..")),
                new Named("nothing of ours knows the launcher",
                        noClasses().that().resideOutsideOfPackage(root + ".launcher..")
                                .should().dependOnClassesThat().resideInAPackage(root + ".launcher..")),
                new Named("no package cycle",
                        slices().matching(root + ".(**)").should().beFreeOfCycles()));
    }

    record Named(String name, ArchRule rule) {
        @Override
        public String toString() {
            return name;
        }
    }

    static JavaClasses production;

    @BeforeAll
    static void importProduction() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(ROOT);
    }

    static List<Named> productionRules() {
        return rules(ROOT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("productionRules")
    void the_production_classes_keep(Named rule) {
        rule.rule().check(production);
    }

    @Test
    void the_import_saw_every_layer() {
        assertThat(production.stream().map(c -> c.getPackageName()).distinct())
                .as("classes were imported from each layer, so an empty import cannot pass the rules")
                .contains(ROOT + ".policy", ROOT + ".iam", ROOT + ".view", ROOT + ".app.sts",
                        ROOT + ".adapter.kafka", ROOT + ".adapter.postgres", ROOT + ".adapter.http",
                        ROOT + ".config", ROOT + ".settings", ROOT + ".launcher");
    }

    @Test
    void every_package_says_what_it_owns_and_may_import() throws IOException {
        var main = Path.of("src", "main", "java");
        try (var dirs = Files.walk(main)) {
            var withoutPackageInfo = dirs.filter(Files::isDirectory)
                    .filter(d -> hasJava(d) && !Files.exists(d.resolve("package-info.java")))
                    .map(main::relativize).map(Object::toString).toList();
            assertThat(withoutPackageInfo).as("packages without a package-info.java").isEmpty();
        }
    }

    private static boolean hasJava(Path dir) {
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same rules against classes written to break them: each rule fails on its breach and only there. */
    @Nested
    class The_rules_can_fail {

        static final String FIXTURE = "dev.opensts.archfixture";

        EvaluationResult evaluate(String name, Class<?>... classes) {
            ArchRule rule = rules(FIXTURE).stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow().rule();
            return rule.evaluate(new ClassFileImporter().importClasses(classes));
        }

        @Test
        void core_using_a_framework_or_the_view() {
            assertThat(evaluate("policy knows only the JDK, the core and Jackson", UsesQuarkus.class).hasViolation())
                    .isTrue();
            assertThat(evaluate("policy knows only the JDK, the core and Jackson", UsesView.class, Clean.class)
                    .hasViolation()).isTrue();
        }

        @Test
        void the_view_using_vertx() {
            assertThat(evaluate("the view knows only the JDK, the core, Mutiny and logging", UsesVertx.class).hasViolation())
                    .isTrue();
            assertThat(evaluate("the view knows only the JDK, the core, Mutiny and logging", Clean.class).hasViolation())
                    .isFalse();
        }

        @Test
        void the_application_layer_using_an_adapter() {
            assertThat(evaluate("the application layer knows the core, the view, Mutiny and logging, no framework"
                    + " or adapter", UsesAdapter.class, KafkaThing.class).hasViolation()).isTrue();
        }

        @Test
        void one_adapter_using_another() {
            assertThat(evaluate("an adapter knows no other adapter", ReachesIntoKafka.class, KafkaThing.class)
                    .hasViolation()).isTrue();
            assertThat(evaluate("an adapter knows no other adapter", KafkaThing.class).hasViolation()).isFalse();
        }

        @Test
        void a_class_using_the_wiring() {
            assertThat(evaluate("nothing but the wiring knows the wiring", UsesAdapter.class, Wiring.class)
                    .hasViolation()).isFalse();
            assertThat(evaluate("nothing but the wiring knows the wiring", KafkaThing.class, Wiring.class)
                    .hasViolation()).isTrue();
        }

        @Test
        void the_launcher_using_the_product() {
            assertThat(evaluate("the launcher is an island: it knows no other package of ours", Launcher.class,
                    Clean.class).hasViolation()).isTrue();
        }

        @Test
        void a_cycle() {
            assertThat(evaluate("no package cycle", CycleA.class, dev.opensts.archfixture.policy.CycleB.class)
                    .hasViolation()).isTrue();
            assertThat(evaluate("no package cycle", Clean.class, UsesVertx.class).hasViolation()).isFalse();
        }
    }
}
