// HTML extraction and charset decoding on any bytes.
#include <string_view>

#include "fuzz_util.h"
#include "ingest/html.h"
#include "normalize/charset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using textrace::fuzz::Check;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const textrace::HtmlText h = textrace::ExtractHtml(bytes);
  uint32_t last = 0;
  for (const textrace::HtmlBlock& b : h.blocks) {
    Check(b.begin <= b.end && b.end <= h.text.size(), "blocks lie inside the text");
    Check(b.begin >= last, "blocks are in order and do not overlap");
    last = b.end;
  }
  textrace::LooksLikeHtml(bytes);
  textrace::MetaCharset(bytes);
  const textrace::Utf8Text u = textrace::ToUtf8(bytes);
  Check(!u.charset.encoding.empty(), "an encoding is always decided");
  Check(u.unchanged || !u.text.empty() || size == 0 || u.charset.bom_bytes == size,
        "decoding loses no text");
  return 0;
}
