#pragma once
// Test support: the submeter::error a call throws.

#include <gtest/gtest.h>

#include "submeter/core/error.hpp"

namespace submeter::test_support {

/// The submeter::error thrown by `f()`; records a test failure (and returns an `unsupported`
/// placeholder) when `f` returns normally.
template <class F>
[[nodiscard]] error error_of(F&& f) {
  try {
    f();
  } catch (const error& e) {
    return e;
  }
  ADD_FAILURE() << "no submeter::error thrown";
  return error(errc::unsupported, "no error was thrown");
}

}  // namespace submeter::test_support
