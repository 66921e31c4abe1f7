package org.nas4j.data;

import java.util.List;
import java.util.Objects;
import org.nas4j.InputException;

/**
 * An in-memory set of labelled images: 8-bit pixels in NHWC order (image, row, column, channel), so that a
 * batch can be handed to libtorch as a channels-last view without copying per pixel.
 *
 * <p>Immutable by convention: the arrays are owned by this object and never written after construction.
 */
public final class ImageSet {
  private final String name;
  private final byte[] pixels;
  private final int[] labels;
  private final int height;
  private final int width;
  private final int channels;
  private final List<String> classNames;

  /**
   * @param name where the images came from, for messages and provenance
   * @param pixels unsigned 8-bit pixels, {@code size*height*width*channels} of them, NHWC
   * @param labels class index of each image, in {@code 0..classNames.size()-1}
   * @param classNames class names in label order
   */
  public ImageSet(String name, byte[] pixels, int[] labels, int height, int width, int channels,
      List<String> classNames) {
    this.name = Objects.requireNonNull(name, "name");
    this.pixels = Objects.requireNonNull(pixels, "pixels");
    this.labels = Objects.requireNonNull(labels, "labels");
    this.classNames = List.copyOf(classNames);
    this.height = height;
    this.width = width;
    this.channels = channels;
    if (height <= 0 || width <= 0 || channels <= 0) {
      throw new InputException(name + ": image size must be positive, got " + height + "x" + width + "x" + channels);
    }
    if ((long) labels.length * height * width * channels != pixels.length) {
      throw new InputException(name + ": " + labels.length + " labels but " + pixels.length
          + " pixel bytes, expected " + ((long) labels.length * height * width * channels) + " for "
          + height + "x" + width + "x" + channels + " images");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= this.classNames.size()) {
        throw new InputException(name + ": label " + labels[i] + " of image " + i + " is outside 0.."
            + (this.classNames.size() - 1));
      }
    }
  }

  public String name() {
    return name;
  }

  public int size() {
    return labels.length;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public int channels() {
    return channels;
  }

  public int classes() {
    return classNames.size();
  }

  public List<String> classNames() {
    return classNames;
  }

  public int label(int i) {
    return labels[i];
  }

  /** Bytes per image. */
  public int imageBytes() {
    return height * width * channels;
  }

  /** The unsigned value (0..255) of one pixel channel. */
  public int pixel(int image, int row, int col, int channel) {
    return pixels[((image * height + row) * width + col) * channels + channel] & 0xFF;
  }

  /** The backing pixel array; callers must not write to it. */
  byte[] rawPixels() {
    return pixels;
  }

  /** The images at the given indices, in that order. */
  public ImageSet subset(int[] indices, String subsetName) {
    int b = imageBytes();
    byte[] px = new byte[indices.length * b];
    int[] lb = new int[indices.length];
    for (int k = 0; k < indices.length; k++) {
      System.arraycopy(pixels, indices[k] * b, px, k * b, b);
      lb[k] = labels[indices[k]];
    }
    return new ImageSet(subsetName, px, lb, height, width, channels, classNames);
  }

  @Override
  public String toString() {
    return name + " (" + size() + " images " + height + "x" + width + "x" + channels + ", " + classes() + " classes)";
  }
}
