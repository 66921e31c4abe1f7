/**
 * {@code nas4j dashboard}: a live, read-only web page on a store ({@link org.nas4j.dashboard.Dashboard}). The
 * server aggregates in SQL ({@code Queries}) over a {@link org.nas4j.store.StoreReader}; pages and their script are
 * resources of this package ({@code static/}), drawn as SVG in the browser. See docs/dashboard.md.
 */
package org.nas4j.dashboard;
