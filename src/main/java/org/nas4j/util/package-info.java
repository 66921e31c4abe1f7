/**
 * Small helpers that several capabilities share (shuffles, summary statistics, the one number formatter
 * {@link org.nas4j.util.Format}); depends on the JDK
 * only, so any package may use it.
 */
package org.nas4j.util;
