// The readings store in PostgreSQL (readings_postgres.hpp), on libpq (postgres_session.hpp).
//
// Values are energy mantissas at 1e-4 (kWh or m³, as the meter shows them, before the
// multiplier) in BIGINT; multipliers exact decimals in NUMERIC; times TIMESTAMP (local civil
// time, no zone), read back as whole seconds (EXTRACT(EPOCH …) of a TIMESTAMP is its nominal
// seconds since 1970-01-01T00:00, with no zone applied). Never a float.
#include "store/readings_postgres.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "store/postgres_session.hpp"
#include "submeter/core/error.hpp"

namespace submeter::store {
namespace {

using pg::array_literal;
using pg::integer;
using pg::is_null;
using pg::result_ptr;
using pg::text;

/// The migrations, in order: migrations[v] brings the tables from version v to v + 1 (in one
/// transaction with the version, under the advisory lock).
const char* const pg_readings_migrations[] = {
    // 0 → 1: reads, values set aside, estimates, multipliers. Meter ids sort bytewise, as in
    // SQLite, whatever the database's collation.
    "CREATE TABLE submeter_register_values ("
    "  meter TEXT COLLATE \"C\" NOT NULL,"
    "  register SMALLINT NOT NULL CHECK (register BETWEEN 0 AND 8),"
    "  time TIMESTAMP NOT NULL,"
    "  value BIGINT NOT NULL,"  // energy mantissa, 1e-4
    "  received TIMESTAMP,"
    "  source TEXT NOT NULL,"
    "  quality TEXT NOT NULL,"
    "  PRIMARY KEY (meter, register, time));"
    "CREATE TABLE submeter_reading_conflicts ("
    "  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    "  meter TEXT COLLATE \"C\" NOT NULL,"
    "  register SMALLINT NOT NULL,"
    "  time TIMESTAMP NOT NULL,"
    "  value BIGINT NOT NULL,"
    "  received TIMESTAMP,"
    "  source TEXT NOT NULL,"
    "  quality TEXT NOT NULL,"
    "  UNIQUE (meter, register, time, value));"
    "CREATE TABLE submeter_estimates ("
    "  meter TEXT COLLATE \"C\" NOT NULL,"
    "  register SMALLINT NOT NULL,"
    "  time TIMESTAMP NOT NULL,"
    "  value BIGINT NOT NULL,"
    "  method TEXT NOT NULL,"
    "  basis TEXT NOT NULL,"
    "  PRIMARY KEY (meter, register, time));"
    "CREATE TABLE submeter_multipliers ("
    "  meter TEXT COLLATE \"C\" NOT NULL,"
    "  time TIMESTAMP NOT NULL,"
    "  multiplier NUMERIC NOT NULL,"
    "  PRIMARY KEY (meter, time));",
};
static_assert(sizeof(pg_readings_migrations) / sizeof(pg_readings_migrations[0]) ==
              readings_postgres_schema_version);

/// The key of the advisory lock that serialises the readings tables' migrations (the ledger's
/// is 7220020).
constexpr const char* readings_migration_lock = "7220021";

/// How many times a batch is retried after a serialization failure or deadlock (none is expected
/// under READ COMMITTED with ON CONFLICT DO NOTHING).
constexpr int conflict_retries = 5;

const local_time first_storable = local_time{date::local_days{date::year{1} / 1 / 1}};

/// The TIMESTAMP text of `t`; refuses a time PostgreSQL's four-digit years cannot round-trip.
std::string timestamp(local_time t, std::size_t index) {
  if (t < first_storable || t > last_printable_local_time) {
    throw error(errc::invalid_argument,
                "a time before 0001-01-01 or after 9999-12-31T23:59:59 cannot be stored",
                {{"index", std::to_string(index)}});
  }
  return local_interval::format(t);
}

/// The columns of a register value as the statements read them, starting at column `c`.
constexpr const char* value_columns(char table) {
  return table == 'c' ? "c.meter, c.register, EXTRACT(EPOCH FROM c.time)::bigint, c.value, "
                        "EXTRACT(EPOCH FROM c.received)::bigint, c.source, c.quality"
                      : "r.meter, r.register, EXTRACT(EPOCH FROM r.time)::bigint, r.value, "
                        "EXTRACT(EPOCH FROM r.received)::bigint, r.source, r.quality";
}

metering::register_value value_at(const result_ptr& r, int row, int c) {
  metering::register_value v;
  v.meter_id = text(r, row, c);
  v.register_number = static_cast<int>(integer(r, row, c + 1));
  v.time = detail::at_stored_seconds(integer(r, row, c + 2));
  v.value = energy::from_mantissa(integer(r, row, c + 3));
  if (!is_null(r, row, c + 4)) v.received = detail::at_stored_seconds(integer(r, row, c + 4));
  v.source = detail::stored_source("postgres", text(r, row, c + 5));
  v.quality = detail::stored_quality("postgres", text(r, row, c + 6));
  return v;
}

/// The rows of a batch as arrays, one per column (for `unnest`).
struct value_arrays {
  array_literal meter, reg, time, value, received, source, quality;
  void add(const metering::register_value& v, const std::string& time_text,
           const pg::param& received_text) {
    meter.add(v.meter_id);
    reg.add(static_cast<std::int64_t>(v.register_number));
    time.add(time_text);
    value.add(v.value.mantissa());
    received.add_optional(received_text);
    source.add(std::string(metering::to_string(v.source)));
    quality.add(std::string(metering::to_string(v.quality)));
  }
  [[nodiscard]] std::vector<pg::param> params() const {
    return {meter.str(),    reg.str(),    time.str(),   value.str(),
            received.str(), source.str(), quality.str()};
  }
};

/// A read's key: meter, register, device time (seconds).
using read_key = std::tuple<std::string, int, std::int64_t>;

read_key key_of(const metering::register_value& v) {
  return {v.meter_id, v.register_number, detail::stored_seconds(v.time)};
}

class postgres_readings final : public readings_store {
 public:
  explicit postgres_readings(const std::string& conninfo) : db_(conninfo) {
    db_.migrate(readings_migration_lock, "submeter_readings_schema", pg_readings_migrations,
                readings_postgres_schema_version,
                "the readings database was written by a newer submeter");
  }

