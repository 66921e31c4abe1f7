/**
 * Small numeric helpers that several capabilities share (shuffles, summary statistics); depends on the JDK
 * only, so any package may use it.
 */
package org.nas4j.util;
