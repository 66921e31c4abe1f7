/**
 * Interoperable search spaces for PBT-NAS, where every option at a position maps the same input shape to the
 * same output shape: the layer-wise space ({@link org.nas4j.pbt.space.LayerSpace}, built by
 * {@link org.nas4j.pbt.space.LayerNetwork}) and NAS-Bench-201 cells with each edge a gene
 * ({@link org.nas4j.pbt.space.CellGenes}). Both build a {@link org.nas4j.pbt.space.GeneNetwork}, which knows the
 * gene each tensor belongs to; {@code pbt} breeds and trains it and this package never looks up.
 */
package org.nas4j.pbt.space;
