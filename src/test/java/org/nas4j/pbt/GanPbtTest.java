package org.nas4j.pbt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.data.DataOptions;
import org.nas4j.data.DataSplit;
import org.nas4j.pbt.space.GanNetworks;
import org.nas4j.pbt.space.GanSpace;
import org.nas4j.space.Architecture;
import org.nas4j.train.FdClassifier;
import org.nas4j.train.Recipe;
import org.nas4j.train.TrainData;

/** The GAN task on the bundled digits (8x8 grey): a short PBT run, the fitness, and mixing of both networks. */
class GanPbtTest {
  static TrainData data;
  @TempDir static Path cache;

  @BeforeAll
  static void load() {
    data = TrainData.from(DataSplit.load("digits", DataOptions.defaults().withSeed(1).withTrainLimit(1000).withValidLimit(200)));
  }

  static PrintStream quiet() {
    return new PrintStream(java.io.OutputStream.nullOutputStream());
  }

  static GanSettings settings() {
    return new GanSettings(16, cache, 3, 200);
  }

  static PbtConfig config(Variant v) {
    return PbtConfig.defaults(v, 3)
        .withSchedule(8, 2, 8, PbtConfig.StepUnit.BATCHES)
        .withSpace("gan")
        .withNetwork(1, 1, 8)
        .withTrain(new Recipe(32, 2e-4, 0.9, 0, false, false))
        .withWorkers(2);
  }

  @Test
  void shortGanPbtRunHasValidLineageExportsAGeneratorAndResumesAfterAKill(@TempDir Path dir) throws Exception {
    PbtSearch killed = new PbtSearch(config(Variant.PBT_NAS), data, dir, quiet(), settings());
    killed.killAfterMembers(11);
    assertThrows(IllegalStateException.class, killed::run, "simulated kill in step 2");
    PbtSearch search = new PbtSearch(config(Variant.PBT_NAS), data, dir, quiet(), settings());
    PbtSearch.Result r = search.run();
    assertTrue(r.fd() > 0 && Double.isFinite(r.fd()), "an FD-classifier: " + r);
    assertTrue(r.classifierScore() >= 1 && r.classifierScore() <= 10, "score in [1, classes]: " + r);
    List<PbtSearch.PopulationFile> pops = search.populations();
    assertEquals(3, pops.size(), "population files 0..2");
    // after step 1 the bottom 2 of 8 slots hold children of two of the top 2 members
    List<PbtSearch.StepFitness> step1 = search.results(1);
    assertEquals(8, step1.size());
    Set<Integer> top = step1.stream().sorted((a, b) -> Double.compare(b.fitness(), a.fitness())).limit(2)
        .map(PbtSearch.StepFitness::member).collect(Collectors.toSet());
    List<Member> children = pops.get(1).members().stream().filter(m -> m.born() == 1).toList();
    assertEquals(2, children.size());
    for (Member c : children) {
      assertTrue(top.contains(c.base()) && top.contains(c.donor()) && c.base() != c.donor(), "parents from the top: " + c);
      assertEquals("mix", c.kind());
      GanSpace.INSTANCE.parse(c.architecture());
    }
    for (String f : List.of("lineage.png", "fitness.png", "fitness.csv", "lineage.csv", "result.json", "samples.png",
        "samples/step-1.png", "samples/step-2.png", GanModel.JSON, GanModel.WEIGHTS)) {
      assertTrue(Files.size(dir.resolve(f)) > 0, f);
    }
    GanModel g = GanModel.load(dir);
    assertEquals(r.architecture(), g.architecture().toString());
    float[] img = g.generate(5, 1);
    assertEquals(5 * 64, img.length);
    for (float v : img) {
      assertTrue(v >= 0 && v <= 1, "pixels in [0,1]");
    }
  }

