package org.nas4j.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nas4j.evaluate.Budget;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.space.Architecture;

/**
 * Where studies and their evaluations live, and the work queue of a search.
 *
 * <p><b>Opening.</b> {@link #open(String)} takes a file path (an SQLite file, created if missing), {@code :memory:}
 * (a private in-memory SQLite database) or a {@code jdbc:postgresql:} URL (tables are created on first use, in the
 * connection's schema). A corrupt file, a locked store, or a store written by a newer nas4j is an
 * {@link org.nas4j.InputException} with a one-line message, and the file is left as it was.
 *
 * <p><b>Work queue.</b> An evaluation is {@linkplain #enqueue enqueued} (WAITING), {@linkplain #claim claimed} by
 * exactly one worker (RUNNING), kept alive with {@link #heartbeat}, and {@linkplain #finish finished} (COMPLETE or
 * FAILED) with a durable commit; only then may the optimizer hear of it. A claim whose heartbeat stops is
 * released back to WAITING, so a killed worker's evaluation is trained again, never lost and never finished twice.
 * An architecture is enqueued at most once per study and fidelity.
 *
 * <p><b>Threads and processes.</b> Implementations are thread-safe, and several processes may share one store:
 * SQLite serialises writers on the file (WAL mode, busy timeout), PostgreSQL claims rows with
 * {@code FOR UPDATE SKIP LOCKED}. Returned values are snapshots that later calls never change.
 */
public interface Store extends AutoCloseable {

  /** Opens (creating if needed) the store at a path, {@code :memory:} or a {@code jdbc:postgresql:} URL. */
  static Store open(String urlOrPath) {
    return JdbcStore.open(urlOrPath, JdbcStore.Settings.defaults());
  }

  /** Opens a store that must already exist (an SQLite file or an initialised PostgreSQL schema). */
  static Store openExisting(String urlOrPath) {
    return JdbcStore.open(urlOrPath, JdbcStore.Settings.defaults().existingOnly());
  }

  /** Where the store is, as given (a PostgreSQL password is masked). */
  String location();

  /** The SQLite file, however it was spelled ({@code x.db} or {@code jdbc:sqlite:x.db}); empty for others. */
  Optional<Path> file();

  /** The schema version of the open store. */
  int schemaVersion();

  // ---- studies

  /** Creates a study; an {@link org.nas4j.InputException} if one of that name exists. */
  Study createStudy(StudySpec spec);

  /**
   * Creates the study, or loads it to resume: a stored study must have the same identity (space, task,
   * optimizer, seed, fidelity, dataset fingerprint, options), otherwise an {@link org.nas4j.InputException} names
   * every differing field and the store is unchanged. A stored study keeps its stored budget (the store is
   * authoritative: a process that joins a study must not change it by accident); see {@link #setBudget}.
   */
  Study createOrLoadStudy(StudySpec spec);

  /** Gives a study a new budget, e.g. to continue a search for longer; returns the study with it. */
  Study setBudget(Study study, Budget budget);

  /** A study by name; an {@link org.nas4j.InputException} listing the known names if there is none. */
  Study study(String name);

  /** Every study, in creation order. */
  List<Study> studies();

  // ---- work queue

  /**
   * Enqueues an architecture at the study's fidelity. If the study already holds this architecture at that
   * fidelity (in any state) nothing is added and the stored trial is returned; check {@link Trial#status()}.
   */
  default Trial enqueue(Study study, String architecture) {
    return enqueue(study, architecture, study.spec().fidelity());
  }

  /** {@link #enqueue(Study, String)} with an architecture value. */
  default Trial enqueue(Study study, Architecture architecture) {
    return enqueue(study, architecture.toString());
  }

  /** Enqueues an architecture at a given fidelity (epochs); see {@link #enqueue(Study, String)}. */
  Trial enqueue(Study study, String architecture, int fidelity);

  /**
   * Adds an architecture at the study's fidelity already claimed by {@code worker}, in one transaction, unless
   * the study holds it already ({@link Added.Outcome#DUPLICATE}) or holds {@code limit} evaluations in any
   * state ({@link Added.Outcome#FULL}). Several processes adding at once never exceed the limit.
   */
  Added add(Study study, String architecture, String worker, int limit);

  /**
   * Adds an architecture at the study's fidelity as WAITING, for any worker to claim ({@link Added.Outcome#QUEUED}),
   * unless the study holds it already or holds {@code limit} evaluations: a worker that asks its optimizer for
   * others (workers queued for the suggestion lock) never exceeds the budget either.
   */
  default Added offer(Study study, String architecture, int limit) {
    return offer(study, List.of(architecture), limit).get(0);
  }

  /**
   * {@link #offer(Study, String, int)} for several architectures in one transaction (a few round trips whatever
   * their number): one outcome per architecture, in order, as offering them one by one would give.
   */
  List<Added> offer(Study study, List<String> architectures, int limit);

