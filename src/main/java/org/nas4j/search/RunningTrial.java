package org.nas4j.search;

/**
 * A trial claimed by some worker and not finished yet.
 *
 * @param id the store's id of the trial
 * @param architecture canonical string
 * @param worker who holds the claim ({@code host:pid:thread})
 * @param heartbeatMillis the last heartbeat (epoch milliseconds)
 */
public record RunningTrial(long id, String architecture, String worker, long heartbeatMillis) {}
