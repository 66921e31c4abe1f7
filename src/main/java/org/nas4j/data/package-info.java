/**
 * Datasets: reading image files (IDX, CIFAR binary batches, image folders, the bundled UCI digits), cutting
 * them into seeded training/validation/test sets ({@link org.nas4j.data.DataSplit}, configured by
 * {@link org.nas4j.data.DataOptions}), per-channel normalisation measured on the training set, and seeded,
 * augmented batches ({@link org.nas4j.data.Loader}). Pixels stay 8-bit in memory; a batch is turned into
 * floats only when it is handed out. Missing or corrupt files are one-line {@link org.nas4j.InputException}s
 * that name the file and the fix. See {@code docs/data.md}.
 */
package org.nas4j.data;