  @Test
  void aTrainedGeneratorHasAMuchLowerFdClassifierThanAnUntrainedOne() {
    GanLayout layout = new GanLayout(new GanNetworks.Sizes(16, 8, 1, 8));
    Architecture a = GanSpace.INSTANCE.parse("nearest,conv_3x3,conv_3x3,short,batch_norm,proj_all;"
        + "subpixel,conv_3x3,conv_1x1,short,batch_norm,no_proj|conv_3x3,conv_3x3,down_avg,short;conv_3x3,conv_3x3,down_avg,short");
    try (FdClassifier fd = FdClassifier.trainOrLoad(data, cache, 3, 200, quiet())) {
      org.nas4j.data.Loader real = new org.nas4j.data.Loader(data.train(), GanTrainer.tanhRange(1), 32,
          org.nas4j.data.Augmentation.NONE);
      GanTrainer t = new GanTrainer(layout, real, 2e-3, fd);
      Weights fresh = layout.fresh(a, 7);
      // one intra-op thread, as a PBT worker has: two OpenMP threads on tiny ops stall on a busy CI machine
      org.nas4j.engine.Engines.intraOpThreads(1);
      MemberTrainer.Result untrained;
      MemberTrainer.Result trained;
      try {
        untrained = t.train(a, fresh, new Weights(Map.of()), 1, 0, 0);
        trained = t.train(a, fresh, new Weights(Map.of()), 1, 0, 300);
      } finally {
        org.nas4j.engine.Engines.intraOpThreads(Runtime.getRuntime().availableProcessors());
      }
      System.out.printf("FD-classifier untrained %.3f, trained (300 batches) %.3f%n", untrained.fd(), trained.fd());
      assertTrue(trained.fd() < 0.5 * untrained.fd(),
          "trained FD-classifier " + trained.fd() + " vs untrained " + untrained.fd());
    }
  }

  @Test
  void mixingAGanChildCopiesBaseLayersAndShrinkPerturbsTheDonorsInBothNetworks() {
    GanLayout layout = new GanLayout(new GanNetworks.Sizes(16, 4, 1, 8));
    SplittableRandom rng = new SplittableRandom(3);
    Architecture a = GanSpace.INSTANCE.sample(rng);
    Architecture b = GanSpace.INSTANCE.sample(rng);
    Breeding.Parent base = new Breeding.Parent(1, a, layout.fresh(a, 11), new Weights(Map.of()));
    Breeding.Parent donor = new Breeding.Parent(2, b, layout.fresh(b, 22), new Weights(Map.of()));
    boolean[] mask = new boolean[GanSpace.INSTANCE.positions()];
    int gGene = GanSpace.generatorGene(1, "c0");
    int dGene = GanSpace.discriminatorGene(0, "c1");
    mask[gGene] = true;
    mask[dGene] = true;
    Breeding.Child child = Breeding.mix(base, donor, mask, 0.4, 0.1, PbtConfig.BnStats.RESET, 99, layout);
    assertEquals(b.option(gGene), child.architecture().option(gGene));
    assertEquals(a.option(0), child.architecture().option(0));
    Weights fresh = layout.fresh(child.architecture(), 99);
    Map<String, Integer> genes = layout.genes(child.architecture());
    int donorKeys = 0;
    for (Map.Entry<String, Weights.Tensor> e : child.weights().tensors().entrySet()) {
      String k = e.getKey();
      int gene = genes.get(k);
      if (gene == gGene || gene == dGene) {
        Weights.Tensor d = donor.weights().get(k);
        if (k.startsWith(GanLayout.EMA)) {
          assertArrayEquals(d.data(), e.getValue().data(), "EMA layers of the donor copied exactly: " + k);
        } else if (d.kind() != Weights.Kind.RUNNING_MEAN && d.kind() != Weights.Kind.RUNNING_VAR) {
          float[] f = fresh.get(k).data();
          for (int i = 0; i < f.length; i++) {
            assertEquals(0.4f * d.data()[i] + 0.1f * f[i], e.getValue().data()[i], 1e-6, k);
          }
          donorKeys++;
        }
      } else {
        assertArrayEquals(base.weights().get(k).data(), e.getValue().data(), "base layers copied exactly: " + k);
      }
    }
    assertTrue(child.weights().tensors().keySet().stream().anyMatch(k -> k.startsWith("g/g1c0_")), "generator gene mixed");
    assertTrue(child.weights().tensors().keySet().stream().anyMatch(k -> k.startsWith("d/d0c1_")), "discriminator gene mixed");
    assertTrue(donorKeys >= 4, "weights and biases of both donor layers: " + donorKeys);
  }
}