  /**
   * Claims the oldest WAITING evaluation of the study for a worker, atomically: no two workers ever hold the
   * same evaluation. Before claiming, RUNNING claims whose last heartbeat is older than {@code staleAfter} are
   * released (their workers are presumed dead). Empty when nothing is waiting.
   */
  Optional<Claim> claim(Study study, String worker, Duration staleAfter);

  /** Claims the oldest WAITING evaluation of the study, releasing nothing first; empty when nothing is waiting. */
  Optional<Claim> claim(Study study, String worker);

  /** Claims one particular WAITING evaluation (e.g. the one just enqueued); empty if it is not WAITING. */
  Optional<Claim> claim(Trial trial, String worker);

  /** Records that the claim's worker is alive; a {@link ClaimLostException} if the claim was released. */
  void heartbeat(Claim claim);

  /**
   * Stores the result of a claimed evaluation and commits it durably (it survives a kill right after this
   * returns). The evaluation must be of the claimed architecture, fidelity and the study's task.
   *
   * @return the finished trial, with its {@link Trial#finishSeq()}
   * @throws ClaimLostException if the claim was released meanwhile (the result is not stored)
   */
  Trial finish(Claim claim, Evaluation evaluation);

  /**
   * {@link #finish(Claim, Evaluation)} that also writes study files (see {@link #putFiles}) in the same
   * transaction: a PBT member-step's result never exists without its checkpoint.
   */
  Trial finish(Claim claim, Evaluation evaluation, Map<String, byte[]> files);

  /** Gives a claim back (WAITING again, to be trained by someone); false if it was no longer held. */
  boolean release(Claim claim);

  /**
   * Releases a RUNNING evaluation seen in {@link #running}, if the same claim (worker and attempt) still holds
   * it: for a search that knows the holder is dead (a process of its own host that no longer exists).
   */
  boolean release(Trial running);

  /** The RUNNING evaluations of the study, with their workers and last heartbeats, in enqueue order. */
  List<Trial> running(Study study);

  /**
   * Releases RUNNING claims of the study whose last heartbeat is older than {@code olderThan}; with
   * {@link Duration#ZERO} every claim is released (a single-process search resuming after a kill).
   *
   * @return how many were released
   */
  int releaseStale(Study study, Duration olderThan);

  // ---- coordination between workers

  /**
   * Takes a lock on the study for a purpose, waiting while another worker (of any process on this store) holds
   * it. PostgreSQL: a session advisory lock on a connection of its own, freed by the server if this process dies
   * or its session is ended (then two holders may overlap for a moment: what the lock guards must stay correct
   * without it, e.g. {@link #add} never exceeds the budget, and only make it better). SQLite: a lock on one byte of
   * {@code <store file>.lock} (created next to the store), which the operating system frees when the process dies;
   * {@code :memory:} stores lock within this JVM.
   */
  StudyLock lockStudy(Study study, StudyLock.Purpose purpose);

  /** The study's recorded finish, if a worker finished it; see {@link #recordFinish}. */
  Optional<StudyFinish> finishRecord(Study study);

  /**
   * Records that {@code by} finished the study (e.g. trained its final model); take
   * {@link StudyLock.Purpose#FINISH} first and check {@link #finishRecord}, so the finish is done once.
   */
  void recordFinish(Study study, String key, String by);

  // ---- files shared by a study's workers (PBT checkpoints and populations)

  /**
   * Writes (or replaces) files of the study and deletes others, in one transaction: e.g. a PBT generation's
   * population with its children's checkpoints, and the checkpoints nobody refers to any more.
   */
  void putFiles(Study study, Map<String, byte[]> files, java.util.Collection<String> delete);

  /** A file of the study, empty if there is none. */
  Optional<byte[]> file(Study study, String name);

  /** The names of the study's files, sorted. */
  List<String> fileNames(Study study);

  // ---- reading

  /** Every evaluation of the study, in enqueue order. */
  List<Trial> trials(Study study);

  /** The evaluations numbered {@code fromNumber} or later, in enqueue order: what was added since a worker last looked. */
  List<Trial> trialsFrom(Study study, int fromNumber);

  /** Finished evaluations (COMPLETE and FAILED) in the order they finished: replay them to rebuild an optimizer. */
  default List<Trial> finished(Study study) {
    return finishedAfter(study, 0);
  }

  /** Finished evaluations with {@link Trial#finishSeq()} greater than {@code finishSeq}, in finish order. */
  List<Trial> finishedAfter(Study study, long finishSeq);

  /** COMPLETE evaluations in finish order. */
  List<Evaluation> completed(Study study);

  /** The COMPLETE evaluation with the highest objective (ties: the earlier finished). */
  Optional<Trial> best(Study study);

  /** How many evaluations are in each state, and the cost spent. */
  Counts counts(Study study);

  /**
   * COMPLETE evaluations of every study in {@code space} whose task is not {@code excludingTask}, by task name
   * (sorted), each list in study then finish order: the source tasks for transfer (XferNAS).
   */
  Map<String, List<Evaluation>> evaluationsOnOtherTasks(String space, String excludingTask);

  @Override
  void close();
}