  append_result append(const std::vector<metering::register_value>& batch) override {
    // Checked, and the times formatted, before the transaction: a refused batch writes nothing.
    std::vector<std::string> times;
    std::vector<pg::param> received;
    times.reserve(batch.size());
    received.reserve(batch.size());
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
      times.push_back(timestamp(v.time, i));
      received.push_back(v.received ? pg::param(timestamp(*v.received, i)) : pg::param());
    }
    if (batch.empty()) return {};
    db_.connect();
    append_result result;
    pg::with_conflict_retries(conflict_retries,
                              [&] { result = append_once(batch, times, received); });
    return result;
  }

  std::vector<metering::register_value> values(const reading_query& q) override {
    std::vector<pg::param> params;
    const std::string sql = std::string("SELECT ") + value_columns('r') +
                            " FROM submeter_register_values r" + where(q, "r.", params) +
                            " ORDER BY r.meter, r.register, r.time";
    db_.connect();
    const auto r = db_.exec(sql.c_str(), params, "read values");
    std::vector<metering::register_value> out;
    out.reserve(static_cast<std::size_t>(PQntuples(r.get())));
    for (int i = 0; i < PQntuples(r.get()); ++i) out.push_back(value_at(r, i, 0));
    return out;
  }

  std::vector<std::string> meters() override {
    db_.connect();
    const auto r = db_.exec("SELECT DISTINCT meter FROM submeter_register_values ORDER BY meter",
                            {}, "read meters");
    std::vector<std::string> out;
    for (int i = 0; i < PQntuples(r.get()); ++i) out.push_back(text(r, i, 0));
    return out;
  }

  std::size_t count() override {
    db_.connect();
    const auto r = db_.exec("SELECT count(*) FROM submeter_register_values", {}, "count");
    return static_cast<std::size_t>(integer(r, 0, 0));
  }

  std::vector<reading_conflict> conflicts() override {
    db_.connect();
    const std::string sql = std::string("SELECT ") + value_columns('c') + ", " +
                            value_columns('r') +
                            " FROM submeter_reading_conflicts c JOIN submeter_register_values r "
                            "ON r.meter = c.meter AND r.register = c.register AND r.time = c.time "
                            "ORDER BY c.seq";
    const auto r = db_.exec(sql.c_str(), {}, "read conflicts");
    std::vector<reading_conflict> out;
    for (int i = 0; i < PQntuples(r.get()); ++i)
      out.push_back({value_at(r, i, 7), value_at(r, i, 0)});
    return out;
  }

