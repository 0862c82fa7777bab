// A minimal parallel loop: results go into slots indexed by the loop variable, so the output of
// a parallel stage never depends on the number of threads or on scheduling.
#ifndef TEXTRACE_UTIL_PARALLEL_H_
#define TEXTRACE_UTIL_PARALLEL_H_

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "textrace/status.h"

namespace textrace {

// The machine's hardware threads, at least 1.
inline int HardwareThreads() {
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

// The thread count to use for `requested`: 0 = all hardware threads, else as many as asked (the
// option table allows 1 to 1024; the CLI caps it to the cores, and tests run more than the cores
// to show that a result never depends on the count).
inline int ResolveThreads(int requested) {
  return requested > 0 ? requested : HardwareThreads();
}

// Runs fn(i, worker) for i in [0, n) on `threads` threads (worker in [0, threads)). Stops early
// at the first error, which is returned; which error is "first" may depend on scheduling, so
// callers that must be deterministic on errors should record per-item statuses instead.
inline Status ParallelFor(size_t n, int threads, const std::function<Status(size_t, int)>& fn) {
  std::atomic<size_t> next{0};
  std::mutex mu;
  Status first_error;
  auto work = [&](int worker) {
    for (size_t i; (i = next.fetch_add(1)) < n;) {
      Status st = fn(i, worker);
      if (!st.ok()) {
        std::lock_guard<std::mutex> lock(mu);
        if (first_error.ok()) first_error = st;
        next = n;
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& t : pool) t.join();
  return first_error;
}

}  // namespace textrace

#endif  // TEXTRACE_UTIL_PARALLEL_H_
