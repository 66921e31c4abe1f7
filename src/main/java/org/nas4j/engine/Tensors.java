package org.nas4j.engine;

import ai.djl.ndarray.NDArray;

/** Array operations that have to go around a quirk of the engine. */
public final class Tensors {
  private Tensors() {}

  /**
   * Overwrites a float32 array's values, keeping the Java object (a block's parameter holds it) and whether it
   * requires a gradient. Not {@code NDArray.set(Buffer)}: DJL's native copy constructs libtorch's deprecated
   * {@code AutoNonVariableTypeMode}, which prints a 600-character warning on stderr at its first use in every
   * process; a new tensor interned into the old object does the same without it.
   */
  public static void overwrite(NDArray target, float[] values) {
    boolean gradient = target.hasGradient();
    try (NDArray staged = target.getManager().create(values, target.getShape())) {
      // a copy that owns its memory: the staged array's tensor uses a Java buffer freed with that array
      target.intern(staged.duplicate());
    }
    if (gradient) {
      target.setRequiresGradient(true);
    }
  }
}
