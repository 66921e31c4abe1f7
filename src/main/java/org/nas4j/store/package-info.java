/**
 * The experiment store: studies and their evaluations, kept in an embedded SQLite file (the default) or in a
 * PostgreSQL database shared by a team, through one JDBC implementation ({@link org.nas4j.store.Store}).
 *
 * <p>The store is also the work queue of a search: architectures are enqueued, claimed by one worker at a time
 * (row locks), kept alive by heartbeats, and finished with a durable commit before the optimizer hears of the
 * result. A resumed search replays {@link org.nas4j.store.Store#finished} and re-trains what was in flight.
 */
package org.nas4j.store;
