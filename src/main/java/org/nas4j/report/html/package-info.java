/**
 * A study as one self-contained HTML file: inline SVG charts (JFreeChart, written by JFreeSVG) and CSS, no scripts,
 * no network. Opens in any browser, can be mailed or attached to an issue.
 */
package org.nas4j.report.html;
