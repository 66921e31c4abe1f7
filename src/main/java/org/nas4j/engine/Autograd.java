package org.nas4j.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Per-thread gradient recording, so that several networks can train at once in one JVM.
 *
 * <p>DJL's {@code PtGradientCollector} is guarded by a static flag (one collector per JVM), and libtorch's
 * grad mode is thread-local and defaults to ON in every new thread. nas4j therefore never uses
 * {@code trainer.newGradientCollector()}: each thread turns recording on only around its own forward pass
 * and back-propagates with {@link #backward(NDArray)}. Every worker thread calls {@link #inference()} first.
 * This relies on the engine-internal {@code JniUtils}; recheck on every DJL upgrade.
 */
public final class Autograd {
  private Autograd() {}

  /** Turns gradient recording off for the calling thread (DJL leaves it on in new threads). */
  public static void inference() {
    JniUtils.setGradMode(false);
  }

  /** Runs {@code forward} with gradient recording on for this thread only. */
  public static <T> T recording(Supplier<T> forward) {
    boolean before = JniUtils.isGradMode();
    JniUtils.setGradMode(true);
    try {
      return forward.get();
    } finally {
      JniUtils.setGradMode(before);
    }
  }

  /** Back-propagates a scalar into the gradients of every parameter that took part in it. */
  public static void backward(NDArray scalar) {
    try (NDArray ones = scalar.onesLike()) {
      JniUtils.backward((PtNDArray) scalar, (PtNDArray) ones, false, false);
    }
  }

  /**
   * The gradient accumulated in a parameter by the last backward passes, or null when the parameter took
   * no part in them (PyTorch's {@code grad is None}; DJL would allocate a zero array instead). The caller
   * closes the returned array; that does not free the gradient itself.
   */
  public static NDArray gradient(NDArray parameter) {
    return JniUtils.getGradient((PtNDArray) parameter);
  }

  /** Zeroes a parameter's gradient in place; only call it when {@link #gradient} returned non-null. */
  public static void zeroGradient(NDArray parameter) {
    JniUtils.zeroGrad((PtNDArray) parameter);
  }
}
