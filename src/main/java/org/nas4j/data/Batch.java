package org.nas4j.data;

/**
 * One batch: normalised pixels in NHWC order ({@code size*height*width*channels} floats) and labels.
 * The last batch of an epoch may be smaller than the batch size.
 */
public record Batch(float[] pixels, int[] labels, int size, int height, int width, int channels) {}
