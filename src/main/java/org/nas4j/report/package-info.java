/** PNG charts drawn with java.awt in headless mode: line plots with bands, heat maps. */
package org.nas4j.report;
