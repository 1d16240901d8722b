// The readings store in SQLite (readings_sqlite.hpp).
#include "store/readings_sqlite.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "store/sqlite_statement.hpp"
#include "submeter/core/error.hpp"

namespace submeter::store {
namespace {

// The SQLite C API as the stores use it (store/sqlite_statement.hpp).
using sqlite::busy;
using sqlite::exec;
using sqlite::fail;
using sqlite::reset_on_exit;
using sqlite::statement;
using sqlite::transaction;

/// The migrations, in order: migrations[v] brings a file from user_version v to v + 1. Times are
/// local civil seconds since 1970-01-01T00:00 (the date library's local_seconds), values energy
/// mantissas at 1e-4 (kWh or m³), as the meter shows them, before the multiplier.
const char* const readings_migrations[] = {
    // 0 → 1: reads, values set aside, estimates, multipliers.
    "CREATE TABLE register_values ("
    "  meter TEXT NOT NULL,"
    "  register INTEGER NOT NULL CHECK (register BETWEEN 0 AND 8),"
    "  time INTEGER NOT NULL,"
    "  value INTEGER NOT NULL,"
    "  received INTEGER,"
    "  source TEXT NOT NULL,"
    "  quality TEXT NOT NULL,"
    "  PRIMARY KEY (meter, register, time)) WITHOUT ROWID;"
    "CREATE TABLE conflicts ("
    "  seq INTEGER PRIMARY KEY,"
    "  meter TEXT NOT NULL,"
    "  register INTEGER NOT NULL,"
    "  time INTEGER NOT NULL,"
    "  value INTEGER NOT NULL,"
    "  received INTEGER,"
    "  source TEXT NOT NULL,"
    "  quality TEXT NOT NULL,"
    "  UNIQUE (meter, register, time, value));"
    "CREATE TABLE estimates ("
    "  meter TEXT NOT NULL,"
    "  register INTEGER NOT NULL,"
    "  time INTEGER NOT NULL,"
    "  value INTEGER NOT NULL,"
    "  method TEXT NOT NULL,"
    "  basis TEXT NOT NULL,"
    "  PRIMARY KEY (meter, register, time)) WITHOUT ROWID;"
    "CREATE TABLE multipliers ("
    "  meter TEXT NOT NULL,"
    "  time INTEGER NOT NULL,"
    "  multiplier TEXT NOT NULL,"
    "  PRIMARY KEY (meter, time)) WITHOUT ROWID;",
};
static_assert(sizeof(readings_migrations) / sizeof(readings_migrations[0]) ==
              readings_schema_version);

/// Appends "WHERE …" for a query's bounds over columns meter and time; returns how many
/// parameters it binds (meter first, then from, then to).
std::string where(const reading_query& q) {
  std::string w;
  auto add = [&w](const char* c) {
    w += w.empty() ? " WHERE " : " AND ";
    w += c;
  };
  if (q.meter) add("meter = ?1");
  if (q.from) add("time >= ?2");
  if (q.to) add("time <= ?3");
  return w;
}

void bind_query(statement& s, const reading_query& q) {
  if (q.meter) s.bind(1, *q.meter);
  if (q.from) s.bind(2, detail::stored_seconds(*q.from));
  if (q.to) s.bind(3, detail::stored_seconds(*q.to));
}

class sqlite_readings final : public readings_store {
 public:
  sqlite_readings(const std::string& path, const readings_sqlite_options& options)
      : options_(options) {
    const int rc =
        sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      const std::string text = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      throw error(errc::not_found, "cannot open the readings store",
                  {{"file", path}, {"sqlite", text}});
    }
    try {
      prepare(path);
    } catch (const error&) {
      close_all();
      throw;
    } catch (...) {
      const bool not_a_database = sqlite3_errcode(db_) == SQLITE_NOTADB;
      close_all();
      if (not_a_database) throw not_a_store(path);
      throw;
    }
  }
  ~sqlite_readings() override { close_all(); }

  append_result append(const std::vector<metering::register_value>& batch) override {
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const auto& v = batch[i];
      if (v.meter_id.empty() || v.register_number < 0 ||
          v.register_number > metering::max_rate_registers) {
        throw error(errc::invalid_argument,
                    "a stored read names a meter and a register 0 (total) or 1..8",
                    {{"index", std::to_string(i)},
                     {"meter", v.meter_id},
                     {"register", std::to_string(v.register_number)}});
      }
    }
    append_result result;
    with_retries([&] {
      result = {};
      transaction tx(db_);
      for (const auto& v : batch) {
        reset_on_exit r{*insert_};
        bind_row(*insert_, v);
        insert_->step();
        if (sqlite3_changes(db_) == 1) {
          ++result.inserted;
          continue;
        }
        reset_on_exit r2{*lookup_};
        lookup_->bind(1, v.meter_id)
            .bind(2, static_cast<std::int64_t>(v.register_number))
            .bind(3, detail::stored_seconds(v.time));
        if (lookup_->step() && lookup_->integer(0) == v.value.mantissa()) {
          ++result.duplicates;
          continue;
        }
        // Another value: kept aside once (a replayed conflicting value is a duplicate of it).
        reset_on_exit r3{*set_aside_};
        bind_row(*set_aside_, v);
        set_aside_->step();
        if (sqlite3_changes(db_) == 1) {
          ++result.conflicts;
        } else {
          ++result.duplicates;
        }
      }
      tx.commit();
    });
    return result;
  }

