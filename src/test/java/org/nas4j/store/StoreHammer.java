package org.nas4j.store;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.nas4j.evaluate.Evaluation;

/**
 * A second process on a shared store, for the tests: {@code drain <store> <study> <worker> <total>} claims and
 * finishes evaluations until {@code total} of the study are finished; {@code die <store> <study> <worker> <n>}
 * finishes {@code n} claims, claims one more and halts the JVM mid-training, as {@code kill -9} would. An
 * optional last argument is the claim's stale age in milliseconds (default an hour).
 */
public final class StoreHammer {
  private StoreHammer() {}

  public static void main(String[] args) throws InterruptedException {
    String mode = args[0];
    try (Store store = Store.openExisting(args[1])) {
      Study study = store.study(args[2]);
      String worker = args[3];
      int n = Integer.parseInt(args[4]);
      // claims whose heartbeat is older than this are taken over (the hammer's "training" never heartbeats)
      Duration staleAfter = args.length > 5 ? Duration.ofMillis(Long.parseLong(args[5])) : Duration.ofHours(1);
      System.out.println("ready");
      System.out.flush();
      int done = 0;
      while (true) {
        if (mode.equals("drain") && store.counts(study).finished() >= n) {
          break;
        }
        Optional<Claim> claim = store.claim(study, worker, staleAfter);
        if (claim.isEmpty()) {
          Thread.sleep(5);
          continue;
        }
        Claim c = claim.get();
        if (mode.equals("die") && done == n) {
          Runtime.getRuntime().halt(0); // killed while training: no finish, no release, no close
        }
        Thread.sleep(15); // "training": long enough that the other process gets the lock between commits
        store.finish(c, result(c));
        done++;
      }
      System.out.println("done " + done);
    }
  }

  /** A made-up but deterministic result for a claim. */
  static Evaluation result(Claim c) {
    double objective = (c.architecture().hashCode() & 0xffff) / 655.36;
    return Evaluation.complete(c.architecture(), c.study().spec().task(), c.fidelity(), objective,
        Map.of("valid_accuracy", objective), 1.5, 1000 + c.number(), c.seed());
  }
}
