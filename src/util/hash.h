// Stable 64-bit hashing: the same value on every machine (byte-wise, endian-independent), so
// fingerprints written by one run can be compared with those of another.
#ifndef TEXTRACE_UTIL_HASH_H_
#define TEXTRACE_UTIL_HASH_H_

#include <cstdint>
#include <string_view>

namespace textrace {

// FNV-1a over the bytes, then a murmur3-style finalizer so that low bits are well mixed.
inline uint64_t StableHash(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// splitmix64's finalizer: a cheap bijection whose every output bit depends on every input bit.
inline uint64_t Mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Order-independent key of an unordered pair of hashes.
inline uint64_t UnorderedPairKey(uint64_t a, uint64_t b) {
  if (a > b) std::swap(a, b);
  uint64_t h = a * 0x9e3779b97f4a7c15ULL;
  h ^= b + 0x7f4a7c159e3779b9ULL + (h << 6) + (h >> 2);
  h ^= h >> 31;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 29;
  return h;
}

}  // namespace textrace

#endif  // TEXTRACE_UTIL_HASH_H_
