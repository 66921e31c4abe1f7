package org.nas4j.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.nas4j.InputException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: magic {@code 00 00 08 d} (unsigned bytes, d
 * dimensions), d big-endian 32-bit sizes, then the bytes. Gzipped files are recognised by their content, not
 * their name. Image files have 3 dimensions (n, rows, cols) or 4 (n, rows, cols, channels); label files 1.
 */
final class Idx {
  private Idx() {}

  /** Images read from one IDX file: {@code n*height*width*channels} bytes in NHWC order. */
  record Images(byte[] pixels, int count, int height, int width, int channels) {}

  static Images readImages(Path file, String fix) {
    try (InputStream in = open(file)) {
      int[] dims = header(in, file, fix);
      if (dims.length != 3 && dims.length != 4) {
        throw new InputException(file + ": an IDX image file needs 3 dimensions (count, rows, columns), found "
            + dims.length + ": " + fix);
      }
      int channels = dims.length == 4 ? dims[3] : 1;
      byte[] pixels = body(in, file, (long) dims[0] * dims[1] * dims[2] * channels, fix);
      return new Images(pixels, dims[0], dims[1], dims[2], channels);
    } catch (IOException e) {
      throw ioError(file, e, fix);
    }
  }

  static int[] readLabels(Path file, String fix) {
    try (InputStream in = open(file)) {
      int[] dims = header(in, file, fix);
      if (dims.length != 1) {
        throw new InputException(file + ": an IDX label file needs 1 dimension, found " + dims.length + ": " + fix);
      }
      byte[] raw = body(in, file, dims[0], fix);
      int[] labels = new int[raw.length];
      for (int i = 0; i < raw.length; i++) {
        labels[i] = raw[i] & 0xFF;
      }
      return labels;
    } catch (IOException e) {
      throw ioError(file, e, fix);
    }
  }

  private static InputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
    }
    return raw;
  }

  private static int[] header(InputStream in, Path file, String fix) throws IOException {
    byte[] magic = in.readNBytes(4);
    if (magic.length < 4) {
      throw new InputException(file + ": truncated IDX file (" + magic.length + " bytes, no header): " + fix);
    }
    if (magic[0] != 0 || magic[1] != 0) {
      throw new InputException(file + ": not an IDX file (magic " + hex(magic) + ", expected 00 00 08 0d): " + fix);
    }
    if (magic[2] != 0x08) {
      throw new InputException(file + ": IDX element type 0x" + String.format("%02x", magic[2] & 0xFF)
          + " is not unsigned byte (0x08): only 8-bit IDX files are supported");
    }
    int n = magic[3] & 0xFF;
    if (n < 1 || n > 4) {
      throw new InputException(file + ": IDX file with " + n + " dimensions, expected 1 to 4: " + fix);
    }
    byte[] sizes = in.readNBytes(4 * n);
    if (sizes.length < 4 * n) {
      throw new InputException(file + ": truncated IDX header: " + fix);
    }
    int[] dims = new int[n];
    for (int i = 0; i < n; i++) {
      dims[i] = ((sizes[4 * i] & 0xFF) << 24) | ((sizes[4 * i + 1] & 0xFF) << 16)
          | ((sizes[4 * i + 2] & 0xFF) << 8) | (sizes[4 * i + 3] & 0xFF);
      if (dims[i] <= 0) {
        throw new InputException(file + ": IDX dimension " + i + " is " + dims[i] + ", expected > 0: " + fix);
      }
    }
    return dims;
  }

  private static byte[] body(InputStream in, Path file, long expected, String fix) throws IOException {
    if (expected > Integer.MAX_VALUE - 16) {
      throw new InputException(file + ": IDX header promises " + expected + " bytes, more than nas4j can hold: "
          + fix);
    }
    // allocate once and inflate straight into it: readNBytes(int) would gather 8 KB pieces and copy them
    byte[] data = new byte[(int) expected];
    int got = in.readNBytes(data, 0, data.length);
    if (got < expected) {
      throw truncated(file, expected, got, fix);
    }
    if (in.read() != -1) {
      throw new InputException(file + ": IDX file is longer than its header says (" + expected
          + " data bytes): " + fix);
    }
    return data;
  }

  private static InputException truncated(Path file, long expected, long got, String fix) {
    return new InputException(file + ": truncated IDX file: the header promises " + expected
        + " data bytes but only " + got + " are there: " + fix);
  }

  private static InputException ioError(Path file, IOException e, String fix) {
    if (e instanceof NoSuchFileException) {
      return new InputException(file + ": no such file: " + fix, e);
    }
    if (e instanceof EOFException || e instanceof ZipException) {
      return new InputException(file + ": truncated or corrupt gzip data (" + e.getMessage() + "): " + fix, e);
    }
    return new InputException(file + ": cannot read (" + e + "): " + fix, e);
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      s.append(s.length() == 0 ? "" : " ").append(String.format("%02x", x & 0xFF));
    }
    return s.toString();
  }
}
