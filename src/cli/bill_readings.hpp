#pragma once
// `bill --readings-db STORE` and `prepaid run --readings-db STORE`: a site's readings taken from
// the readings store (store/readings_store.hpp) instead of its readings.csv, with the quality of
// each read (QUAL-1: VEE estimates kept in the store are read as 估抄 where no actual read is
// stored) and the estimates an actual read has replaced since (QUAL-2, the true-up).
#include <string>
#include <vector>

#include "submeter/bill/period.hpp"
#include "submeter/metering/reading.hpp"
#include "submeter/site/run.hpp"
#include "submeter/site/site.hpp"

namespace submeter::cli {

/// `dir`/site.json (and intervals.csv and reactive.csv when present) with the readings of the
/// readings store at `readings_db` for the site's meters (every time: earlier months are the
/// bills' history and re-rating) instead of `dir`/readings.csv. An estimate of the store stands
/// for a read the store does not have (quality estimated, noted with its rule, method and basis);
/// an estimate whose actual read is stored since is a replaced estimate (the true-up); a stored
/// read whose quality is not actual is noted as such. A store holding exactly the values of a
/// readings.csv gives the site io::load_site builds from it, so the same bills byte for byte.
/// Refuses (exit 1, nothing written): `dir` not a directory, no file at `readings_db`
/// (errc::not_found), an empty file or one that is not a readings store (errc::unsupported), and
/// what io::load_site refuses of the readings, naming "<readings_db> (readings store)", the meter
/// and the time.
[[nodiscard]] site::site load_site_from_store(const std::string& dir,
                                              const std::string& readings_db);

/// site::run_site of a site loaded by load_site_from_store: a refusal (a meter without a read at
/// a bound of the period, …) names the readings store after what it names (tenant, meter, time).
[[nodiscard]] site::site_run run_from_store(const site::site& s, const bill::billing_period& period,
                                            const std::string& readings_db);

/// The actual reads of the readings store at `readings_db` for the meters of `dir`/site.json, one
/// reading per meter and time (what `prepaid run` deducts: estimates are never deducted).
/// Refuses what load_site_from_store refuses of the store, and a reading with rate registers but
/// no total (errc::inconsistent, naming the store, meter and time).
[[nodiscard]] std::vector<metering::reading> store_readings_of_site(const std::string& dir,
                                                                    const std::string& readings_db);

}  // namespace submeter::cli
