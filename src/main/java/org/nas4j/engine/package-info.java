/**
 * The deep-learning engine underneath: DJL's PyTorch engine loaded offline, and per-thread autograd so
 * several networks can train in one JVM. The only package that touches engine internals.
 */
package org.nas4j.engine;
