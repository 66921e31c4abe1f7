/**
 * Search strategies behind one ask/tell interface ({@link org.nas4j.optimize.Optimizer}). Optimizers never
 * train, never touch the store and never start threads.
 */
package org.nas4j.optimize;
