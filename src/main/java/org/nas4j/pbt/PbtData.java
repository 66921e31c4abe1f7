package org.nas4j.pbt;

import org.nas4j.data.Augmentation;
import org.nas4j.data.ImageSet;
import org.nas4j.data.Normalization;

/**
 * The images a PBT run uses: it trains on {@code train}, selects on {@code valid} (the fitness) and reports
 * the best member's accuracy on {@code test} once, at the end.
 *
 * @param task task name, e.g. {@code fashion-mnist}
 * @param normalization measured on {@code train} only
 * @param augmentation training-time augmentation
 */
public record PbtData(String task, ImageSet train, ImageSet valid, ImageSet test, Normalization normalization,
    Augmentation augmentation) {}
