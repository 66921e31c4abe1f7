package org.nas4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.nas4j.InputException;
import org.nas4j.evaluate.Seeds;
import org.nas4j.optimize.SourceObservations;
import org.nas4j.transfer.Ranks;
import org.nas4j.util.Shuffle;

/**
 * Turns the command line's {@code --sources} into source observations for transfer: a comma-separated list
 * of task names of the same benchmark, each given as is or as a test variant built from the task's own
 * values with a fixed seed, so anyone can make weakly related and adversarial source sets from one benchmark:
 * <ul>
 *   <li>{@code shuffled:TASK}: the values permuted across architectures (same distribution, no information);</li>
 *   <li>{@code negated:TASK}: the values negated (perfectly learnable, ranks TASK backwards);</li>
 *   <li>{@code noisy:TASK@RHO}: {@code RHO z + sqrt(1 - RHO^2) e}, with {@code z} TASK's normal scores and
 *       {@code e} seeded standard-normal noise made exactly uncorrelated with {@code z}, so the source's
 *       Pearson correlation with TASK's normal scores is exactly RHO (in [-1, 1]).</li>
 * </ul>
 * Each source gives every architecture of the table that has a value at the search's fidelity. The target
 * task itself may only appear as a variant: as is, it would give the answer away.
 */
public final class BenchSources {
  /** The fixed seed of {@code shuffled:} sources, so every run sees the same permutation. */
  public static final long SHUFFLE_SEED = 201L;
  /** The fixed seed of {@code noisy:} sources (mixed with the task's name, so two tasks get independent noise). */
  public static final long NOISE_SEED = 202L;

  private BenchSources() {}

  /**
   * @param spec e.g. {@code cifar100,imagenet16} or {@code shuffled:cifar10,noisy:cifar100@0.3}; null or blank for none
   * @param target the search task; it may not also be a plain source, since that would give the answer away
   */
  public static List<SourceObservations> parse(TabularBenchmark benchmark, String spec, String target, int fidelity) {
    List<SourceObservations> out = new ArrayList<>();
    if (spec == null || spec.isBlank()) {
      return out;
    }
    Set<String> seen = new LinkedHashSet<>();
    for (String raw : spec.split(",")) {
      String item = raw.strip();
      if (item.isEmpty()) {
        continue;
      }
      if (!seen.add(item)) {
        throw new InputException("source " + item + " is listed twice in --sources " + spec + ": list it once");
      }
      int colon = item.indexOf(':');
      String kind = colon < 0 ? "" : item.substring(0, colon);
      String rest = colon < 0 ? item : item.substring(colon + 1);
      double rho = Double.NaN;
      if (kind.equals("noisy")) {
        int at = rest.lastIndexOf('@');
        if (at < 0) {
          throw new InputException("source " + item + " needs a correlation: write noisy:TASK@RHO, e.g. noisy:" + rest + "@0.2");
        }
        rho = parseRho(item, rest.substring(at + 1));
        rest = rest.substring(0, at);
      } else if (!kind.isEmpty() && !kind.equals("shuffled") && !kind.equals("negated")) {
        throw new InputException("unknown source variant '" + kind + ":' in " + item
            + ": use TASK, shuffled:TASK, negated:TASK or noisy:TASK@RHO");
      }
      String task = rest;
      benchmark.requireTask(task);
      if (kind.isEmpty() && task.equals(target)) {
        throw new InputException("source " + task + " is the search task itself: give other tasks in --sources (or a"
            + " variant such as shuffled:" + task + ")");
      }
      if (!benchmark.fidelities(task).contains(fidelity)) {
        throw new InputException("source task " + task + " has no validation metric at " + fidelity
            + " epochs: pick another source or --fidelity " + benchmark.fidelities(task));
      }
      SourceObservations s = benchmark.sourceObservations(task, fidelity);
      double[] values = switch (kind) {
        case "shuffled" -> shuffled(s.values(), SHUFFLE_SEED);
        case "negated" -> negated(s.values());
        case "noisy" -> noisy(s.values(), rho, Seeds.derive(NOISE_SEED, task.hashCode()));
        default -> s.values();
      };
      out.add(new SourceObservations(item, s.architectures(), values));
    }
    return out;
  }

  private static double parseRho(String item, String text) {
    double rho;
    try {
      rho = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new InputException("source " + item + ": '" + text + "' is not a number: write noisy:TASK@RHO with RHO in [-1, 1]");
    }
    if (!(rho >= -1 && rho <= 1)) {
      throw new InputException("source " + item + ": correlation " + text + " is outside [-1, 1]: write noisy:TASK@RHO with RHO in [-1, 1]");
    }
    return rho;
  }

  /** The values permuted with a seed: same distribution, no information. */
  public static double[] shuffled(double[] values, long seed) {
    double[] v = values.clone();
    Shuffle.shuffle(v, new SplittableRandom(seed));
    return v;
  }

  /** The values negated: a perfectly learnable source that ranks its task backwards. */
  public static double[] negated(double[] values) {
    double[] v = values.clone();
    for (int i = 0; i < v.length; i++) {
      v[i] = -v[i];
    }
    return v;
  }

  /**
   * {@code rho z + sqrt(1 - rho^2) e}: {@code z} the values' normal scores, {@code e} seeded normal noise
   * projected off {@code z} and scaled to {@code z}'s length, so the Pearson correlation with {@code z} is
   * exactly {@code rho}.
   */
  public static double[] noisy(double[] values, double rho, long seed) {
    double[] z = Ranks.normalScores(values);
    int n = z.length;
    double zMean = 0;
    for (double x : z) {
      zMean += x / n;
    }
    for (int i = 0; i < n; i++) {
      z[i] -= zMean; // 0 up to rounding: normal scores are symmetric
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double[] e = new double[n];
    double mean = 0;
    for (int i = 0; i < n; i++) {
      // Box-Muller, written out so the noise is the same on every JDK
      e[i] = Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
      mean += e[i] / n;
    }
    double ze = 0;
    double zz = 0;
    for (int i = 0; i < n; i++) {
      e[i] -= mean;
      ze += z[i] * e[i];
      zz += z[i] * z[i];
    }
    double ee = 0;
    for (int i = 0; i < n; i++) {
      e[i] -= ze / zz * z[i];
      ee += e[i] * e[i];
    }
    double scale = ee > 0 ? Math.sqrt(zz / ee) : 0;
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rho * z[i] + Math.sqrt(1 - rho * rho) * scale * e[i];
    }
    return v;
  }
}
