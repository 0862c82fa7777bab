// WARC reader, HTTP parsing and the extraction behind them: any bytes as a .warc file, and as an
// HTTP message.
#include <string_view>

#include "fuzz_util.h"
#include "ingest/warc.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  textrace::fuzz::ReadAllDocuments(data, size, ".warc");
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const textrace::HttpResponse r = textrace::ParseHttpResponse(bytes, 1 << 20);
  textrace::fuzz::Check(r.body.size() <= (1u << 20) + 65536, "the body limit holds");
  return 0;
}
