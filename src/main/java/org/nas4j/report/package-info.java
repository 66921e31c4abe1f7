/**
 * Console, Markdown and chart output for people: {@link org.nas4j.util.Format} prints every number, and the PNG
 * charts (line plots with bands, heat maps, a population's lineage and fitness) are JFreeChart charts built through {@link org.nas4j.report.Charts}.
 */
package org.nas4j.report;
