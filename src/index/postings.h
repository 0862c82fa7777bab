// The index's posting lists, kept as segments: each add writes its postings as one new sorted
// segment, appended after everything in the store, and segments of the same size class are merged
// into one (postings.cc: SegmentsToMerge), so that an add writes in order (fast in LMDB, whose
// B+tree otherwise copies every page random keys touch) while a lookup visits a few segments
// (O(log) of the adds).
//
// Layout (docs/index-store.md):
//   postings table:  segment(4) + the chunk's last posting(13) -> the chunk: up to
//                    kChunkPostings postings of 13 bytes (kind(1), key(8), document(4), all
//                    big-endian), ascending. A key's postings may run on into the next chunk.
//   segments table:  segment(4) -> postings(8), first document(4), last document(4).
//   removed table:   document(4) -> "": removed documents, whose postings stay in their segment
//                    until it is merged, and are never reported.
// Segments cover ascending ranges of document numbers in the order of their numbers: a merge
// joins the newest segments, whose ranges are adjacent, into one numbered after all.
#ifndef TEXTRACE_INDEX_POSTINGS_H_
#define TEXTRACE_INDEX_POSTINGS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "index/features.h"
#include "index/store.h"
#include "textrace/status.h"

namespace textrace::index {

inline constexpr size_t kPostingBytes = 13;
// 2,519 postings and LMDB's 16-byte value header fill 8 pages of 4 KiB.
inline constexpr size_t kChunkPostings = 2519;

struct Posting {
  PostingKind kind = PostingKind::kExact;
  uint64_t key = 0;
  uint32_t doc = 0;
  friend bool operator<(const Posting& x, const Posting& y) {
    if (x.kind != y.kind) return x.kind < y.kind;
    if (x.key != y.key) return x.key < y.key;
    return x.doc < y.doc;
  }
  friend bool operator==(const Posting& x, const Posting& y) {
    return x.kind == y.kind && x.key == y.key && x.doc == y.doc;
  }
};

// A posting list's name: kind and key.
using PostingName = std::pair<PostingKind, uint64_t>;

struct PostingTables {
  Table postings, segments, removed;
};

struct SegmentInfo {
  uint32_t id = 0;
  uint64_t postings = 0;
  uint32_t first_doc = 0, last_doc = 0;
};

// Writes `postings` (any order; sorted here) as a new segment, after every other.
Status WriteSegment(WriteTransaction* txn, const PostingTables& tables,
                    std::vector<Posting> postings);

// Merges the newest segments while kMergeFanout or more of them are of about one size (walking
// back from the newest, each older one joins while it holds at most twice the newer ones
// together): each merge in a write transaction of its own, committed.
// Postings of removed documents are dropped. The number of merges made goes to *merges.
inline constexpr int kMergeFanout = 4;
Status MergeSegments(Store* store, const PostingTables& tables, int* merges);

// Marks a document removed: its postings are no longer reported.
Status MarkRemoved(WriteTransaction* txn, const PostingTables& tables, uint32_t doc);

// The posting lists of a read transaction's snapshot.
class SegmentedPostings {
 public:
  static StatusOr<SegmentedPostings> Open(ReadTransaction* txn, const PostingTables& tables);

  // The live documents holding (kind, key), ascending; at most limit + 1 of them.
  Status Find(PostingKind kind, uint64_t key, size_t limit, std::vector<uint32_t>* docs) const;

  // The same for many names at once, `names` ascending and distinct: visit(i, doc) for each live
  // document of names[i], ascending by document within a name, at most limit(kind) + 1 per name.
  // A walk in key order through each segment: much faster than a Find per name.
  Status FindSorted(const std::vector<PostingName>& names,
                    const std::function<size_t(PostingKind)>& limit,
                    const std::function<void(size_t, uint32_t)>& visit) const;

  // Whether the segment covering `p.doc` holds `p` (for Check).
  StatusOr<bool> Contains(const Posting& p) const;
  // Every posting of every segment, removed documents' too, with its segment; false stops.
  // Fails with DataLoss where a chunk is malformed or out of order.
  Status ForEach(const std::function<bool(uint32_t segment, const Posting&)>& visit) const;

  const std::vector<SegmentInfo>& segments() const { return segments_; }
  bool removed(uint32_t doc) const { return removed_.count(doc) > 0; }

 private:
  SegmentedPostings(ReadTransaction* txn, PostingTables tables) : txn_(txn), tables_(tables) {}

  ReadTransaction* txn_;
  PostingTables tables_;
  std::vector<SegmentInfo> segments_;  // ascending by id
  std::unordered_set<uint32_t> removed_;
};

}  // namespace textrace::index

#endif  // TEXTRACE_INDEX_POSTINGS_H_
