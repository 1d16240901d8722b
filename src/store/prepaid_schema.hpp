#pragma once
/// \file
/// The live prepaid tables (issue 17), added to the ledger file by the migration from schema
/// version 2 to 3 (sqlite_store.cpp): kept here, beside the store that writes them
/// (prepaid_sqlite.cpp).
///
/// - `outbox`: every supply command and notification a live posting asked for (ledger::outbox_row),
///   `number` its delivery order, `id` its stable id, `acked` the time it was acknowledged.
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

}  // namespace submeter::store
