#pragma once
// The CLI's big results (a site of 1,000,000 tenants, its bills) are never freed: the process
// ends right after printing them and the kernel takes the memory back in one step. Freeing them
// one allocation at a time was ≈ 0.5 s of a 100,000-tenant `bill` (docs/performance.md, "The
// whole command on a big site"). For the CLI only: the library and the Python module free
// everything as usual.
#include <memory>
#include <utility>
#include <vector>

namespace submeter::cli {

/// Moves `value` into storage that lives until the process exits and is never destroyed;
/// returns a reference to it. The storage stays reachable from a static pointer, so a leak
/// checker (ASan's LeakSanitizer in CI) does not report it.
template <class T>
T& keep_until_exit(T&& value) {
  static auto* const kept = new std::vector<std::shared_ptr<void>>();
  auto held = std::make_shared<T>(std::forward<T>(value));
  kept->push_back(held);
  return *held;
}

}  // namespace submeter::cli
