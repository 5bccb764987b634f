// Overflow-checked integer arithmetic for money and minute totals.
//
// Amounts and minutes are int64. A silent wrap-around would turn an invoice
// into garbage, so every product or sum that an input can push to the limit
// goes through these helpers and the caller refuses the request instead.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_CHECKED_ARITHMETIC_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_CHECKED_ARITHMETIC_H_

#include <cstdint>
#include <optional>

namespace supportbytime::domain {

inline std::optional<int64_t> CheckedAdd(int64_t a, int64_t b) {
  int64_t out;
  if (__builtin_add_overflow(a, b, &out)) return std::nullopt;
  return out;
}

inline std::optional<int64_t> CheckedSub(int64_t a, int64_t b) {
  int64_t out;
  if (__builtin_sub_overflow(a, b, &out)) return std::nullopt;
  return out;
}

inline std::optional<int64_t> CheckedMul(int64_t a, int64_t b) {
  int64_t out;
  if (__builtin_mul_overflow(a, b, &out)) return std::nullopt;
  return out;
}

// 10^exp for 0 <= exp <= 18, the powers an int64 holds.
inline constexpr int64_t Pow10(int exp) {
  int64_t out = 1;
  for (int i = 0; i < exp; ++i) out *= 10;
  return out;
}

// numerator / denominator rounded half away from zero, for denominator > 0.
// Done with quotient and remainder so that no intermediate can overflow.
inline constexpr int64_t DivideHalfUp(int64_t numerator, int64_t denominator) {
  int64_t q = numerator / denominator;
  int64_t r = numerator % denominator;
  // r is in (-denominator, denominator); compare |r| with denominator - |r|
  // instead of 2*|r| with denominator, which could overflow.
  if (r >= 0) {
    if (r >= denominator - r) ++q;
  } else {
    if (-r >= denominator + r) --q;
  }
  return q;
}

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_CHECKED_ARITHMETIC_H_
