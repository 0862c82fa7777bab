// Segmented posting lists (postings.h).
#include "index/postings.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <string_view>

#include "util/bytes.h"

namespace textrace::index {
namespace {

constexpr size_t kNameBytes = 9;  // kind(1) + key(8): a posting list's name

void AppendPosting(const Posting& p, std::string* out) {
  out->push_back(static_cast<char>(p.kind));
  ByteWriter w(out);
  w.U64BE(p.key);
  w.U32BE(p.doc);
}

std::string NameBytes(PostingKind kind, uint64_t key) {
  std::string out(1, static_cast<char>(kind));
  ByteWriter(&out).U64BE(key);
  return out;
}

uint32_t DocAt(const char* entry) {
  const auto* b = reinterpret_cast<const unsigned char*>(entry + kNameBytes);
  return (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3];
}

Posting PostingAt(const char* entry) {
  Posting p;
  p.kind = static_cast<PostingKind>(static_cast<unsigned char>(entry[0]));
  uint64_t key = 0;
  for (size_t i = 1; i < kNameBytes; ++i) key = (key << 8) | static_cast<unsigned char>(entry[i]);
  p.key = key;
  p.doc = DocAt(entry);
  return p;
}

// A list's name as numbers, compared with a stored posting without copying it.
struct NameKey {
  uint8_t kind;
  uint64_t key;
};
uint64_t KeyAt(const char* entry) {
  uint64_t v;
  std::memcpy(&v, entry + 1, 8);
  return __builtin_bswap64(v);  // stored big-endian
}
// <0, 0, >0 as the posting's name is before, equal to, after `name`.
int CompareName(const char* entry, const NameKey& name) {
  const auto kind = static_cast<uint8_t>(entry[0]);
  if (kind != name.kind) return kind < name.kind ? -1 : 1;
  const uint64_t key = KeyAt(entry);
  if (key != name.key) return key < name.key ? -1 : 1;
  return 0;
}

// A chunk of one segment: its postings, 13 bytes each.
struct Chunk {
  const char* data = nullptr;
  size_t n = 0;
  const char* at(size_t i) const { return data + i * kPostingBytes; }
  // The first position in [from, n) whose first `len` bytes are >= `target`'s.
  size_t LowerBound(size_t from, const char* target, size_t len) const {
    size_t lo = from, hi = n;
    while (lo < hi) {
      const size_t mid = lo + (hi - lo) / 2;
      if (std::memcmp(at(mid), target, len) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
  // The first position in [from, n) whose name is >= `name`, galloping from `from`: a few steps
  // when it lies near, as it does for names looked up in order.
  size_t LowerBoundNear(size_t from, const NameKey& name) const {
    size_t step = 1, lo = from, hi = from;
    while (hi < n && CompareName(at(hi), name) < 0) {
      lo = hi + 1;
      hi += step;
      step *= 2;
    }
    if (hi > n) hi = n;
    while (lo < hi) {
      const size_t mid = lo + (hi - lo) / 2;
      if (CompareName(at(mid), name) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
};

// The chunk under a cursor's entry, when the entry belongs to `segment_key`'s segment.
StatusOr<bool> ChunkOf(const StoreCursor& c, std::string_view segment_key, Chunk* chunk) {
  if (!c.Valid()) return false;
  const std::string_view k = c.key();
  if (k.size() < 4 || k.substr(0, 4) != segment_key) return false;
  const std::string_view v = c.value();
  if (k.size() != 4 + kPostingBytes || v.empty() || v.size() % kPostingBytes != 0) {
    return DataLossError(fmt::format(
        "index damaged: a posting chunk of {} bytes under a key of {} bytes", v.size(), k.size()));
  }
  chunk->data = v.data();
  chunk->n = v.size() / kPostingBytes;
  return true;
}

StatusOr<std::vector<SegmentInfo>> ReadSegments(ReadTransaction* txn, const PostingTables& t) {
  std::vector<SegmentInfo> out;
  Status bad = Status::Ok();
  RETURN_IF_ERROR(txn->ScanPrefix(t.segments, "", [&](std::string_view k, std::string_view v) {
    SegmentInfo s;
    ByteReader kr(k), vr(v);
    if (k.size() != 4 || !kr.U32BE(&s.id) || !vr.U64BE(&s.postings) || !vr.U32BE(&s.first_doc) ||
        !vr.U32BE(&s.last_doc) || !vr.done()) {
      bad = DataLossError("index damaged: a segment record does not decode");
      return false;
    }
    out.push_back(s);
    return true;
  }));
  RETURN_IF_ERROR(bad);
  return out;
}

std::string SegmentValue(const SegmentInfo& s) {
  std::string v;
  ByteWriter w(&v);
  w.U64BE(s.postings);
  w.U32BE(s.first_doc);
  w.U32BE(s.last_doc);
  return v;
}

// Writes postings, ascending, as chunks of a new segment; the segment's record last.
class SegmentWriter {
 public:
  SegmentWriter(WriteTransaction* txn, const PostingTables& t, uint32_t id)
      : txn_(txn), t_(t), key_(U32Key(id)) {
    info_.id = id;
    buffer_.reserve(kChunkPostings * kPostingBytes);
  }
  Status Add(const Posting& p) {
    if (info_.postings == 0) {
      info_.first_doc = info_.last_doc = p.doc;
    } else {
      info_.first_doc = std::min(info_.first_doc, p.doc);
      info_.last_doc = std::max(info_.last_doc, p.doc);
    }
    ++info_.postings;
    AppendPosting(p, &buffer_);
    if (buffer_.size() == kChunkPostings * kPostingBytes) return Flush();
    return Status::Ok();
  }
  Status Finish() {
    RETURN_IF_ERROR(Flush());
    if (info_.postings == 0) return Status::Ok();
    return txn_->Append(t_.segments, key_, SegmentValue(info_));
  }

 private:
  Status Flush() {
    if (buffer_.empty()) return Status::Ok();
    const std::string key = key_ + buffer_.substr(buffer_.size() - kPostingBytes);
    RETURN_IF_ERROR(txn_->Append(t_.postings, key, buffer_));
    buffer_.clear();
    return Status::Ok();
  }

  WriteTransaction* txn_;
  PostingTables t_;
  std::string key_;
  SegmentInfo info_;
  std::string buffer_;
};

// The newest segments to merge: walking back from the newest, each older segment joins while it
// holds no more than twice those newer than it together (so that batches of about one size
// gather); kMergeFanout or more of them are merged. Segments stay O(log) of the postings, and a
// posting is rewritten O(log) times.
size_t SegmentsToMerge(const std::vector<SegmentInfo>& segments) {
  if (segments.size() < 2) return 0;
  uint64_t newer = segments.back().postings;
  size_t count = 1;
  for (size_t j = segments.size() - 1; j-- > 0;) {
    if (segments[j].postings > 2 * newer) break;
    newer += segments[j].postings;
    ++count;
  }
  return count >= static_cast<size_t>(kMergeFanout) ? count : 0;
}

}  // namespace

Status WriteSegment(WriteTransaction* txn, const PostingTables& t, std::vector<Posting> postings) {
  if (postings.empty()) return Status::Ok();
  std::sort(postings.begin(), postings.end());
  postings.erase(std::unique(postings.begin(), postings.end()), postings.end());
  uint32_t id = 1;
  {
    ASSIGN_OR_RETURN(const std::vector<SegmentInfo> segments, ReadSegments(txn, t));
    if (!segments.empty()) id = segments.back().id + 1;
  }
  SegmentWriter writer(txn, t, id);
  for (const Posting& p : postings) RETURN_IF_ERROR(writer.Add(p));
  return writer.Finish();
}

Status MarkRemoved(WriteTransaction* txn, const PostingTables& t, uint32_t doc) {
  return txn->Put(t.removed, U32Key(doc), "");
}

Status MergeSegments(Store* store, const PostingTables& t, int* merges) {
  *merges = 0;
  while (true) {
    // The inputs are read from a snapshot, which stays as it is while the merge writes.
    ASSIGN_OR_RETURN(auto snapshot, store->Read());
    ASSIGN_OR_RETURN(const SegmentedPostings from, SegmentedPostings::Open(snapshot.get(), t));
    const std::vector<SegmentInfo>& segments = from.segments();
    const size_t count = SegmentsToMerge(segments);
    if (count == 0) return Status::Ok();
    const std::vector<SegmentInfo> inputs(segments.end() - static_cast<ptrdiff_t>(count),
                                          segments.end());
    ASSIGN_OR_RETURN(auto txn, store->Write());
    SegmentWriter writer(txn.get(), t, segments.back().id + 1);
    struct Input {
      std::unique_ptr<StoreCursor> cursor;
      std::string segment_key;
      Chunk chunk;
      size_t pos = 0;
      bool live = false;
    };
    std::vector<Input> in(inputs.size());
    std::vector<std::string> old_keys;
    auto advance_chunk = [&](Input& x, bool first) -> Status {
      if (first) {
        RETURN_IF_ERROR(x.cursor->Seek(x.segment_key));
      } else {
        RETURN_IF_ERROR(x.cursor->Next());
      }
      ASSIGN_OR_RETURN(x.live, ChunkOf(*x.cursor, x.segment_key, &x.chunk));
      if (x.live) old_keys.emplace_back(x.cursor->key());
      x.pos = 0;
      return Status::Ok();
    };
    for (size_t i = 0; i < inputs.size(); ++i) {
      ASSIGN_OR_RETURN(in[i].cursor, snapshot->NewCursor(t.postings));
      in[i].segment_key = U32Key(inputs[i].id);
      RETURN_IF_ERROR(advance_chunk(in[i], /*first=*/true));
    }
    while (true) {
      Input* best = nullptr;
      for (Input& x : in) {
        if (x.live && (best == nullptr || std::memcmp(x.chunk.at(x.pos), best->chunk.at(best->pos),
                                                      kPostingBytes) < 0)) {
          best = &x;
        }
      }
      if (best == nullptr) break;
      const Posting p = PostingAt(best->chunk.at(best->pos));
      if (!from.removed(p.doc)) RETURN_IF_ERROR(writer.Add(p));
      if (++best->pos == best->chunk.n) RETURN_IF_ERROR(advance_chunk(*best, /*first=*/false));
    }
    RETURN_IF_ERROR(writer.Finish());
    for (const std::string& k : old_keys) RETURN_IF_ERROR(txn->Delete(t.postings, k));
    for (const SegmentInfo& s : inputs) RETURN_IF_ERROR(txn->Delete(t.segments, U32Key(s.id)));
    for (Input& x : in) x.cursor.reset();
    RETURN_IF_ERROR(txn->Commit());
    ++*merges;
  }
}

StatusOr<SegmentedPostings> SegmentedPostings::Open(ReadTransaction* txn, const PostingTables& t) {
  SegmentedPostings p(txn, t);
  ASSIGN_OR_RETURN(p.segments_, ReadSegments(txn, t));
  Status bad = Status::Ok();
  RETURN_IF_ERROR(txn->ScanPrefix(t.removed, "", [&](std::string_view k, std::string_view) {
    ByteReader r(k);
    uint32_t doc = 0;
    if (k.size() != 4 || !r.U32BE(&doc)) {
      bad = DataLossError("index damaged: a removed document's key does not decode");
      return false;
    }
    p.removed_.insert(doc);
    return true;
  }));
  RETURN_IF_ERROR(bad);
  return p;
}

Status SegmentedPostings::Find(PostingKind kind, uint64_t key, size_t limit,
                               std::vector<uint32_t>* docs) const {
  docs->clear();
  if (segments_.empty()) return Status::Ok();
  const std::string name = NameBytes(kind, key);
  ASSIGN_OR_RETURN(auto cursor, txn_->NewCursor(tables_.postings));
  for (const SegmentInfo& s : segments_) {
    const std::string segment_key = U32Key(s.id);
    RETURN_IF_ERROR(cursor->Seek(segment_key + name));
    Chunk chunk;
    while (true) {
      ASSIGN_OR_RETURN(const bool live, ChunkOf(*cursor, segment_key, &chunk));
      if (!live) break;
      size_t i = chunk.LowerBound(0, name.data(), kNameBytes);
      for (; i < chunk.n && std::memcmp(chunk.at(i), name.data(), kNameBytes) == 0; ++i) {
        const uint32_t doc = DocAt(chunk.at(i));
        if (removed_.count(doc)) continue;
        docs->push_back(doc);
        if (docs->size() > limit) return Status::Ok();
      }
      if (i < chunk.n) break;  // the list ended inside the chunk
      RETURN_IF_ERROR(cursor->Next());
    }
  }
  return Status::Ok();
}

Status SegmentedPostings::FindSorted(const std::vector<PostingName>& names,
                                     const std::function<size_t(PostingKind)>& limit,
                                     const std::function<void(size_t, uint32_t)>& visit) const {
  if (segments_.empty() || names.empty()) return Status::Ok();
  ASSIGN_OR_RETURN(auto cursor, txn_->NewCursor(tables_.postings));
  const bool any_removed = !removed_.empty();
  for (const SegmentInfo& s : segments_) {
    const std::string segment_key = U32Key(s.id);
    Chunk chunk;
    bool have = false;  // `chunk` is the cursor's
    size_t pos = 0;
    for (size_t n = 0; n < names.size(); ++n) {
      const NameKey name{static_cast<uint8_t>(names[n].first), names[n].second};
      if (!have || CompareName(chunk.at(chunk.n - 1), name) < 0) {
        RETURN_IF_ERROR(cursor->Seek(segment_key + NameBytes(names[n].first, names[n].second)));
        ASSIGN_OR_RETURN(have, ChunkOf(*cursor, segment_key, &chunk));
        if (!have) break;  // the segment holds nothing from this name on
        pos = 0;
      }
      pos = chunk.LowerBoundNear(pos, name);
      const size_t most = limit(names[n].first);
      size_t found = 0;
      while (true) {
        for (; pos < chunk.n && CompareName(chunk.at(pos), name) == 0; ++pos) {
          const uint32_t doc = DocAt(chunk.at(pos));
          if (found > most || (any_removed && removed_.count(doc))) continue;
          visit(n, doc);
          ++found;
        }
        if (pos < chunk.n) break;
        // The list may go on in the next chunk.
        RETURN_IF_ERROR(cursor->Next());
        ASSIGN_OR_RETURN(have, ChunkOf(*cursor, segment_key, &chunk));
        pos = 0;
        if (!have) break;
      }
      if (!have) break;
    }
  }
  return Status::Ok();
}

StatusOr<bool> SegmentedPostings::Contains(const Posting& p) const {
  std::string entry;
  AppendPosting(p, &entry);
  ASSIGN_OR_RETURN(auto cursor, txn_->NewCursor(tables_.postings));
  for (const SegmentInfo& s : segments_) {
    if (p.doc < s.first_doc || p.doc > s.last_doc) continue;
    const std::string segment_key = U32Key(s.id);
    RETURN_IF_ERROR(cursor->Seek(segment_key + entry));
    Chunk chunk;
    ASSIGN_OR_RETURN(const bool live, ChunkOf(*cursor, segment_key, &chunk));
    if (!live) continue;
    const size_t i = chunk.LowerBound(0, entry.data(), kPostingBytes);
    if (i < chunk.n && std::memcmp(chunk.at(i), entry.data(), kPostingBytes) == 0) return true;
  }
  return false;
}

Status SegmentedPostings::ForEach(
    const std::function<bool(uint32_t segment, const Posting&)>& visit) const {
  Status bad = Status::Ok();
  std::unordered_set<uint32_t> known;
  for (const SegmentInfo& s : segments_) known.insert(s.id);
  RETURN_IF_ERROR(
      txn_->ScanPrefix(tables_.postings, "", [&](std::string_view k, std::string_view v) {
        uint32_t segment = 0;
        ByteReader(k).U32BE(&segment);
        if (k.size() != 4 + kPostingBytes || v.empty() || v.size() % kPostingBytes != 0 ||
            !known.count(segment) || k.substr(4) != v.substr(v.size() - kPostingBytes)) {
          bad = DataLossError("index damaged: a posting chunk is malformed or in no segment");
          return false;
        }
        for (size_t i = 0; i < v.size(); i += kPostingBytes) {
          if (i > 0 &&
              std::memcmp(v.data() + i - kPostingBytes, v.data() + i, kPostingBytes) >= 0) {
            bad = DataLossError("index damaged: a posting chunk is out of order");
            return false;
          }
          if (!visit(segment, PostingAt(v.data() + i))) return false;
        }
        return true;
      }));
  return bad;
}

}  // namespace textrace::index
