// JSON from a bundle is customer input: parse_untrusted_json is the one way the analyzer reads it.
// Iterative parsing (no recursion, whatever the nesting), a nesting limit checked without recursion (so
// later recursive walks such as schema validation are safe), no trailing bytes, and an error whose `where`
// is "<where>:<line>".
//
// Every RapidJSON type that allocates is used through the aliases below (json::Document, json::Value,
// json::StringBuffer, json::Writer, ...), never as rapidjson::Document etc.: RapidJSON 1.1.0's CrtAllocator
// returns malloc's null unchecked, and its callers (internal::Stack::Resize, StringBuffer::PutUnsafe,
// MemoryPoolAllocator::AddChunk) then write through it: a SIGSEGV, not an error, when memory runs out.
// CheckedCrtAllocator throws std::bad_alloc instead, which the commands turn into "out of memory while ..."
// for that bundle (tests/cli/check-checked-json fails on a use of the unchecked types).
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/fwd.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <string>
#include <string_view>

#include "core/result.hpp"

// RapidJSON's schema code compiles and runs "pattern" keywords with its internal regex, whose allocator is fixed
// to the unchecked CrtAllocator (schema.h: internal::GenericRegex<EncodingType>); its stacks grow through
// Stack<CrtAllocator>::Resize. This specialization (declared before any use: every file that includes RapidJSON
// includes this header) makes that growth throw std::bad_alloc too. Left unchecked: the regex's one small state
// set (regex.h, GenericRegex's constructor: (states + 31) / 32 words), allocated once per compiled pattern.
template <>
inline void rapidjson::internal::Stack<rapidjson::CrtAllocator>::Resize(size_t newCapacity) {
  const size_t size = GetSize();
  void* grown = allocator_->Realloc(stack_, GetCapacity(), newCapacity);
  if (grown == nullptr && newCapacity != 0) throw std::bad_alloc();
  stack_ = static_cast<char*>(grown);
  stackTop_ = stack_ + size;
  stackEnd_ = stack_ + newCapacity;
}

namespace migready {

namespace json {

// RapidJSON's CrtAllocator (the Allocator concept of rapidjson/allocators.h), but a failed allocation throws
// std::bad_alloc. Malloc(0) and Realloc(p, n, 0) still return null: RapidJSON relies on that, and it is no
// failure. RapidJSON's containers stay consistent when it throws (a Realloc that throws leaves the old block),
// and a throwing parse clears its stack (GenericDocument::ClearStackOnExit).
class CheckedCrtAllocator {
 public:
  static const bool kNeedFree = true;
  void* Malloc(std::size_t size) {
    if (size == 0) return nullptr;
    void* p = std::malloc(size);
    if (p == nullptr) throw std::bad_alloc();
    return p;
  }
  void* Realloc(void* original, std::size_t /*original_size*/, std::size_t new_size) {
    if (new_size == 0) {
      std::free(original);
      return nullptr;
    }
    void* p = std::realloc(original, new_size);
    if (p == nullptr) throw std::bad_alloc();  // `original` is still valid and still owned by the caller
    return p;
  }
  static void Free(void* p) { std::free(p); }
};

using PoolAllocator = rapidjson::MemoryPoolAllocator<CheckedCrtAllocator>;
using Value = rapidjson::GenericValue<rapidjson::UTF8<>, PoolAllocator>;
using Document = rapidjson::GenericDocument<rapidjson::UTF8<>, PoolAllocator, CheckedCrtAllocator>;
using StringBuffer = rapidjson::GenericStringBuffer<rapidjson::UTF8<>, CheckedCrtAllocator>;
// The writers' own level stacks allocate too.
template <typename OutputStream>
using Writer = rapidjson::Writer<OutputStream, rapidjson::UTF8<>, rapidjson::UTF8<>, CheckedCrtAllocator>;
template <typename OutputStream>
using PrettyWriter = rapidjson::PrettyWriter<OutputStream, rapidjson::UTF8<>, rapidjson::UTF8<>, CheckedCrtAllocator>;
using Reader = rapidjson::GenericReader<rapidjson::UTF8<>, rapidjson::UTF8<>, CheckedCrtAllocator>;
// Include <rapidjson/schema.h> / <rapidjson/pointer.h> to use these.
using SchemaDocument = rapidjson::GenericSchemaDocument<Value, CheckedCrtAllocator>;
using SchemaValidator =
    rapidjson::GenericSchemaValidator<SchemaDocument, rapidjson::BaseReaderHandler<rapidjson::UTF8<>, void>,
                                      CheckedCrtAllocator>;
using Pointer = rapidjson::GenericPointer<Value, CheckedCrtAllocator>;

}  // namespace json

Result<json::Document> parse_untrusted_json(std::string_view text, std::size_t max_depth, const std::string& where);

}  // namespace migready
