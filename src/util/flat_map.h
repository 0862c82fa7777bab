// Open-addressing hash maps for the two hot lookups of a scan: a word's key and stopword flag
// (once per token) and a word's document frequency (once per sentence word). std::unordered_map
// chains its nodes and divides by a prime for every lookup; these probe one array of power-of-two
// size, so a lookup is a multiply, a mask and usually one cache line.
#ifndef TEXTRACE_UTIL_FLAT_MAP_H_
#define TEXTRACE_UTIL_FLAT_MAP_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace textrace {

// Map from 64-bit keys (hashes) to values. ~0 marks empty slots: the key ~0 is stored as ~0 - 1,
// which two hashes share with a chance of 2^-64.
template <typename V>
class FlatMap64 {
 public:
  static constexpr uint64_t kEmpty = ~uint64_t{0};

  FlatMap64() { Rehash(16); }
  // Room for `expected` entries without growing.
  explicit FlatMap64(size_t expected) {
    size_t capacity = 16;
    while (capacity * 3 < expected * 4 + 4) capacity *= 2;
    Rehash(capacity);
  }

  size_t size() const { return size_; }

  // The value of `key`, inserted as V{} if absent.
  V& operator[](uint64_t key) {
    if (key == kEmpty) --key;
    if ((size_ + 1) * 4 > slots_.size() * 3) Rehash(slots_.size() * 2);
    size_t i = Slot(key);
    while (slots_[i].first != kEmpty && slots_[i].first != key) i = (i + 1) & mask_;
    if (slots_[i].first == kEmpty) {
      slots_[i].first = key;
      slots_[i].second = V{};
      ++size_;
    }
    return slots_[i].second;
  }

  // The value of `key`, or null.
  const V* Find(uint64_t key) const {
    if (key == kEmpty) --key;
    for (size_t i = Slot(key);; i = (i + 1) & mask_) {
      if (slots_[i].first == key) return &slots_[i].second;
      if (slots_[i].first == kEmpty) return nullptr;
    }
  }

  // Calls f(key, value) for every entry, in slot order (not a stable order: sort if it matters).
  template <typename F>
  void ForEach(F f) const {
    for (const auto& [k, v] : slots_) {
      if (k != kEmpty) f(k, v);
    }
  }

 private:
  size_t Slot(uint64_t key) const {
    return static_cast<size_t>((key * 0x9e3779b97f4a7c15ULL) >> shift_) & mask_;
  }
  void Rehash(size_t capacity) {
    std::vector<std::pair<uint64_t, V>> old;
    old.swap(slots_);
    slots_.assign(capacity, {kEmpty, V{}});
    mask_ = capacity - 1;
    shift_ = 64;
    for (size_t c = capacity; c > 1; c >>= 1) --shift_;
    size_ = 0;
    for (auto& [k, v] : old) {
      if (k == kEmpty) continue;
      size_t i = Slot(k);
      while (slots_[i].first != kEmpty) i = (i + 1) & mask_;
      slots_[i] = {k, std::move(v)};
      ++size_;
    }
  }

  std::vector<std::pair<uint64_t, V>> slots_;
  size_t mask_ = 0;
  int shift_ = 64;
  size_t size_ = 0;
};

// Map from short strings to values, holding at most `max_entries` (then it starts afresh: a
// cache). Strings live in one arena.
template <typename V>
class StringCache {
 public:
  explicit StringCache(size_t max_entries) : max_entries_(max_entries) { Reset(64); }

  size_t size() const { return size_; }

  // The value cached for `s` (whose hash is `hash`), or null.
  const V* Find(std::string_view s, uint64_t hash) const {
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Entry& e = slots_[i];
      if (!e.used) return nullptr;
      if (e.hash == hash && e.length == s.size() &&
          std::string_view(arena_).substr(e.offset, e.length) == s) {
        return &e.value;
      }
    }
  }

  // Hints for a Find of `hash` soon: the slot where its search starts, then (once that is in
  // the processor's cache) the string held there. A lookup of a word seldom seen misses the
  // processor's caches twice; prefetched some words ahead, the misses overlap.
  void PrefetchSlot(uint64_t hash) const { __builtin_prefetch(&slots_[hash & mask_]); }
  void PrefetchString(uint64_t hash) const {
    const Entry& e = slots_[hash & mask_];
    if (e.used && e.hash == hash) __builtin_prefetch(arena_.data() + e.offset);
  }

  // Caches `value` for `s` (not yet cached) and returns it.
  const V& Insert(std::string_view s, uint64_t hash, V value) {
    if (size_ >= max_entries_ || arena_.size() + s.size() > kMaxArenaBytes) {
      Reset(slots_.size());
    } else if ((size_ + 1) * 2 > slots_.size()) {
      Grow();
    }
    size_t i = hash & mask_;
    while (slots_[i].used) i = (i + 1) & mask_;
    Entry& e = slots_[i];
    e = {hash, static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(s.size()), true,
         std::move(value)};
    arena_.append(s);
    ++size_;
    return e.value;
  }

 private:
  struct Entry {
    uint64_t hash = 0;
    uint32_t offset = 0, length = 0;
    bool used = false;
    V value{};
  };
  void Reset(size_t capacity) {
    slots_.assign(capacity, Entry{});
    mask_ = capacity - 1;
    arena_.clear();
    size_ = 0;
  }
  void Grow() {
    std::vector<Entry> old;
    old.swap(slots_);
    slots_.assign(old.size() * 2, Entry{});
    mask_ = slots_.size() - 1;
    for (Entry& e : old) {
      if (!e.used) continue;
      size_t i = e.hash & mask_;
      while (slots_[i].used) i = (i + 1) & mask_;
      slots_[i] = std::move(e);
    }
  }

  static constexpr size_t kMaxArenaBytes = size_t{1} << 28;  // offsets stay far below 2^32

  size_t max_entries_;
  std::vector<Entry> slots_;
  size_t mask_ = 0;
  std::string arena_;
  size_t size_ = 0;
};

}  // namespace textrace

#endif  // TEXTRACE_UTIL_FLAT_MAP_H_
