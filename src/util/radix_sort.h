// A stable radix sort by bytes, least significant first, for the scan's large sorts of hashed
// keys (posting buckets, the near-duplicate tier's bands), where it runs in a third to a half of
// std::sort's time.
#ifndef TEXTRACE_UTIL_RADIX_SORT_H_
#define TEXTRACE_UTIL_RADIX_SORT_H_

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace textrace {

// Sorts first[0, n) stably by the `bytes` values byte(x, 0) (least significant) ... byte(x,
// bytes - 1) (most), each in [0, 256): one pass a byte, skipped for a byte every element shares.
// `scratch` holds n elements meanwhile; the result is in first[0, n).
template <typename T, typename Byte>
void StableByteSort(T* first, size_t n, T* scratch, int bytes, Byte byte) {
  if (n == 0) return;
  std::vector<std::array<size_t, 256>> count(static_cast<size_t>(bytes));
  for (size_t i = 0; i < n; ++i) {
    for (int d = 0; d < bytes; ++d) ++count[d][byte(first[i], d)];
  }
  T* from = first;
  T* to = scratch;
  for (int d = 0; d < bytes; ++d) {
    std::array<size_t, 256>& at = count[d];
    if (at[byte(first[0], d)] == n) continue;  // a byte all share: no pass
    size_t sum = 0;
    for (size_t& c : at) sum += std::exchange(c, sum);
    for (size_t i = 0; i < n; ++i) to[at[byte(from[i], d)]++] = from[i];
    std::swap(from, to);
  }
  if (from != first) std::copy(from, from + n, first);
}

}  // namespace textrace

#endif  // TEXTRACE_UTIL_RADIX_SORT_H_
