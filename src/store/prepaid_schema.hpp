#pragma once
/// \file
/// The live prepaid tables (issue 17), added to the ledger by the migration from schema version 2
/// to 3, in SQLite (sqlite_store.cpp) and in PostgreSQL (postgres_store.cpp, tables prefixed
/// `submeter_` as the ledger's are there): kept here, beside the stores that write them
/// (prepaid_sqlite.cpp, prepaid_postgres.cpp).
///
/// - `outbox`: every supply command and notification a live posting asked for (ledger::outbox_row),
///   `number` its delivery order, `id` its stable id, `acked` the time it was acknowledged,
///   `frame` (from SQLite schema 5, PostgreSQL 4) a command's wire frame.
/// - `live_cursors`: each prepaid meter's rating cursor (site::live_cursor as JSON), whose `last`
///   is the last deducted reading.
/// - `live_readings`: every reading given to the live step, once per (meter, time), with its
///   registers and status: a reading given again is a duplicate and posts nothing.

namespace submeter::store {

/// The migration 2 → 3 of the ledger file (one element of sqlite_store.cpp's migrations).
inline constexpr char prepaid_schema_2_to_3[] =
    "CREATE TABLE outbox ("
    "  number INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  id TEXT NOT NULL UNIQUE,"
    "  account TEXT NOT NULL,"
    "  time TEXT NOT NULL,"
    "  command TEXT,"
    "  meter TEXT,"
    "  utility TEXT NOT NULL,"
    "  notice TEXT,"
    "  detail TEXT NOT NULL,"
    "  acked TEXT);"
    "CREATE INDEX outbox_pending ON outbox(acked, number);"
    "CREATE TABLE live_cursors ("
    "  meter TEXT PRIMARY KEY,"
    "  account TEXT NOT NULL,"
    "  last_time TEXT NOT NULL,"
    "  body TEXT NOT NULL);"
    "CREATE TABLE live_readings ("
    "  meter TEXT NOT NULL,"
    "  time TEXT NOT NULL,"
    "  registers TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  account TEXT,"
    "  message TEXT,"
    "  PRIMARY KEY (meter, time));";

/// The migration 3 → 4 of the ledger file, for the durable live path (issue 17, ≥ 50,000
/// readings/s; docs/performance.md): every reading inserts an entry, so each index on `entries`
/// is paid per reading.
/// - `entries_by_time` goes: no query selects entries by time (statements read an account's
///   entries by seq).
/// - "one reversal per entry" becomes a partial unique index over the reversals only (the table
///   constraint UNIQUE (account, reverses) kept an index row for every entry, NULL or not): the
///   table is rebuilt without it, its rows copied as they are.
/// - `live_readings` becomes a WITHOUT ROWID table keyed by (meter, time): one B-tree, not two.
/// Cursors written from version 4 on are compact text (cursor_to_text); the JSON ones of
/// version 3 are read as they are and rewritten compact when their meter is next read.
inline constexpr char prepaid_schema_3_to_4[] =
    "CREATE TABLE entries_v4 ("
    "  account TEXT NOT NULL REFERENCES accounts(id),"
    "  seq INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  key TEXT,"
    "  time TEXT NOT NULL,"
    "  reverses INTEGER,"
    "  balance_after TEXT NOT NULL,"
    "  body TEXT NOT NULL,"
    "  PRIMARY KEY (account, seq),"
    "  UNIQUE (account, key));"
    "INSERT INTO entries_v4 (account, seq, kind, key, time, reverses, balance_after, body)"
    "  SELECT account, seq, kind, key, time, reverses, balance_after, body FROM entries"
    "  ORDER BY rowid;"
    "DROP TABLE entries;"
    "ALTER TABLE entries_v4 RENAME TO entries;"
    "CREATE UNIQUE INDEX entries_reversal ON entries(account, reverses)"
    "  WHERE reverses IS NOT NULL;"
    "CREATE TABLE live_readings_v4 ("
    "  meter TEXT NOT NULL,"
    "  time TEXT NOT NULL,"
    "  registers TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  account TEXT,"
    "  message TEXT,"
    "  PRIMARY KEY (meter, time)) WITHOUT ROWID;"
    "INSERT INTO live_readings_v4 SELECT meter, time, registers, status, account, message"
    "  FROM live_readings;"
    "DROP TABLE live_readings;"
    "ALTER TABLE live_readings_v4 RENAME TO live_readings;";

/// The migration 4 → 5 of the ledger file: an outbox row carries its supply command's wire frame
/// (ledger::outbox_row::frame, hex: the DL/T 645 1C or CJ/T 188 A017 frame), written with the
/// row in the batch's transaction. Nullable: a notification has none, nor a command for a meter
/// without an address, nor any row written before the column (`prepaid outbox --site` builds
/// those from site.json). Adding a nullable column rewrites no row: ids, numbers and
/// acknowledgements stay as they are.
inline constexpr char prepaid_schema_4_to_5[] = "ALTER TABLE outbox ADD COLUMN frame TEXT;";

/// The migration 2 → 3 of a PostgreSQL ledger, SQLite's 2 → 3 there. Times are TIMESTAMP (local
/// civil time, as the entries'); `number` is an identity column (a sequence: numbers are unique and
/// increasing in the order rows are written, and rows of one account are written under its row
/// lock, so they are in that account's order). Meter and id columns sort bytewise (COLLATE "C"), as
/// SQLite's.
inline constexpr char prepaid_postgres_schema_2_to_3[] =
    "CREATE TABLE submeter_outbox ("
    "  number BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    "  id TEXT NOT NULL UNIQUE,"
    "  account TEXT NOT NULL,"
    "  time TIMESTAMP NOT NULL,"
    "  command TEXT,"
    "  meter TEXT,"
    "  utility TEXT NOT NULL,"
    "  notice TEXT,"
    "  detail TEXT NOT NULL,"
    "  acked TEXT);"
    "CREATE INDEX submeter_outbox_pending ON submeter_outbox(number) WHERE acked IS NULL;"
    "CREATE TABLE submeter_live_cursors ("
    "  meter TEXT COLLATE \"C\" PRIMARY KEY,"
    "  account TEXT NOT NULL,"
    "  last_time TIMESTAMP NOT NULL,"
    "  body TEXT NOT NULL);"
    "CREATE TABLE submeter_live_readings ("
    "  meter TEXT COLLATE \"C\" NOT NULL,"
    "  time TIMESTAMP NOT NULL,"
    "  registers TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  account TEXT,"
    "  message TEXT,"
    "  PRIMARY KEY (meter, time));";

/// The migration 3 → 4 of a PostgreSQL ledger: the outbox rows' wire frames, as SQLite's 4 → 5
/// (prepaid_schema_4_to_5; PostgreSQL never had SQLite's 3 → 4, its indexes were right).
inline constexpr char prepaid_postgres_schema_3_to_4[] =
    "ALTER TABLE submeter_outbox ADD COLUMN frame TEXT;";

}  // namespace submeter::store
