#include "textrace/thesaurus.h"

#include <algorithm>
#include <cstdlib>
#include <string_view>
#include <unordered_map>

#include "util/ascii.h"
#include "util/hash.h"

namespace textrace {
namespace {

// Splits `s` at '|'.
std::vector<std::string_view> SplitBars(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t bar = s.find('|', start);
    out.push_back(s.substr(start, bar == std::string_view::npos ? bar : bar - start));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return out;
}

bool IsSingleWord(std::string_view w) {
  if (w.empty()) return false;
  for (char c : w) {
    if (c == ' ' || c == '(' || c == '.' || IsAsciiDigit(c)) return false;
  }
  return true;
}

}  // namespace

std::string Thesaurus::DefaultPath() {
  if (const char* env = std::getenv("TEXTRACE_THESAURUS"); env != nullptr && *env != '\0') {
    return env;
  }
  return TEXTRACE_DEFAULT_THESAURUS;
}

StatusOr<std::shared_ptr<const Thesaurus>> Thesaurus::LoadMyThes(const std::string& path,
                                                                 Analyzer* analyzer,
                                                                 int max_senses) {
  ASSIGN_OR_RETURN(std::string data, ReadFileBytes(path));
  auto t = std::shared_ptr<Thesaurus>(new Thesaurus());
  std::unordered_map<std::string, uint64_t> key_cache;
  key_cache.reserve(1 << 18);
  auto key_of = [&](std::string_view w) {
    auto [it, inserted] = key_cache.try_emplace(std::string(w), 0);
    if (inserted) it->second = StableHash(analyzer->Normalize(w));
    return it->second;
  };
  std::string_view rest(data);
  size_t line_no = 0;
  auto next_line = [&]() -> std::string_view {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  };
  next_line();  // encoding line ("UTF-8")
  while (!rest.empty()) {
    std::string_view head = next_line();
    auto fields = SplitBars(head);
    if (fields.size() != 2) {
      return DataLossError(path + ":" + std::to_string(line_no) +
                           ": expected 'word|senses', got '" + std::string(head.substr(0, 60)) +
                           "'");
    }
    const int senses = std::atoi(std::string(fields[1]).c_str());
    const std::string_view word = fields[0];
    const bool use = IsSingleWord(word) && senses <= max_senses;
    const uint64_t wkey = use ? key_of(word) : 0;
    for (int i = 0; i < senses && !rest.empty(); ++i) {
      std::string_view sense = next_line();
      if (!use) continue;
      auto syns = SplitBars(sense);
      for (size_t j = 1; j < syns.size(); ++j) {  // syns[0] is the part of speech
        std::string_view s = syns[j];
        constexpr std::string_view kSimilar = " (similar term)";
        if (s.size() > kSimilar.size() && s.substr(s.size() - kSimilar.size()) == kSimilar) {
          s.remove_suffix(kSimilar.size());
        }
        if (!IsSingleWord(s)) continue;
        const uint64_t skey = key_of(s);
        if (skey != wkey) t->pairs_.push_back(UnorderedPairKey(wkey, skey));
      }
    }
  }
  t->Finish();
  return std::shared_ptr<const Thesaurus>(std::move(t));
}

std::shared_ptr<const Thesaurus> Thesaurus::FromPairs(
    const std::vector<std::pair<std::string, std::string>>& pairs, Analyzer* analyzer) {
  auto t = std::shared_ptr<Thesaurus>(new Thesaurus());
  for (const auto& [a, b] : pairs) {
    const uint64_t ka = StableHash(analyzer->Normalize(a));
    const uint64_t kb = StableHash(analyzer->Normalize(b));
    if (ka != kb) t->pairs_.push_back(UnorderedPairKey(ka, kb));
  }
  t->Finish();
  return t;
}

namespace {
uint64_t NonZero(uint64_t k) { return k == 0 ? 1 : k; }
}  // namespace

namespace {
constexpr std::string_view kBytesMagic = "textrace-thesaurus/1\n";
}  // namespace

std::string Thesaurus::ToBytes() const {
  std::string out(kBytesMagic);
  for (uint64_t k : pairs_) {
    for (int b = 0; b < 8; ++b) out.push_back(static_cast<char>(k >> (8 * b)));
  }
  return out;
}

StatusOr<std::shared_ptr<const Thesaurus>> Thesaurus::FromBytes(std::string_view bytes) {
  if (bytes.substr(0, kBytesMagic.size()) != kBytesMagic ||
      (bytes.size() - kBytesMagic.size()) % 8 != 0) {
    return DataLossError("not a saved thesaurus");
  }
  auto t = std::shared_ptr<Thesaurus>(new Thesaurus());
  bytes.remove_prefix(kBytesMagic.size());
  t->pairs_.reserve(bytes.size() / 8);
  for (size_t i = 0; i < bytes.size(); i += 8) {
    uint64_t k = 0;
    for (int b = 0; b < 8; ++b) k |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[i + b])) << (8 * b);
    t->pairs_.push_back(k);
  }
  t->Finish();
  return std::shared_ptr<const Thesaurus>(std::move(t));
}

void Thesaurus::Finish() {
  for (uint64_t& k : pairs_) k = NonZero(k);
  std::sort(pairs_.begin(), pairs_.end());
  pairs_.erase(std::unique(pairs_.begin(), pairs_.end()), pairs_.end());
  pairs_.shrink_to_fit();
  size_t size = 16;
  while (size < 2 * pairs_.size()) size *= 2;
  table_.assign(size, 0);
  mask_ = size - 1;
  for (uint64_t k : pairs_) {
    size_t i = k & mask_;
    while (table_[i] != 0) i = (i + 1) & mask_;
    table_[i] = k;
  }
}

bool Thesaurus::AreSynonyms(uint64_t a, uint64_t b) const {
  if (a == b || table_.empty()) return false;
  const uint64_t k = NonZero(UnorderedPairKey(a, b));
  for (size_t i = k & mask_;; i = (i + 1) & mask_) {
    if (table_[i] == k) return true;
    if (table_[i] == 0) return false;
  }
}

}  // namespace textrace
