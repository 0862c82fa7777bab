#include "textrace/status.h"

namespace textrace {

std::string Status::ToString() const {
  const char* name = "OK";
  switch (code_) {
    case StatusCode::kOk:
      return "OK";
    case StatusCode::kInvalidArgument:
      name = "INVALID_ARGUMENT";
      break;
    case StatusCode::kNotFound:
      name = "NOT_FOUND";
      break;
    case StatusCode::kIoError:
      name = "IO_ERROR";
      break;
    case StatusCode::kDataLoss:
      name = "DATA_LOSS";
      break;
    case StatusCode::kResourceExhausted:
      name = "RESOURCE_EXHAUSTED";
      break;
    case StatusCode::kInternal:
      name = "INTERNAL";
      break;
  }
  return std::string(name) + ": " + message_;
}

}  // namespace textrace
