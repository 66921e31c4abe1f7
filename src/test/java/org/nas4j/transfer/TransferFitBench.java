package org.nas4j.transfer;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nas4j.bench.TabularBenchmark;
import org.nas4j.optimize.SourceObservations;

/**
 * Time to fit a transfer network on one and on two of NAS-Bench-201's 15,625-evaluation sources.
 * Run with {@code bench/transfer-fit-time.sh [repeats]}; prints median and minimum (docs/transfer.md).
 */
public final class TransferFitBench {
  private TransferFitBench() {}

  public static void main(String[] args) {
    int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    TabularBenchmark b = TabularBenchmark.nb201();
    List<SourceObservations> sources =
        List.of(b.sourceObservations("cifar10", 200), b.sourceObservations("imagenet16", 200));
    TransferModel.fit(b.space(), sources, 0); // JIT warm-up
    for (List<SourceObservations> fit : List.of(sources.subList(0, 1), sources)) {
      double[] ms = new double[repeats];
      for (int i = 0; i < repeats; i++) {
        long t0 = System.nanoTime();
        TransferModel.fit(b.space(), fit, i);
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      Arrays.sort(ms);
      System.out.printf(Locale.ROOT, "%d source(s): median %.0f ms, min %.0f ms over %d fits of %d x 15,625 evaluations%n",
          fit.size(), ms[repeats / 2], ms[0], repeats, fit.size());
    }
  }
}
