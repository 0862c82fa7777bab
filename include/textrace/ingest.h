// Reading collections: directories of text and HTML files, JSONL (one document per line), WARC
// crawls, gzip or zstd compressed files, and standard input. Every input document is accounted
// for: returned, or skipped with the file, position and reason.
#ifndef TEXTRACE_INGEST_H_
#define TEXTRACE_INGEST_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "textrace/options.h"
#include "textrace/status.h"

namespace textrace {

struct InputDocument {
  std::string id;  // the given id; else the path (and ":LINE" for JSONL)
  // The document text, UTF-8: the file's bytes as they are when they are UTF-8 (even with a few
  // damaged sequences, which the analyzer repairs); else decoded from the file's encoding, or
  // extracted from HTML. Report offsets count in this text.
  std::string text;
  std::string date;    // optional, as given (ISO 8601 expected), empty when absent
  // Where `date` came from: "jsonl field 'date'" (the field's name), "WARC-Date" (the crawl's
  // time), "ARC date", or the page's own date: "article:published_time", "og:published_time",
  // "json-ld datePublished", "itemprop datePublished", "meta date", "time datetime" (an HTML
  // page states its publication; preferred over the crawl's date), or "dates file"
  // (IngestOptions::dates_file, applied by the scanner). Empty when `date` is.
  std::string date_from;
  std::string url;     // optional, empty when absent
  std::string origin;  // where it came from: "path", "path:LINE" or "path: byte N", for messages
  // How `text` was made when it is not the input's bytes: "html (utf-8)", "html (windows-1251)",
  // "utf-16le", "windows-1252" ...; empty when the text is the input's own bytes (or JSON string).
  std::string text_from;
  // A JSONL document: its input line, byte for byte, without the line ending (decoded to UTF-8
  // when the file is UTF-16; the first line without a byte-order mark), for what writes kept
  // records as they came (dedup). Empty for other inputs.
  std::string record;
  // Other fields of the document, carried through untouched to what is written of it (dedup's
  // kept records): a JSON object, as text, or empty.
  std::string fields;
  // A WARC revisit record (a capture whose payload was the same as an earlier one's, stored
  // without it): the id of the document it revisits, read before from the same inputs; `text`
  // is then empty. Empty for every other document.
  std::string revisit_of;
};

// A document (or line, or file) that was not returned, and why.
struct SkipRecord {
  std::string origin;  // "path", "path:LINE" or "path: byte N"
  std::string reason;  // e.g. "empty", "not text (binary: 12 NUL bytes)", "malformed JSON: ..."
};


// Streams documents from the inputs, in a deterministic order: inputs in the order given,
// directory entries in byte-wise sorted path order (recursive, symlinked directories followed
// once, files read once), JSONL lines and WARC records in file order. Inputs: a directory, a
// file, or "-" for standard input (JSONL). Files, under IngestOptions::input_format "auto":
// .jsonl / .ndjson, and data whose first line is a JSON object, are JSONL (UTF-8 or UTF-16); a
// file whose data starts with a "WARC/1." header is a WARC (response records with HTML or text
// become documents); a file named .html / .htm / .xhtml or whose start looks like HTML is a page,
// of which the main text is extracted; any other file is one text document, decoded from its
// encoding (BOM, UTF-8, UTF-16, detected legacy encodings). Any file may be gzip or zstd
// compressed. Not thread-safe.
class DocumentReader {
 public:
  virtual ~DocumentReader() = default;
  // Fails only when an input does not exist at all (NotFound naming it).
  static StatusOr<std::unique_ptr<DocumentReader>> Open(const std::vector<std::string>& inputs,
                                                        const IngestOptions& options);
  // Fills `doc` with the next document and returns true, or returns false at the end. Problems
  // with single documents are recorded in skipped() and reading goes on; with options.strict
  // they are returned as errors (DataLoss naming the file and line).
  virtual StatusOr<bool> Next(InputDocument* doc) = 0;
  virtual const std::vector<SkipRecord>& skipped() const = 0;
  virtual int64_t documents_read() const = 0;  // returned by Next so far
  virtual int64_t bytes_read() const = 0;      // uncompressed input bytes consumed so far
  // WARC records that are not documents by nature (request, metadata, warcinfo, conversion ...):
  // counted, not listed in skipped().
  virtual int64_t warc_records_not_documents() const = 0;
  // Files of directory inputs left out by IngestOptions::include and exclude: counted, not
  // listed in skipped() (they are not inputs).
  virtual int64_t files_excluded() const = 0;
};

// One document from bytes in memory, read as the content of a plain file named `name` would be
// (not JSONL or WARC): HTML (by its name or content, or always with input_format "html"; never
// with "text") gives its main text, other bytes are decoded from their encoding. id and origin are `name`. Fails as the reader would skip the file:
// InvalidArgument naming it and the reason (binary, empty, no main text).
StatusOr<InputDocument> DocumentFromBytes(std::string name, std::string bytes,
                                          const IngestOptions& options);

// A document as one JSON line (textrace extract): id, text, origin, and url, date, date_from,
// text_from and revisit_of where present; invalid UTF-8 (never in a text the reader returns) as U+FFFD.
std::string DocumentJsonLine(const InputDocument& d);

}  // namespace textrace

#endif  // TEXTRACE_INGEST_H_
