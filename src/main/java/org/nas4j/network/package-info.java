/**
 * Networks built from architectures: {@link org.nas4j.network.CellNetwork} is NAS-Bench-201's macro
 * skeleton around a cell, as a DJL block, with its parameter and multiply-accumulate counts.
 */
package org.nas4j.network;
