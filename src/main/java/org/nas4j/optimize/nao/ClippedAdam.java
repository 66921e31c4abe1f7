package org.nas4j.optimize.nao;

import java.util.Arrays;
import java.util.List;
import org.nas4j.optimize.Adam;

/**
 * NAO's optimizer: Adam (bias correction on the moments, as PyTorch's) with L2 weight decay added to the
 * gradient and clipping of the gradients' global norm; frozen parameters take no steps.
 */
final class ClippedAdam {
  private final Adam adam;
  private final double weightDecay;
  private final double clip;

  ClippedAdam(double lr, double weightDecay, double clip) {
    this.adam = new Adam(lr, Adam.Correction.MOMENTS);
    this.weightDecay = weightDecay;
    this.clip = clip;
  }

  /** Fresh moments for every parameter: NAO builds a new Adam each iteration but keeps the weights. */
  void reset(List<Param> params) {
    adam.reset();
    for (Param p : params) {
      Arrays.fill(p.m, 0);
      Arrays.fill(p.v, 0);
    }
  }

  /** One update from the accumulated gradients (already averaged over the batch); clears them. */
  void step(List<Param> params) {
    double sq = 0;
    for (Param p : params) {
      if (p.frozen) {
        continue;
      }
      for (int i = 0; i < p.w.length; i++) {
        double gi = p.g[i] + weightDecay * p.w[i];
        p.g[i] = gi;
        sq += gi * gi;
      }
    }
    double scale = Math.sqrt(sq) > clip ? clip / Math.sqrt(sq) : 1;
    adam.step();
    for (Param p : params) {
      if (p.frozen) {
        Arrays.fill(p.g, 0);
      } else {
        adam.update(p.w, p.g, p.m, p.v, scale);
      }
    }
  }
}