  std::size_t add_estimates(const std::vector<vee::estimate>& estimates) override {
    array_literal meter, reg, time, value, method, basis;
    for (std::size_t i = 0; i < estimates.size(); ++i) {
      const auto& e = estimates[i];
      time.add(timestamp(e.time, i));
      meter.add(e.meter_id);
      reg.add(static_cast<std::int64_t>(e.register_number));
      value.add(e.value.mantissa());
      method.add(std::string(vee::to_string(e.method)));
      basis.add(e.basis);
    }
    if (estimates.empty()) return 0;
    db_.connect();
    std::size_t added = 0;
    pg::with_conflict_retries(conflict_retries, [&] {
      pg::transaction tx(db_);
      // Never replaced: an estimate for a key that has one is left out (estimates are never
      // edited), the first of the batch kept when it holds two.
      const auto r = db_.exec(
          "INSERT INTO submeter_estimates (meter, register, time, value, method, basis) "
          "SELECT * FROM unnest($1::text[], $2::smallint[], $3::timestamp[], $4::bigint[], "
          "$5::text[], $6::text[]) ON CONFLICT DO NOTHING",
          {meter.str(), reg.str(), time.str(), value.str(), method.str(), basis.str()},
          "add estimates");
      added = pg::affected(r);
      tx.commit();
    });
    return added;
  }

  std::vector<vee::estimate> estimates(const reading_query& q) override {
    std::vector<pg::param> params;
    const std::string sql =
        "SELECT meter, register, EXTRACT(EPOCH FROM time)::bigint, value, method, basis FROM "
        "submeter_estimates" +
        where(q, "", params) + " ORDER BY meter, register, time";
    db_.connect();
    const auto r = db_.exec(sql.c_str(), params, "read estimates");
    std::vector<vee::estimate> out;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
      vee::estimate e;
      e.meter_id = text(r, i, 0);
      e.register_number = static_cast<int>(integer(r, i, 1));
      e.time = detail::at_stored_seconds(integer(r, i, 2));
      e.value = energy::from_mantissa(integer(r, i, 3));
      const auto m = vee::parse_estimate_method(text(r, i, 4));
      if (!m) throw std::runtime_error("postgres: readings store holds an unknown estimate method");
      e.method = *m;
      e.basis = text(r, i, 5);
      out.push_back(std::move(e));
    }
    return out;
  }

  std::size_t add_multipliers(const std::vector<vee::multiplier_observation>& m) override {
    array_literal meter, time, multiplier;
    for (std::size_t i = 0; i < m.size(); ++i) {
      time.add(timestamp(m[i].time, i));
      meter.add(m[i].meter_id);
      multiplier.add(m[i].multiplier.to_string());
    }
    if (m.empty()) return 0;
    db_.connect();
    std::size_t added = 0;
    pg::with_conflict_retries(conflict_retries, [&] {
      pg::transaction tx(db_);
      const auto r = db_.exec(
          "INSERT INTO submeter_multipliers (meter, time, multiplier) "
          "SELECT * FROM unnest($1::text[], $2::timestamp[], $3::numeric[]) "
          "ON CONFLICT DO NOTHING",
          {meter.str(), time.str(), multiplier.str()}, "add multipliers");
      added = pg::affected(r);
      tx.commit();
    });
    return added;
  }

