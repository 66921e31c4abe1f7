package org.nas4j;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package graph stays a graph that points one way (docs/architecture.md): no package cycle, and each layer
 * imports only the layers below it.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.nas4j");

  @Test
  void noPackageCycles() {
    slices().matching("org.nas4j.(**)").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void layersPointDown() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("cli").definedBy("org.nas4j.cli..")
        .layer("use cases").definedBy("org.nas4j.search..", "org.nas4j.bench..", "org.nas4j.pbt..",
            "org.nas4j.optimizers..", "org.nas4j.dashboard..")
        .layer("runner").definedBy("org.nas4j.runner..")
        .layer("reports").definedBy("org.nas4j.report..")
        .layer("search parts").definedBy("org.nas4j.optimize..", "org.nas4j.transfer..", "org.nas4j.train..",
            "org.nas4j.store..")
        .layer("building blocks").definedBy("org.nas4j.network..", "org.nas4j.data..")
        .layer("foundation").definedBy("org.nas4j", "org.nas4j.space..", "org.nas4j.evaluate..",
            "org.nas4j.engine..", "org.nas4j.util..")
        .whereLayer("cli").mayNotBeAccessedByAnyLayer()
        .whereLayer("use cases").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("runner").mayOnlyBeAccessedByLayers("cli", "use cases")
        .whereLayer("reports").mayOnlyBeAccessedByLayers("cli", "use cases")
        .whereLayer("search parts").mayOnlyBeAccessedByLayers("cli", "use cases", "runner", "reports")
        .whereLayer("building blocks").mayOnlyBeAccessedByLayers("cli", "use cases", "runner", "reports",
            "search parts")
        .check(MAIN);
  }
}
