package org.nas4j.transfer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.nas4j.InputException;
import org.nas4j.evaluate.Seeds;
import org.nas4j.optimize.SourceObservations;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.util.Shuffle;

/**
 * The XferNAS data-volume study (the paper's Figure 3): how well the target predictor ranks held-out target
 * architectures as the numbers of target evaluations and of source evaluations per source task vary.
 *
 * <p>For every seed: {@code nTarget} target architectures are drawn at random and observed; every source is
 * subsampled to {@code nSource} evaluations (all of them for {@link #ALL}; none for 0, which makes the
 * predictor the target-only model); Kendall's tau-b and Spearman's rho are measured between predicted and
 * true values of {@code heldOut} other target architectures.
 */
public final class DataVolumeStudy {
  /** Marker for "all source evaluations". */
  public static final int ALL = -1;

  /** How the sources enter the predictor. */
  public enum Mode {
    /** One transfer network per source, weighted by how well it ranks the target (what optimizers use). */
    WEIGHTED,
    /** One transfer network fitted on all sources together (the earlier design, for comparison). */
    POOLED
  }

  /**
   * One cell of the study for one seed.
   *
   * @param transferWeight the share of the prediction given to the sources ({@code 1 - target-only weight})
   */
  public record Row(Mode mode, int targetEvaluations, int sourceEvaluations, int seed,
      double kendall, double spearman, double transferWeight) {}

  private DataVolumeStudy() {}

  /**
   * Runs the study.
   *
   * @param space the shared search space
   * @param target every known target evaluation (the pool to draw observed and held-out architectures from)
   * @param sources the source tasks
   * @param targetCounts target evaluations per cell, e.g. 10, 25, 50, 100, 200
   * @param sourceCounts source evaluations per source task, {@link #ALL} for all
   * @param modes weighted and/or pooled
   * @param seeds number of seeds (repetitions)
   * @param heldOut number of held-out target architectures ranked per seed
   * @param baseSeed fixes all sampling
   */
  public static List<Row> run(SearchSpace space, SourceObservations target, List<SourceObservations> sources,
      int[] targetCounts, int[] sourceCounts, List<Mode> modes, int seeds, int heldOut,
      long baseSeed) {
    int maxTarget = 0;
    for (int t : targetCounts) {
      if (t < 1) {
        throw new InputException("target evaluation counts must be >= 1, got " + t);
      }
      maxTarget = Math.max(maxTarget, t);
    }
    if (target.size() < maxTarget + 10) {
      throw new InputException("target task " + target.task() + " has " + target.size()
          + " evaluations, need at least " + (maxTarget + 10) + " for " + maxTarget
          + " observed plus held-out ones: lower the target counts");
    }
    for (int s : sourceCounts) {
      if (s < 0 && s != ALL) {
        throw new InputException("source evaluation counts must be >= 0 or 'all', got " + s);
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int seed = 0; seed < seeds; seed++) {
      SplittableRandom rng = new SplittableRandom(Seeds.derive(baseSeed, seed));
      int[] perm = Shuffle.permutation(target.size(), rng);
      // the first maxTarget of the permutation are the observable pool; held-out ones come after them
      int h = Math.min(heldOut, target.size() - maxTarget);
      List<Architecture> held = new ArrayList<>(h);
      double[] heldTruth = new double[h];
      for (int i = 0; i < h; i++) {
        held.add(target.architectures().get(perm[maxTarget + i]));
        heldTruth[i] = target.values()[perm[maxTarget + i]];
      }
      Set<Architecture> heldSet = new HashSet<>(held);
      for (Mode mode : modes) {
        for (int ns : sourceCounts) {
          List<TransferModel> models = new ArrayList<>();
          if (ns != 0) {
            List<SourceObservations> sub = new ArrayList<>();
            for (int s = 0; s < sources.size(); s++) {
              sub.add(subsample(sources.get(s), ns, new SplittableRandom(Seeds.derive(baseSeed, 1000L * seed + s))));
            }
            if (mode == Mode.POOLED) {
              models.add(TransferModel.fit(space, sub, Seeds.derive(baseSeed, seed)));
            } else {
              for (SourceObservations s : sub) {
                models.add(TransferModel.fit(space, List.of(s), Seeds.derive(baseSeed, seed)));
              }
            }
          }
          for (int nt : targetCounts) {
            TransferPredictor p = TransferPredictor.of(space, models);
            for (int i = 0; i < nt; i++) {
              Architecture a = target.architectures().get(perm[i]);
              assert !heldSet.contains(a);
              p.observe(a, target.values()[perm[i]]);
            }
            double[] pred = new double[h];
            for (int i = 0; i < h; i++) {
              pred[i] = p.predict(held.get(i));
            }
            rows.add(new Row(mode, nt, ns, seed, Ranks.kendall(pred, heldTruth), Ranks.spearman(pred, heldTruth),
                p.transferWeight()));
          }
        }
      }
    }
    return rows;
  }

  /** A random subset of {@code n} evaluations ({@link #ALL} or more than there are: all of them). */
  static SourceObservations subsample(SourceObservations s, int n, SplittableRandom rng) {
    if (n == ALL || n >= s.size()) {
      return s;
    }
    int[] perm = Shuffle.permutation(s.size(), rng);
    List<Architecture> archs = new ArrayList<>(n);
    double[] vals = new double[n];
    for (int i = 0; i < n; i++) {
      archs.add(s.architectures().get(perm[i]));
      vals[i] = s.values()[perm[i]];
    }
    return new SourceObservations(s.task(), archs, vals);
  }
}
