// The aligner's public face (textrace/align.h): SwapSides, and Aligner, which runs a PairAligner
// (pair_aligner.h) on each document pair. The kinds' names are in src/api/names.cc.
// PreparedDocument is built in prepared_document.cc, Relate() lives in src/relate/.
#include <utility>

#include "align/pair_aligner.h"
#include "textrace/align.h"

namespace textrace {

void SwapSides(PassagePair* p) {
  std::swap(p->a, p->b);
  for (EditOp& e : p->edits) {
    std::swap(e.a_begin, e.b_begin);
    std::swap(e.a_end, e.b_end);
    std::swap(e.a_begin_byte, e.b_begin_byte);
    std::swap(e.a_end_byte, e.b_end_byte);
    if (e.kind == EditKind::kInsert) {
      e.kind = EditKind::kDelete;
    } else if (e.kind == EditKind::kDelete) {
      e.kind = EditKind::kInsert;
    }
  }
}

Aligner::Aligner(AlignOptions options, std::shared_ptr<const Thesaurus> thesaurus)
    : options_(std::move(options)), thesaurus_(std::move(thesaurus)) {}

std::vector<PassagePair> Aligner::Align(const AnalyzedDocument& a,
                                        const AnalyzedDocument& b) const {
  return Align(PreparedDocument(a), PreparedDocument(b));
}

std::vector<PassagePair> Aligner::Align(const PreparedDocument& a,
                                        const PreparedDocument& b) const {
  return align_internal::PairAligner(options_, thesaurus_.get(), a, b).Run();
}

}  // namespace textrace
