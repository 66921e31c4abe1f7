package org.nas4j.train;

/**
 * What training one architecture produced.
 *
 * @param architecture canonical string
 * @param task the task name
 * @param epochs epochs trained
 * @param validAccuracy fraction of validation images classified correctly (0..1)
 * @param testAccuracy fraction of test images classified correctly, NaN without a test split
 * @param finalLoss mean training loss of the last epoch
 * @param params trainable parameters
 * @param flops forward multiply-accumulates per image (see {@code CellNetwork.flops})
 * @param trainSeconds wall-clock seconds of the SGD loop (network building and evaluation excluded)
 * @param imagesPerSecond training throughput
 * @param seed the seed that fixed initialisation and data order
 */
public record TrainResult(String architecture, String task, int epochs, double validAccuracy, double testAccuracy,
    double finalLoss, long params, long flops, double trainSeconds, double imagesPerSecond, long seed) {}