  std::vector<metering::register_value> values(const reading_query& q) override {
    statement s(db_, ("SELECT meter, register, time, value, received, source, quality FROM "
                      "register_values" +
                      where(q) + " ORDER BY meter, register, time")
                         .c_str());
    bind_query(s, q);
    std::vector<metering::register_value> out;
    while (s.step()) out.push_back(row(s, 0));
    return out;
  }

  std::vector<std::string> meters() override {
    statement s(db_, "SELECT DISTINCT meter FROM register_values ORDER BY meter");
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.text(0));
    return out;
  }

  std::size_t count() override {
    statement s(db_, "SELECT count(*) FROM register_values");
    s.step();
    return static_cast<std::size_t>(s.integer(0));
  }

  std::vector<reading_conflict> conflicts() override {
    statement s(db_,
                "SELECT c.meter, c.register, c.time, c.value, c.received, c.source, c.quality, "
                "r.meter, r.register, r.time, r.value, r.received, r.source, r.quality "
                "FROM conflicts c JOIN register_values r ON r.meter = c.meter AND "
                "r.register = c.register AND r.time = c.time ORDER BY c.seq");
    std::vector<reading_conflict> out;
    while (s.step()) out.push_back({row(s, 7), row(s, 0)});
    return out;
  }

  std::size_t add_estimates(const std::vector<vee::estimate>& estimates) override {
    std::size_t added = 0;
    with_retries([&] {
      added = 0;
      transaction tx(db_);
      statement s(db_,
                  "INSERT INTO estimates (meter, register, time, value, method, basis) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING");
      for (const auto& e : estimates) {
        reset_on_exit r{s};
        s.bind(1, e.meter_id)
            .bind(2, static_cast<std::int64_t>(e.register_number))
            .bind(3, detail::stored_seconds(e.time))
            .bind(4, e.value.mantissa())
            .bind(5, std::string(vee::to_string(e.method)))
            .bind(6, e.basis);
        s.step();
        added += static_cast<std::size_t>(sqlite3_changes(db_));
      }
      tx.commit();
    });
    return added;
  }

  std::vector<vee::estimate> estimates(const reading_query& q) override {
    statement s(db_, ("SELECT meter, register, time, value, method, basis FROM estimates" +
                      where(q) + " ORDER BY meter, register, time")
                         .c_str());
    bind_query(s, q);
    std::vector<vee::estimate> out;
    while (s.step()) {
      vee::estimate e;
      e.meter_id = s.text(0);
      e.register_number = static_cast<int>(s.integer(1));
      e.time = detail::at_stored_seconds(s.integer(2));
      e.value = energy::from_mantissa(s.integer(3));
      const auto m = vee::parse_estimate_method(s.text(4));
      if (!m) throw std::runtime_error("sqlite: readings store holds an unknown estimate method");
      e.method = *m;
      e.basis = s.text(5);
      out.push_back(std::move(e));
    }
    return out;
  }

  std::size_t add_multipliers(const std::vector<vee::multiplier_observation>& m) override {
    std::size_t added = 0;
    with_retries([&] {
      added = 0;
      transaction tx(db_);
      statement s(db_,
                  "INSERT INTO multipliers (meter, time, multiplier) VALUES (?1, ?2, ?3) "
                  "ON CONFLICT DO NOTHING");
      for (const auto& o : m) {
        reset_on_exit r{s};
        s.bind(1, o.meter_id)
            .bind(2, detail::stored_seconds(o.time))
            .bind(3, o.multiplier.to_string());
        s.step();
        added += static_cast<std::size_t>(sqlite3_changes(db_));
      }
      tx.commit();
    });
    return added;
  }

  std::vector<vee::multiplier_observation> multipliers(const reading_query& q) override {
    statement s(db_, ("SELECT meter, time, multiplier FROM multipliers" + where(q) +
                      " ORDER BY meter, time")
                         .c_str());
    bind_query(s, q);
    std::vector<vee::multiplier_observation> out;
    while (s.step()) {
      out.push_back(
          {s.text(0), detail::at_stored_seconds(s.integer(1)), ratio::parse(s.text(2))});
    }
    return out;
  }

 private:
  static error not_a_store(const std::string& path) {
    return error(errc::unsupported, "the file is not a readings store",
                 {{"file", path}, {"expected", "a readings store (or a new file)"}});
  }

  void prepare(const std::string& path) {
    sqlite3_busy_timeout(db_, static_cast<int>(options_.busy_timeout.count()));
    // Who the file is, before anything is written to it (WAL mode is kept in the file's header):
    // another application's database, or a file that is not SQLite, is left as it was.
    with_retries([&] { check_identity(path); });
    with_retries([&] { exec(db_, "PRAGMA journal_mode=WAL;"); });
    exec(db_,
         options_.synchronous_full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
    with_retries([&] { migrate(path); });
    insert_ = std::make_unique<statement>(
        db_,
        "INSERT INTO register_values (meter, register, time, value, received, source, quality) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING");
    lookup_ = std::make_unique<statement>(
        db_, "SELECT value FROM register_values WHERE meter = ?1 AND register = ?2 AND time = ?3");
    set_aside_ = std::make_unique<statement>(
        db_,
        "INSERT INTO conflicts (meter, register, time, value, received, source, quality) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING");
  }

  void close_all() noexcept {
    insert_.reset();
    lookup_.reset();
    set_aside_.reset();
    sqlite3_close(db_);
    db_ = nullptr;
  }

  static void bind_row(statement& s, const metering::register_value& v) {
    s.bind(1, v.meter_id)
        .bind(2, static_cast<std::int64_t>(v.register_number))
        .bind(3, detail::stored_seconds(v.time))
        .bind(4, v.value.mantissa());
    if (v.received) {
      s.bind(5, detail::stored_seconds(*v.received));
    } else {
      s.bind_null(5);
    }
    s.bind(6, std::string(metering::to_string(v.source)))
        .bind(7, std::string(metering::to_string(v.quality)));
  }

  static metering::register_value row(statement& s, int c) {
    metering::register_value v;
    v.meter_id = s.text(c);
    v.register_number = static_cast<int>(s.integer(c + 1));
    v.time = detail::at_stored_seconds(s.integer(c + 2));
    v.value = energy::from_mantissa(s.integer(c + 3));
    if (!s.is_null(c + 4)) v.received = detail::at_stored_seconds(s.integer(c + 4));
    v.source = detail::stored_source("sqlite", s.text(c + 5));
    v.quality = detail::stored_quality("sqlite", s.text(c + 6));
    return v;
  }

  template <class F>
  void with_retries(F&& f) {
    for (int attempt = 0;; ++attempt) {
      try {
        f();
        return;
      } catch (const busy&) {
        if (attempt >= options_.busy_retries) throw;
        std::this_thread::sleep_for(std::chrono::milliseconds(1 + attempt * 5));
      }
    }
  }

  int pragma(const char* sql) {
    statement q(db_, sql);
    return q.step() ? static_cast<int>(q.integer(0)) : 0;
  }

  /// Refuses a file that is not a readings store (nor a new, empty file) or is of a newer
  /// schema; reads only.
  void check_identity(const std::string& path) {
    const int version = pragma("PRAGMA user_version;");
    const int app = pragma("PRAGMA application_id;");
    if ((app != 0 && app != readings_application_id) || (app == 0 && version != 0)) {
      throw not_a_store(path);
    }
    if (app == 0 && pragma("SELECT count(*) FROM sqlite_master;") != 0) throw not_a_store(path);
    if (version > readings_schema_version) {
      throw error(errc::unsupported, "the readings store was written by a newer submeter",
                  {{"file", path},
                   {"schema_version", std::to_string(version)},
                   {"supported", std::to_string(readings_schema_version)}});
    }
  }

  void migrate(const std::string& path) {
    int version = pragma("PRAGMA user_version;");
    const int app = pragma("PRAGMA application_id;");
    if ((app != 0 && app != readings_application_id) || (app == 0 && version != 0)) {
      throw not_a_store(path);
    }
    if (version > readings_schema_version) {
      throw error(errc::unsupported, "the readings store was written by a newer submeter",
                  {{"file", path},
                   {"schema_version", std::to_string(version)},
                   {"supported", std::to_string(readings_schema_version)}});
    }
    while (version < readings_schema_version) {
      transaction tx(db_);
      // Re-read inside the write lock: another process may have migrated meanwhile.
      const int now = pragma("PRAGMA user_version;");
      if (now == version) {
        exec(db_, readings_migrations[version]);
        exec(db_,
             ("PRAGMA application_id = " + std::to_string(readings_application_id) + ";").c_str());
        exec(db_, ("PRAGMA user_version = " + std::to_string(version + 1) + ";").c_str());
        version += 1;
      } else {
        version = now;
      }
      tx.commit();
    }
  }

  sqlite3* db_ = nullptr;
  readings_sqlite_options options_;
  std::unique_ptr<statement> insert_, lookup_, set_aside_;
};

}  // namespace

std::unique_ptr<readings_store> open_sqlite_readings(const std::string& path,
                                                     const readings_sqlite_options& options) {
  return std::make_unique<sqlite_readings>(path, options);
}

}  // namespace submeter::store
