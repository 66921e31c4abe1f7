/** What an evaluation is ({@link org.nas4j.evaluate.Evaluation}) and what makes one ({@link org.nas4j.evaluate.Evaluator}). */
package org.nas4j.evaluate;
