package org.nas4j.pbt;

import org.nas4j.InputException;
import org.nas4j.train.Recipe;

/**
 * Everything that fixes a PBT-NAS run. Defaults follow the paper (tau 0.25, gene from donor with p 0.25,
 * shrink-perturb 0.4/0.1) with a population fitted to a small CPU.
 *
 * @param variant PBT-NAS or a baseline/ablation
 * @param population N
 * @param steps number of synchronous steps (generations)
 * @param stepLength length of a step, in {@code stepUnit}
 * @param stepUnit epochs or batches
 * @param tau truncation fraction (top tau are parents, bottom tau replaced)
 * @param donorProbability probability that a gene is taken from the donor
 * @param lambda shrink factor for donor layers
 * @param gamma perturb factor (weight of the fresh initialisation) for donor layers
 * @param bnStats what changed layers' batch-norm running statistics become
 * @param seed run seed: every other seed derives from it
 * @param workers members trained at the same time (threads)
 * @param train the training recipe shared by all members ({@link #RECIPE} by default)
 * @param space {@code layers} (the layer-wise space), {@code nb201} (NAS-Bench-201 cells, each edge a gene) or
 *     {@code gan} (the GAN task: a generator and a discriminator, {@code GanSpace})
 * @param stages stages of the layer space (ignored for nb201, which has 3)
 * @param positions searchable positions per stage (layers), or cells per stage (nb201)
 * @param channels channels of the first stage
 */
public record PbtConfig(
    Variant variant,
    int population,
    int steps,
    int stepLength,
    StepUnit stepUnit,
    double tau,
    double donorProbability,
    double lambda,
    double gamma,
    BnStats bnStats,
    long seed,
    int workers,
    Recipe train,
    String space,
    int stages,
    int positions,
    int channels) {

  /** The unit of a step. */
  public enum StepUnit { EPOCHS, BATCHES }

  /** Batch-norm running statistics of changed layers: reset to mean 0 / variance 1, or mixed like weights. */
  public enum BnStats { RESET, MIX }

  /**
   * The default SGD recipe of every member: Nesterov momentum 0.9, weight decay 5e-4, learning rate 0.05 at batch
   * 128, cosine decay over the whole run (shared by all members).
   */
  public static final Recipe RECIPE = new Recipe(128, 0.05, 0.9, 5e-4, true, true);

  public PbtConfig {
    if (population < 2) {
      throw new InputException("population must be at least 2 (got " + population + "): pass --population 8 or more");
    }
    if (steps < 1 || stepLength < 1) {
      throw new InputException("steps and step length must be >= 1, got " + steps + " and " + stepLength
          + ": pass --steps and --batches-per-step (or --epochs-per-step) of 1 or more");
    }
    if (variant != Variant.RANDOM) {
      Selection.of(population, tau); // validates tau and the number of parents
    }
    if (donorProbability < 0 || donorProbability > 1) {
      throw new InputException("donor probability must be in [0,1], got " + donorProbability
          + ": pass e.g. --donor-prob 0.25");
    }
    if (!space.equals("layers") && !space.equals("nb201") && !space.equals("gan")) {
      throw new InputException("unknown PBT space '" + space + "': choose layers or nb201 (or gan, with --task gan)");
    }
    if (workers < 1) {
      throw new InputException("workers must be >= 1, got " + workers);
    }
    if (!(lambda >= 0) || !(gamma >= 0)) {
      throw new InputException("shrink and perturb factors must be >= 0, got --shrink " + lambda + " --perturb " + gamma
          + ": the paper uses 0.4 and 0.1");
    }
    if (stages < 1 || positions < 1 || channels < 1) {
      throw new InputException("the network needs at least 1 stage, position and channel, got --stages " + stages
          + " --positions " + positions + " --channels " + channels);
    }
  }

  /** Paper defaults for a variant: N=8, 10 steps of 1 epoch, 2 stages x 2 positions... (CPU-sized). */
  public static PbtConfig defaults(Variant variant, long seed) {
    return new PbtConfig(variant, 8, 10, 1, StepUnit.EPOCHS, 0.25, 0.25, 0.4, 0.1, BnStats.RESET, seed,
        defaultWorkers(), RECIPE, "layers", 3, 2, 16);
  }

  /** Members trained at once: the cores, since one small member cannot keep several cores busy. */
  public static int defaultWorkers() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  public PbtConfig withVariant(Variant v) {
    return new PbtConfig(v, population, steps, stepLength, stepUnit, tau, donorProbability, lambda, gamma, bnStats, seed,
        workers, train, space, stages, positions, channels);
  }

  public PbtConfig withSeed(long s) {
    return new PbtConfig(variant, population, steps, stepLength, stepUnit, tau, donorProbability, lambda, gamma, bnStats, s,
        workers, train, space, stages, positions, channels);
  }

  public PbtConfig withWorkers(int w) {
    return new PbtConfig(variant, population, steps, stepLength, stepUnit, tau, donorProbability, lambda, gamma, bnStats, seed,
        w, train, space, stages, positions, channels);
  }

  public PbtConfig withSchedule(int n, int s, int length, StepUnit unit) {
    return new PbtConfig(variant, n, s, length, unit, tau, donorProbability, lambda, gamma, bnStats, seed, workers, train,
        space, stages, positions, channels);
  }

  public PbtConfig withSpace(String name) {
    return new PbtConfig(variant, population, steps, stepLength, stepUnit, tau, donorProbability, lambda, gamma, bnStats,
        seed, workers, train, name, stages, positions, channels);
  }

  public PbtConfig withNetwork(int st, int pos, int ch) {
    return new PbtConfig(variant, population, steps, stepLength, stepUnit, tau, donorProbability, lambda, gamma, bnStats,
        seed, workers, train, space, st, pos, ch);
  }

  public PbtConfig withTrain(Recipe t) {
    return new PbtConfig(variant, population, steps, stepLength, stepUnit, tau, donorProbability, lambda, gamma, bnStats,
        seed, workers, t, space, stages, positions, channels);
  }

  public PbtConfig withMixing(double tauValue, double p, double lam, double gam, BnStats bn) {
    return new PbtConfig(variant, population, steps, stepLength, stepUnit, tauValue, p, lam, gam, bn, seed, workers, train,
        space, stages, positions, channels);
  }

  /** The shrink factor this variant uses. */
  public double effectiveLambda() {
    return variant.lambda(lambda);
  }

  /** The perturb factor this variant uses. */
  public double effectiveGamma() {
    return variant.gamma(gamma);
  }
}
