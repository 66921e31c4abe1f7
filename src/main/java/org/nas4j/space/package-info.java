/**
 * Search spaces and architectures: sampling, mutation, enumeration and canonical strings.
 * Depends on the JDK only.
 */
package org.nas4j.space;