  std::vector<vee::multiplier_observation> multipliers(const reading_query& q) override {
    std::vector<pg::param> params;
    const std::string sql =
        "SELECT meter, EXTRACT(EPOCH FROM time)::bigint, multiplier::text FROM "
        "submeter_multipliers" +
        where(q, "", params) + " ORDER BY meter, time";
    db_.connect();
    const auto r = db_.exec(sql.c_str(), params, "read multipliers");
    std::vector<vee::multiplier_observation> out;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
      out.push_back({text(r, i, 0), detail::at_stored_seconds(integer(r, i, 1)),
                     ratio::parse(text(r, i, 2))});
    }
    return out;
  }

 private:
  /// " WHERE …" for a query's bounds over `prefix`meter and `prefix`time, appending the
  /// parameters it numbers.
  static std::string where(const reading_query& q, const char* prefix,
                           std::vector<pg::param>& params) {
    std::string w;
    const auto add = [&](const char* column, const char* op, std::string value, const char* cast) {
      params.emplace_back(std::move(value));
      w += w.empty() ? " WHERE " : " AND ";
      w += std::string(prefix) + column + " " + op + " $" + std::to_string(params.size()) + cast;
    };
    if (q.meter) add("meter", "=", *q.meter, "");
    // A bound outside what a TIMESTAMP holds cuts nothing (or everything) off: clamp it.
    const auto clamp = [](local_time t) {
      return local_interval::format(t < first_storable              ? first_storable
                                    : t > last_printable_local_time ? last_printable_local_time
                                                                    : t);
    };
    if (q.from) add("time", ">=", clamp(*q.from), "::timestamp");
    if (q.to) add("time", "<=", clamp(*q.to), "::timestamp");
    return w;
  }

  append_result append_once(const std::vector<metering::register_value>& batch,
                            const std::vector<std::string>& times,
                            const std::vector<pg::param>& received) {
    pg::transaction tx(db_);
    // 1. The first row of each key is offered for insertion; the database says which went in
    //    (a key another writer is inserting waits for it, then counts as stored).
    //    In key order: every writer inserts keys in one order, so two writers of overlapping
    //    backlogs wait for each other but never in a cycle (a deadlock would be retried).
    std::map<read_key, std::size_t> first;
    for (std::size_t i = 0; i < batch.size(); ++i) first.emplace(key_of(batch[i]), i);
    value_arrays offered;
    for (const auto& [k, i] : first) offered.add(batch[i], times[i], received[i]);
    const auto ins = db_.exec(
        "INSERT INTO submeter_register_values "
        "(meter, register, time, value, received, source, quality) "
        "SELECT * FROM unnest($1::text[], $2::smallint[], $3::timestamp[], $4::bigint[], "
        "$5::timestamp[], $6::text[], $7::text[]) ON CONFLICT DO NOTHING "
        "RETURNING meter, register, EXTRACT(EPOCH FROM time)::bigint",
        offered.params(), "append values");
    std::set<read_key> inserted;
    for (int i = 0; i < PQntuples(ins.get()); ++i) {
      inserted.emplace(text(ins, i, 0), static_cast<int>(integer(ins, i, 1)), integer(ins, i, 2));
    }
    // 2. The stored value of every other key.
    std::map<read_key, std::int64_t> stored;
    array_literal meter, reg, time;
    for (const auto& [k, i] : first) {
      if (inserted.count(k) != 0) {
        stored.emplace(k, batch[i].value.mantissa());
      } else {
        meter.add(std::get<0>(k));
        reg.add(static_cast<std::int64_t>(std::get<1>(k)));
        time.add(times[i]);
      }
    }
    if (!meter.empty()) {
      const auto r = db_.exec(
          "SELECT v.meter, v.register, EXTRACT(EPOCH FROM v.time)::bigint, v.value "
          "FROM submeter_register_values v JOIN unnest($1::text[], $2::smallint[], "
          "$3::timestamp[]) AS k(meter, register, time) "
          "ON v.meter = k.meter AND v.register = k.register AND v.time = k.time",
          {meter.str(), reg.str(), time.str()}, "read stored values");
      for (int i = 0; i < PQntuples(r.get()); ++i) {
        stored.emplace(
            read_key{text(r, i, 0), static_cast<int>(integer(r, i, 1)), integer(r, i, 2)},
            integer(r, i, 3));
      }
    }
    // 3. Each row in order: stored, the same value again, or another value (set aside once).
    append_result result;
    std::set<std::pair<read_key, std::int64_t>> aside;
    value_arrays set_aside;
    std::size_t candidates = 0;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const auto k = key_of(batch[i]);
      const auto s = stored.find(k);
      if (s == stored.end()) {
        throw std::runtime_error("postgres: a read neither inserted nor stored: " +
                                 batch[i].meter_id);
      }
      if (first.at(k) == i && inserted.count(k) != 0) {
        ++result.inserted;
      } else if (s->second == batch[i].value.mantissa()) {
        ++result.duplicates;
      } else if (aside.emplace(k, batch[i].value.mantissa()).second) {
        set_aside.add(batch[i], times[i], received[i]);
        ++candidates;
      } else {
        ++result.duplicates;
      }
    }
    if (candidates > 0) {
      // Kept aside in arrival order; a value kept aside before counts as a duplicate.
      const auto r = db_.exec(
          "INSERT INTO submeter_reading_conflicts "
          "(meter, register, time, value, received, source, quality) "
          "SELECT m, r, t, v, rc, s, q FROM unnest($1::text[], $2::smallint[], $3::timestamp[], "
          "$4::bigint[], $5::timestamp[], $6::text[], $7::text[]) WITH ORDINALITY "
          "AS u(m, r, t, v, rc, s, q, n) ORDER BY n ON CONFLICT DO NOTHING",
          set_aside.params(), "set values aside");
      result.conflicts = pg::affected(r);
      result.duplicates += candidates - result.conflicts;
    }
    tx.commit();
    return result;
  }

  pg::session db_;
};

}  // namespace

std::unique_ptr<readings_store> open_postgres_readings(const std::string& conninfo) {
  return std::make_unique<postgres_readings>(conninfo);
}

}  // namespace submeter::store
