/**
 * Small helpers that several capabilities share (shuffles, summary statistics, the one number formatter
 * {@link org.nas4j.util.Format}, nas4j's one JSON configuration {@link org.nas4j.util.Json}); depends on the JDK
 * and Gson only, so any package may use it.
 */
package org.nas4j.util;
