// Losses and sharing over a meter tree of 10,000 to 400,000 meters (issue 6), against a
// baseline of one plain pass over the same readings in the same binary. The tree: a grid
// master, 10 transformers, 10 feeders each, tenants and common-area meters spread over the
// feeders. Linear cost shows as the same time per meter at 10k and 100k.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "submeter/allocation/line_loss.hpp"
#include "submeter/allocation/share.hpp"
#include "submeter/metering/meter_tree.hpp"

namespace {

using namespace submeter;
using metering::meter_node;
using metering::meter_tree;
using metering::node_kind;

struct site {
  meter_tree tree;
  std::vector<energy> q;
  std::vector<allocation::sharer> tenants;
};

site make_site(std::size_t meters) {
  std::vector<meter_node> nodes;
  nodes.reserve(meters);
  nodes.push_back({"M", "", node_kind::grid_master, ratio::from_integer(1), false, {}, {}});
  for (int t = 0; t < 10; ++t) {
    const auto tid = "T" + std::to_string(t);
    nodes.push_back({tid, "M", node_kind::transformer, ratio::from_integer(1), false, {}, {}});
    for (int f = 0; f < 10; ++f)
      nodes.push_back({tid + "F" + std::to_string(f),
                       tid,
                       node_kind::feeder,
                       ratio::from_integer(1),
                       false,
                       {},
                       {}});
  }
  const std::size_t feeders = 100;
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::int64_t> kwh(1'000'000, 100'000'000);  // 100 .. 10,000 kWh
  std::vector<std::int64_t> value(meters, 0);
  site s{meter_tree::make(metering::medium::electricity, {nodes.front()}), {}, {}};
  for (std::size_t i = nodes.size(); i < meters; ++i) {
    const std::size_t f = i % feeders;
    const auto parent = "T" + std::to_string(f / 10) + "F" + std::to_string(f % 10);
    const bool common = i % 50 == 0;
    nodes.push_back({"L" + std::to_string(i),
                     parent,
                     common ? node_kind::common_area : node_kind::tenant,
                     ratio::from_integer(1),
                     false,
                     {},
                     {}});
    value[i] = kwh(rng);
  }
  // Parents read their children's sum plus a loss of about 1 %.
  s.tree = meter_tree::make(metering::medium::electricity, nodes);
  std::vector<std::pair<std::string, energy>> readings;
  std::vector<std::int64_t> by_index(meters, 0);
  for (std::size_t i = 0; i < meters; ++i) by_index[s.tree.index_of(nodes[i].id)] = value[i];
  for (std::size_t i = meters; i-- > 0;) {
    if (!s.tree.is_leaf(i)) by_index[i] += by_index[i] / 100;
    if (s.tree.parent(i) != meter_tree::npos) by_index[s.tree.parent(i)] += by_index[i];
  }
  for (std::size_t i = 0; i < meters; ++i)
    readings.emplace_back(s.tree.node(i).id, energy::from_mantissa(by_index[i]));
  s.q = s.tree.quantities(readings);
  for (std::size_t i = 0; i < meters; ++i) {
    if (!s.tree.is_leaf(i)) continue;
    allocation::sharer t;
    t.id = s.tree.node(i).id;
    t.consumption = s.q[i];
    s.tenants.push_back(std::move(t));
  }
  return s;
}

const site& site_of(std::int64_t meters) {
  static std::map<std::int64_t, site> sites;  // built once per size, outside the timed loops
  auto it = sites.find(meters);
  if (it == sites.end())
    it = sites.emplace(meters, make_site(static_cast<std::size_t>(meters))).first;
  return it->second;
}

// Baseline: one plain pass over the same readings (int64 mantissas): each node's children sum,
// then parent − children, no rounding, no split.
void baseline_plain_pass(benchmark::State& state) {
  const auto& s = site_of(state.range(0));
  const std::size_t n = s.tree.size();
  std::vector<std::int64_t> q(n);
  for (std::size_t i = 0; i < n; ++i) q[i] = s.q[i].mantissa();
  std::vector<std::int64_t> children(n);
  for (auto _ : state) {
    std::fill(children.begin(), children.end(), 0);
    for (std::size_t i = 1; i < n; ++i) children[s.tree.parent(i)] += q[i];
    std::int64_t loss = 0;
    for (std::size_t i = 0; i < n; ++i) loss += s.tree.is_leaf(i) ? 0 : q[i] - children[i];
    benchmark::DoNotOptimize(loss);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(baseline_plain_pass)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Arg(400'000)
    ->Unit(benchmark::kMicrosecond);

// Line losses at every node, shared down the tree by largest remainder (LL-1..LL-4).
void allocate_losses(benchmark::State& state) {
  const auto& s = site_of(state.range(0));
  for (auto _ : state) {
    auto r = allocation::allocate_losses(s.tree, s.q);
    benchmark::DoNotOptimize(r.total_allocated);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(s.tree.size()));
}
BENCHMARK(allocate_losses)->Arg(10'000)->Arg(100'000)->Arg(400'000)->Unit(benchmark::kMicrosecond);

// A site-level money amount shared among every leaf by consumption, to the fen (CA-1).
void share_by_consumption(benchmark::State& state) {
  const auto& s = site_of(state.range(0));
  const auto method = allocation::share_method::by(allocation::basis::consumption);
  const money amount = money::parse("1234567.89");
  const money fen = money::parse("0.01");
  for (auto _ : state) {
    auto r = allocation::share(amount, s.tenants, method, fen);
    benchmark::DoNotOptimize(r.parts.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(s.tenants.size()));
}
BENCHMARK(share_by_consumption)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Arg(400'000)
    ->Unit(benchmark::kMicrosecond);

// Building (validating) the tree itself.
void build_tree(benchmark::State& state) {
  const auto& s = site_of(state.range(0));
  std::vector<meter_node> nodes;
  for (std::size_t i = 0; i < s.tree.size(); ++i) nodes.push_back(s.tree.node(i));
  for (auto _ : state) {
    auto t = meter_tree::make(metering::medium::electricity, nodes);
    benchmark::DoNotOptimize(t.size());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(s.tree.size()));
}
BENCHMARK(build_tree)->Arg(10'000)->Arg(100'000)->Arg(400'000)->Unit(benchmark::kMillisecond);

// build_tree without the copy of the meters' list: each iteration's copy is made outside the
// timed region and moved in. At 400,000 meters the list is ≈ 48 MB, above glibc's largest mmap
// threshold, so `build_tree`'s copy maps and faults in fresh pages every iteration: a cost of
// the benchmark's copy that grows with the count, not of `make`.
void build_tree_moved(benchmark::State& state) {
  const auto& s = site_of(state.range(0));
  std::vector<meter_node> nodes;
  for (std::size_t i = 0; i < s.tree.size(); ++i) nodes.push_back(s.tree.node(i));
  for (auto _ : state) {
    state.PauseTiming();
    auto copy = nodes;
    state.ResumeTiming();
    auto t = meter_tree::make(metering::medium::electricity, std::move(copy));
    benchmark::DoNotOptimize(t.size());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(s.tree.size()));
}
BENCHMARK(build_tree_moved)->Arg(10'000)->Arg(100'000)->Arg(400'000)->Unit(benchmark::kMillisecond);

// The same tree with its meters listed in a random order (fixed seed): `build_tree` lists them
// parents before children, the order a tree is written back out in, which `make` keeps as it
// is; here every meter is moved to its place and the id index renumbered.
void build_tree_shuffled(benchmark::State& state) {
  const auto& s = site_of(state.range(0));
  std::vector<meter_node> nodes;
  for (std::size_t i = 0; i < s.tree.size(); ++i) nodes.push_back(s.tree.node(i));
  std::shuffle(nodes.begin(), nodes.end(), std::mt19937_64(11));
  for (auto _ : state) {
    auto t = meter_tree::make(metering::medium::electricity, nodes);
    benchmark::DoNotOptimize(t.size());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(s.tree.size()));
}
BENCHMARK(build_tree_shuffled)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Arg(400'000)
    ->Unit(benchmark::kMillisecond);

// share_by_consumption with the sharers in a random order (fixed seed).
void share_by_consumption_shuffled(benchmark::State& state) {
  const auto& s = site_of(state.range(0));
  auto tenants = s.tenants;
  std::shuffle(tenants.begin(), tenants.end(), std::mt19937_64(11));
  const auto method = allocation::share_method::by(allocation::basis::consumption);
  const money amount = money::parse("1234567.89");
  const money fen = money::parse("0.01");
  for (auto _ : state) {
    auto r = allocation::share(amount, tenants, method, fen);
    benchmark::DoNotOptimize(r.parts.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(tenants.size()));
}
BENCHMARK(share_by_consumption_shuffled)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Arg(400'000)
    ->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
