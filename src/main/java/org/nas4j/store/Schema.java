package org.nas4j.store;

import java.util.List;

/**
 * The store's versioned schema. Each migration takes the schema from version {@code n-1} to {@code n}; a store
 * records every applied version, with the nas4j version that applied it, in {@code nas4j_schema}. Opening an
 * older store applies the missing migrations in one transaction; a newer one is refused, unchanged.
 *
 * <p>Never edit a released migration: add the next one, and a test that opens a store file of the older version.
 */
final class Schema {
  private Schema() {}

  /** One step of the schema; {@code %ID%} stands for the dialect's generated key column,
   * {@code %BLOB%} for its bytes type. */
  record Migration(int version, String description, List<String> statements) {}

  static final List<Migration> MIGRATIONS = List.of(
      new Migration(1, "studies and evaluations", List.of(
          """
          CREATE TABLE nas4j_schema (
            version INTEGER PRIMARY KEY,
            description TEXT NOT NULL,
            nas4j_version TEXT NOT NULL,
            applied_at BIGINT NOT NULL)""",
          """
          CREATE TABLE nas4j_study (
            id %ID%,
            name TEXT NOT NULL UNIQUE,
            space TEXT NOT NULL,
            task TEXT NOT NULL,
            optimizer TEXT NOT NULL,
            seed BIGINT NOT NULL,
            fidelity INTEGER NOT NULL,
            max_evaluations INTEGER NOT NULL,
            max_cost_seconds DOUBLE PRECISION NOT NULL,
            data_fingerprint TEXT NOT NULL,
            options TEXT NOT NULL,
            next_number INTEGER NOT NULL DEFAULT 0,
            finish_seq BIGINT NOT NULL DEFAULT 0,
            nas4j_version TEXT NOT NULL,
            created_at BIGINT NOT NULL)""",
          """
          CREATE TABLE nas4j_evaluation (
            id %ID%,
            study_id BIGINT NOT NULL REFERENCES nas4j_study (id),
            number INTEGER NOT NULL,
            architecture TEXT NOT NULL,
            fidelity INTEGER NOT NULL,
            seed BIGINT NOT NULL,
            status TEXT NOT NULL,
            worker TEXT,
            attempt INTEGER NOT NULL DEFAULT 0,
            objective DOUBLE PRECISION,
            metrics TEXT,
            cost_seconds DOUBLE PRECISION,
            params BIGINT,
            error TEXT,
            finish_seq BIGINT NOT NULL DEFAULT 0,
            nas4j_version TEXT,
            enqueued_at BIGINT NOT NULL,
            claimed_at BIGINT,
            heartbeat_at BIGINT,
            finished_at BIGINT,
            UNIQUE (study_id, number),
            UNIQUE (study_id, architecture, fidelity))""",
          "CREATE INDEX nas4j_evaluation_queue ON nas4j_evaluation (study_id, status, number)",
          "CREATE INDEX nas4j_evaluation_finished ON nas4j_evaluation (study_id, finish_seq)")),
      // JSON of evaluate.Provenance; NULL for evaluations stored before (and for tabular ones)
      new Migration(2, "provenance of each evaluation", List.of(
          "ALTER TABLE nas4j_evaluation ADD COLUMN provenance TEXT")),
      // the study's finish (final model) recorded once, by whichever worker did it: see Store#recordFinish
      new Migration(3, "who finished each study", List.of(
          "ALTER TABLE nas4j_study ADD COLUMN finish_key TEXT",
          "ALTER TABLE nas4j_study ADD COLUMN finished_by TEXT",
          "ALTER TABLE nas4j_study ADD COLUMN finished_at BIGINT")),
      // files shared by a study's workers (PBT checkpoints and populations): see Store#putFiles
      new Migration(4, "study files", List.of(
          """
          CREATE TABLE nas4j_study_file (
            study_id BIGINT NOT NULL REFERENCES nas4j_study (id),
            name TEXT NOT NULL,
            bytes %BLOB% NOT NULL,
            written_at BIGINT NOT NULL,
            PRIMARY KEY (study_id, name))""")));

  /** The schema version this build writes. */
  static final int CURRENT = MIGRATIONS.get(MIGRATIONS.size() - 1).version();

  static String sql(String statement, Dialect dialect) {
    return statement.replace("%ID%", dialect.idColumn)
        .replace("%BLOB%", dialect == Dialect.SQLITE ? "BLOB" : "BYTEA");
  }
}
