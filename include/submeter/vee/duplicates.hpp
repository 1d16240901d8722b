#pragma once
/// \file
/// VEE-1: duplicates. Gateways resend (an hstdata backlog replayed after an outage, a QoS 1
/// message delivered twice), so one register of one meter at one device time can arrive more
/// than once. The same value twice is one read (an `info` finding, the copy dropped); two
/// different values for one read are an `exception`: the first received is kept (the readings
/// store keeps it too and sets the other aside), and a person decides.

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "submeter/core/time.hpp"
#include "submeter/metering/reading.hpp"
#include "submeter/vee/finding.hpp"

namespace submeter::vee {

/// The reads without duplicates, sorted by meter, register and time, and the findings.
struct deduplicated {
  std::vector<metering::register_value> values;
  std::vector<finding> findings;
};

/// VEE-1: drops every repeated (meter, register, device time), keeping the first in `values`'
/// order (the order received). A repeat with the same value is an `info` finding; with another
/// value an `exception` naming both values (`value` the one dropped, `expected` the one kept).
[[nodiscard]] inline deduplicated remove_duplicates(std::vector<metering::register_value> values) {
  std::stable_sort(values.begin(), values.end(), [](const auto& a, const auto& b) {
    return std::tie(a.meter_id, a.register_number, a.time) <
           std::tie(b.meter_id, b.register_number, b.time);
  });
  deduplicated out;
  out.values.reserve(values.size());
  for (auto& v : values) {
    if (!out.values.empty()) {
      const auto& kept = out.values.back();
      if (kept.meter_id == v.meter_id && kept.register_number == v.register_number &&
          kept.time == v.time) {
        finding f;
        f.what = rule::duplicate;
        f.meter_id = v.meter_id;
        f.register_number = v.register_number;
        f.time = v.time;
        f.until = v.time;
        f.value = v.value;
        f.expected = kept.value;
        if (kept.value == v.value) {
          f.level = severity::info;
          f.message = "the same read arrived twice; the copy is dropped";
        } else {
          f.level = severity::exception;
          f.message = "one read arrived with two values (" + kept.value.to_string(2) + " kept, " +
                      v.value.to_string(2) + " set aside)";
        }
        out.findings.push_back(std::move(f));
        continue;
      }
    }
    out.values.push_back(std::move(v));
  }
  return out;
}

}  // namespace submeter::vee
