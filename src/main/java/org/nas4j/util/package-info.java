/**
 * Small helpers that several capabilities share (shuffles, summary statistics, nas4j's one JSON
 * configuration); depends on the JDK and Gson only, so any package may use it.
 */
package org.nas4j.util;
