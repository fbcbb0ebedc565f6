package dev.pacer.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module dependency rules: the domain needs only the JDK, the application only the domain
 * (and SLF4J for its workers' logs), adapters never use each other, and each framework stays in
 * the one module made for it.
 */
@AnalyzeClasses(packages = "dev.pacer", importOptions = ImportOption.DoNotIncludeTests.class)
class DependencyRulesTest {

    @ArchTest
    static final ArchRule domainUsesOnlyTheJdk = classes()
            .that().resideInAPackage("dev.pacer.domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.pacer.domain..", "java..");

    @ArchTest
    static final ArchRule applicationUsesOnlyDomain = classes()
            .that().resideInAPackage("dev.pacer.application..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("dev.pacer.application..", "dev.pacer.domain..", "java..", "org.slf4j..");

    @ArchTest
    static final ArchRule adaptersAreIndependent = slices()
            .matching("dev.pacer.adapters.(*)..")
            .should().notDependOnEachOther();

    @ArchTest
    static final ArchRule coreDoesNotUseAdaptersOrBootstrap = noClasses()
            .that().resideInAnyPackage("dev.pacer.domain..", "dev.pacer.application..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.pacer.adapters..", "dev.pacer.bootstrap..");

    @ArchTest
    static final ArchRule adaptersDoNotUseBootstrap = noClasses()
            .that().resideInAPackage("dev.pacer.adapters..")
            .should().dependOnClassesThat().resideInAPackage("dev.pacer.bootstrap..");

    @ArchTest
    static final ArchRule guiceOnlyInBootstrap = noClasses()
            .that().resideOutsideOfPackage("dev.pacer.bootstrap..")
            .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..", "jakarta.inject..", "javax.inject..");

    @ArchTest
    static final ArchRule redissonOnlyInRedisAdapter = noClasses()
            .that().resideOutsideOfPackages("dev.pacer.adapters.redis..", "dev.pacer.bootstrap..")
            .should().dependOnClassesThat().resideInAPackage("org.redisson..");

    @ArchTest
    static final ArchRule javalinOnlyInHttpAdapter = noClasses()
            .that().resideOutsideOfPackages("dev.pacer.adapters.http..", "dev.pacer.bootstrap..")
            .should().dependOnClassesThat().resideInAPackage("io.javalin..");
}
