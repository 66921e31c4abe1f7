package org.nas4j.pbt;

import org.nas4j.pbt.space.GeneNetwork;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nas4j.InputException;
import org.nas4j.engine.Tensors;

/**
 * Named tensors on the Java heap: a member's parameters (and its optimizer state) between steps. Mixing and
 * mutation work on these, so creating a child needs no network and no native memory, and a parent's
 * checkpoint file is only ever read.
 *
 * <p>The file format is keyed by name (not by position, as DJL's parameter files are), so a checkpoint can be
 * read into a network whose other layers differ.
 */
final class Weights {
  private static final int MAGIC = 0x4E34_5057; // "N4PW"
  private static final int VERSION = 1;

  /** What a tensor is, which decides its fresh initialisation. */
  public enum Kind { WEIGHT, BIAS, GAMMA, BETA, RUNNING_MEAN, RUNNING_VAR, OTHER }

  /** One tensor: shape, values (row-major) and kind. */
  public record Tensor(long[] shape, float[] data, Kind kind) {
    public Tensor {
      shape = shape.clone();
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      if (n != data.length) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
      }
    }

    /** A copy with other values. */
    public Tensor with(float[] values) {
      return new Tensor(shape, values, kind);
    }

    /** Whether the shapes agree. */
    public boolean sameShape(Tensor o) {
      return Arrays.equals(shape, o.shape);
    }

    /** Fan-in of a weight: all axes but the first. */
    public long fanIn() {
      long n = 1;
      for (int i = 1; i < shape.length; i++) {
        n *= shape[i];
      }
      return n;
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }
  }

  private final Map<String, Tensor> tensors;

  public Weights(Map<String, Tensor> tensors) {
    this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
  }

  public Map<String, Tensor> tensors() {
    return tensors;
  }

  public Tensor get(String key) {
    return tensors.get(key);
  }

  public boolean has(String key) {
    return tensors.containsKey(key);
  }

  /** Copies the current values of a network's parameters. */
  public static Weights of(GeneNetwork net) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : net.parameters().entrySet()) {
      NDArray a = e.getValue().getArray();
      out.put(e.getKey(), new Tensor(a.getShape().getShape(), a.toFloatArray(), kindOf(e.getValue().getType())));
    }
    return new Weights(out);
  }

  /** The kind of a DJL parameter type. */
  public static Kind kindOf(Parameter.Type type) {
    return switch (type) {
      case WEIGHT -> Kind.WEIGHT;
      case BIAS -> Kind.BIAS;
      case GAMMA -> Kind.GAMMA;
      case BETA -> Kind.BETA;
      case RUNNING_MEAN -> Kind.RUNNING_MEAN;
      case RUNNING_VAR -> Kind.RUNNING_VAR;
      default -> Kind.OTHER;
    };
  }

  /**
   * Writes these values into an initialised network; every parameter of the network must be present with
   * its shape (the calling thread must have gradient recording off).
   */
  public void loadInto(GeneNetwork net) {
    for (Map.Entry<String, Parameter> e : net.parameters().entrySet()) {
      Tensor t = tensors.get(e.getKey());
      NDArray a = e.getValue().getArray();
      if (t == null) {
        throw new IllegalStateException("checkpoint has no tensor " + e.getKey() + " for " + net.architecture());
      }
      if (!a.getShape().equals(new Shape(t.shape))) {
        throw new IllegalStateException("tensor " + e.getKey() + " has shape " + Arrays.toString(t.shape) + ", network needs "
            + a.getShape());
      }
      Tensors.overwrite(a, t.data());
    }
  }

  /** Writes to {@code file} atomically (temporary file, then rename). */
  public void save(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream os = Files.newOutputStream(tmp);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(tensors.size());
      for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
        Tensor t = e.getValue();
        out.writeUTF(e.getKey());
        out.writeByte(t.kind().ordinal());
        out.writeByte(t.shape.length);
        for (long d : t.shape) {
          out.writeLong(d);
        }
        for (float v : t.data()) {
          out.writeFloat(v);
        }
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads a file written by {@link #save}. */
  public static Weights load(Path file) {
    try (InputStream is = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(is, 1 << 16))) {
      if (in.readInt() != MAGIC) {
        throw new InputException(file + " is not a nas4j weights file: delete it or point to the right run directory");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new InputException(file + " has weights format v" + version + ", this nas4j reads v" + VERSION);
      }
      int n = in.readInt();
      Map<String, Tensor> out = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        String key = in.readUTF();
        Kind kind = Kind.values()[in.readByte()];
        long[] shape = new long[in.readByte()];
        long size = 1;
        for (int d = 0; d < shape.length; d++) {
          shape[d] = in.readLong();
          size *= shape[d];
        }
        float[] data = new float[Math.toIntExact(size)];
        for (int k = 0; k < data.length; k++) {
          data[k] = in.readFloat();
        }
        out.put(key, new Tensor(shape, data, kind));
      }
      return new Weights(out);
    } catch (EOFException e) {
      throw new InputException(file + " is truncated (a run killed while writing?): delete it and resume", e);
    } catch (IOException e) {
      throw new InputException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
