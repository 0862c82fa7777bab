// JSONL reader: any bytes as a .jsonl file.
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  textrace::fuzz::ReadAllDocuments(data, size, ".jsonl");
  return 0;
}
