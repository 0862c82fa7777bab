// Decoding to UTF-8 through ICU (charset_internal.h): converters by canonical name (WHATWG's
// decoders where ICU has them), undecodable sequences counted as U+FFFD, and the chunked
// conversion.
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>

#include <string>
#include <string_view>
#include <vector>

#include "normalize/charset_internal.h"

namespace textrace {
namespace charset_internal {
namespace {

// The ICU converter name for a canonical name (WHATWG decoders where ICU has them).
const char* IcuName(std::string_view canonical) {
  if (canonical == "gbk") return "gb18030";  // WHATWG decodes GBK with the gb18030 decoder
  if (canonical == "shift_jis") return "windows-31j";
  if (canonical == "euc-kr") return "windows-949";
  if (canonical == "big5") return "big5-hkscs";
  if (canonical == "iso-8859-8-i") return "iso-8859-8";
  if (canonical == "ibm866") return "ibm-866";
  if (canonical == "utf-16le") return "UTF-16LE";
  if (canonical == "utf-16be") return "UTF-16BE";
  return nullptr;
}

// ICU callback: an undecodable sequence becomes U+FFFD and is counted in *context.
void U_CALLCONV CountAndReplace(const void* context, UConverterToUnicodeArgs* args,
                                const char* /*code_units*/, int32_t /*length*/,
                                UConverterCallbackReason reason, UErrorCode* err) {
  if (reason > UCNV_IRREGULAR) return;  // reset, close, clone
  ++*static_cast<int64_t*>(const_cast<void*>(context));
  *err = U_ZERO_ERROR;
  static const UChar kReplacementChar = 0xFFFD;
  ucnv_cbToUWriteUChars(args, &kReplacementChar, 1, 0, err);
}

}  // namespace

ConverterPtr OpenConverter(std::string_view canonical) {
  const char* icu = IcuName(canonical);
  std::string name = icu != nullptr ? icu : std::string(canonical);
  UErrorCode err = U_ZERO_ERROR;
  ConverterPtr cnv(ucnv_open(name.c_str(), &err));
  if (U_FAILURE(err)) cnv.reset();
  if (!cnv && canonical == "big5") {
    err = U_ZERO_ERROR;
    cnv.reset(ucnv_open("big5", &err));
    if (U_FAILURE(err)) cnv.reset();
  }
  return cnv;
}

bool SetCounting(UConverter* cnv, int64_t* counter) {
  UErrorCode err = U_ZERO_ERROR;
  ucnv_setToUCallBack(cnv, CountAndReplace, counter, nullptr, nullptr, &err);
  return U_SUCCESS(err);
}

std::string Convert(std::string_view bytes, std::string_view canonical, int64_t* invalid) {
  ConverterPtr cnv = OpenConverter(canonical);
  if (!cnv) cnv = OpenConverter("windows-1252");
  UErrorCode err = U_ZERO_ERROR;
  ConverterPtr utf8(ucnv_open("UTF-8", &err));
  std::string out;
  if (!cnv || !utf8 || U_FAILURE(err) || !SetCounting(cnv.get(), invalid)) {
    // Cannot happen with ICU's data present; keep the contract (never fail): ASCII only.
    out.reserve(bytes.size());
    for (char c : bytes) {
      if (static_cast<unsigned char>(c) < 0x80) {
        out.push_back(c);
      } else {
        out.append("\xEF\xBF\xBD");
        ++*invalid;
      }
    }
    return out;
  }
  constexpr size_t kChunk = 64 * 1024;
  std::vector<UChar> pivot(kChunk);
  std::vector<char> buf(3 * kChunk);
  UChar* pivot_source = pivot.data();
  UChar* pivot_target = pivot.data();
  const char* src = bytes.data();
  const char* const src_end = bytes.data() + bytes.size();
  bool reset = true;
  bool reserved = false;
  while (true) {
    // Feed the source in chunks too, so that the first output tells the expansion ratio.
    const char* chunk_end = src_end - src > static_cast<ptrdiff_t>(kChunk) ? src + kChunk : src_end;
    const char* const chunk_start = src;
    const bool flush = chunk_end == src_end;
    char* target = buf.data();
    err = U_ZERO_ERROR;
    ucnv_convertEx(utf8.get(), cnv.get(), &target, buf.data() + buf.size(), &src, chunk_end,
                   pivot.data(), &pivot_source, &pivot_target, pivot.data() + pivot.size(), reset,
                   flush, &err);
    reset = false;
    if (!reserved && src > chunk_start) {
      reserved = true;
      const double ratio =
          static_cast<double>(target - buf.data()) / static_cast<double>(src - chunk_start);
      out.reserve(static_cast<size_t>(static_cast<double>(bytes.size()) * ratio * 1.05) + 64);
    }
    out.append(buf.data(), static_cast<size_t>(target - buf.data()));
    if (err == U_BUFFER_OVERFLOW_ERROR) continue;
    if (U_FAILURE(err)) {
      // Not expected (errors go to the callback); never loop forever: the rest becomes U+FFFD.
      if (src < src_end) {
        out.append("\xEF\xBF\xBD");
        ++*invalid;
      }
      break;
    }
    if (flush && src == src_end) break;
  }
  return out;
}

}  // namespace charset_internal
}  // namespace textrace
