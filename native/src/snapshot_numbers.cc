// Parsing of a .heapsnapshot's numeric arrays ("nodes": [..], "edges": [..]) straight into a Uint32Array: the
// heap diagnosis reads ~20 M numbers (~80 MB of digits) at 50 MB of heap. Same rules as the JS parser in
// packages/core/src/diagnosis/snapshot-numbers.ts, which stays the fallback when the addon is missing.
#include <napi.h>

#include <cstddef>
#include <cstdint>

#include "snapshot_numbers.h"
#include "tracker.h"

namespace leakproof {

namespace {

inline bool is_digit(uint8_t c) { return c >= '0' && c <= '9'; }

// Scans the unsigned integers of the first [..] at or after `from`, handing each (ordinal, value) to `store`;
// exactly `count` are expected.
template <typename Store>
NumbersResult scan_numbers(const uint8_t* bytes, size_t length, size_t from, size_t count, Store store) {
  NumbersResult result{};
  size_t i = from;
  while (i < length && bytes[i] != '[') i++;
  if (i >= length) {
    result.status = NumbersStatus::kNoArray;
    return result;
  }
  i++;
  size_t index = 0;
  for (; index < count; index++) {
    while (i < length && !is_digit(bytes[i]) && bytes[i] != ']') i++;
    if (i >= length || bytes[i] == ']') break;
    uint64_t value = 0;
    while (i < length && is_digit(bytes[i])) {
      // Wraps modulo 2^32 like a store into a Uint32Array; snapshot fields are below 2^32.
      value = (value * 10 + static_cast<uint64_t>(bytes[i] - '0')) & 0xffffffffu;
      i++;
    }
    store(index, static_cast<uint32_t>(value));
  }
  result.parsed = index;
  if (index < count) {
    result.status = NumbersStatus::kTooFew;
    return result;
  }
  for (; i < length && bytes[i] != ']'; i++) {
    if (is_digit(bytes[i])) {
      result.status = NumbersStatus::kTooMany;
      return result;
    }
  }
  result.status = NumbersStatus::kOk;
  result.end = i + 1;
  return result;
}

}  // namespace

NumbersResult parse_snapshot_numbers(const uint8_t* bytes, size_t length, size_t from, uint32_t* target,
                                     size_t count) {
  return scan_numbers(bytes, length, from, count, [target](size_t index, uint32_t value) { target[index] = value; });
}

namespace {

// to_node / node_fields: a division by a constant compiles to a multiply; node_fields is 6 or 7 in the V8
// versions Node 20-24 ship, other values take the runtime division.
template <uint32_t kDivisor>
struct ConstantDivisor {
  uint32_t operator()(uint32_t value) const { return value / kDivisor; }
};
struct RuntimeDivisor {
  uint32_t divisor;
  uint32_t operator()(uint32_t value) const { return value / divisor; }
};

template <typename Divide>
NumbersResult parse_edges_with(const uint8_t* bytes, size_t length, size_t from, const EdgeLayout& layout,
                               uint8_t* type, uint32_t* name, uint32_t* target, size_t edge_count, Divide divide) {
  size_t field = 0;
  size_t edge = 0;
  return scan_numbers(bytes, length, from, edge_count * layout.fields, [&](size_t, uint32_t value) {
    if (field == layout.type_offset) type[edge] = static_cast<uint8_t>(value);
    else if (field == layout.name_offset) name[edge] = value;
    else if (field == layout.target_offset) target[edge] = divide(value);
    if (++field == layout.fields) {
      field = 0;
      edge++;
    }
  });
}

}  // namespace

NumbersResult parse_snapshot_edges(const uint8_t* bytes, size_t length, size_t from, const EdgeLayout& layout,
                                   uint8_t* type, uint32_t* name, uint32_t* target, size_t edge_count) {
  switch (layout.node_fields) {
    case 6:
      return parse_edges_with(bytes, length, from, layout, type, name, target, edge_count, ConstantDivisor<6>{});
    case 7:
      return parse_edges_with(bytes, length, from, layout, type, name, target, edge_count, ConstantDivisor<7>{});
    default:
      return parse_edges_with(bytes, length, from, layout, type, name, target, edge_count,
                              RuntimeDivisor{layout.node_fields});
  }
}

namespace {

Napi::Value result_object(Napi::Env env, const NumbersResult& result) {
  Napi::Object out = Napi::Object::New(env);
  switch (result.status) {
    case NumbersStatus::kOk:
      out.Set("end", Napi::Number::New(env, static_cast<double>(result.end)));
      return out;
    case NumbersStatus::kNoArray:
      out.Set("problem", "no-array");
      break;
    case NumbersStatus::kTooFew:
      out.Set("problem", "too-few");
      break;
    case NumbersStatus::kTooMany:
      out.Set("problem", "too-many");
      break;
  }
  out.Set("parsed", Napi::Number::New(env, static_cast<double>(result.parsed)));
  return out;
}

// The snapshot's bytes and the offset to start at, as both parsers take them: a Uint8Array and a number >= 0
// (clamped to the length). False when either is of another kind.
struct SnapshotBytes {
  const uint8_t* data;
  size_t length;
  size_t start;
};
bool read_snapshot_bytes(const Napi::Value& bytes_value, const Napi::Value& from_value, SnapshotBytes* out) {
  if (!bytes_value.IsTypedArray() || !from_value.IsNumber()) return false;
  Napi::TypedArray bytes_array = bytes_value.As<Napi::TypedArray>();
  double from = from_value.As<Napi::Number>().DoubleValue();
  if (bytes_array.TypedArrayType() != napi_uint8_array || !(from >= 0)) return false;
  Napi::Uint8Array bytes = bytes_array.As<Napi::Uint8Array>();
  out->data = bytes.Data();
  out->length = bytes.ElementLength();
  out->start = from < static_cast<double>(out->length) ? static_cast<size_t>(from) : out->length;
  return true;
}

// parseSnapshotNumbers(bytes: Uint8Array, from: number, target: Uint32Array)
//   -> { end } | { problem: 'no-array' | 'too-few' | 'too-many', parsed }
// Fills target with the unsigned integers of the first [..] at or after `from`; `end` is the index after its ']'.
// The caller words the problems (it knows which array it read).
Napi::Value ParseSnapshotNumbers(const Napi::CallbackInfo& info) {
  ReentryGuard g;  // the result object's allocations are never recorded in a tracking window
  Napi::Env env = info.Env();
  const char* usage = "leakproof: parseSnapshotNumbers(bytes: Uint8Array, from: number, target: Uint32Array)";
  SnapshotBytes bytes;
  if (info.Length() < 3 || !read_snapshot_bytes(info[0], info[1], &bytes) || !info[2].IsTypedArray() ||
      info[2].As<Napi::TypedArray>().TypedArrayType() != napi_uint32_array) {
    Napi::TypeError::New(env, usage).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Uint32Array target = info[2].As<Napi::Uint32Array>();
  NumbersResult result = parse_snapshot_numbers(bytes.data, bytes.length, bytes.start, target.Data(), target.ElementLength());
  return result_object(env, result);
}

// parseSnapshotEdges(bytes, from, layout, type, name, target) -> as parseSnapshotNumbers. Parses the `edges` array
// into three arrays of one entry per edge (their common length); `layout` gives the offsets of type, name_or_index
// and to_node within `fields` numbers per edge, and the length of node_fields (to_node / nodeFields = ordinal).
Napi::Value ParseSnapshotEdges(const Napi::CallbackInfo& info) {
  ReentryGuard g;
  Napi::Env env = info.Env();
  const char* usage =
      "leakproof: parseSnapshotEdges(bytes: Uint8Array, from: number, layout: { fields, type, name, toNode, "
      "nodeFields }, type: Uint8Array, name: Uint32Array, target: Uint32Array)";
  auto fail = [&]() {
    Napi::TypeError::New(env, usage).ThrowAsJavaScriptException();
    return env.Undefined();
  };
  SnapshotBytes bytes;
  if (info.Length() < 6 || !read_snapshot_bytes(info[0], info[1], &bytes) || !info[2].IsObject() ||
      !info[3].IsTypedArray() || !info[4].IsTypedArray() || !info[5].IsTypedArray()) {
    return fail();
  }
  Napi::Object layout_object = info[2].As<Napi::Object>();
  Napi::TypedArray type_array = info[3].As<Napi::TypedArray>();
  Napi::TypedArray name_array = info[4].As<Napi::TypedArray>();
  Napi::TypedArray target_array = info[5].As<Napi::TypedArray>();
  if (type_array.TypedArrayType() != napi_uint8_array || name_array.TypedArrayType() != napi_uint32_array ||
      target_array.TypedArrayType() != napi_uint32_array) {
    return fail();
  }
  double fields[5];
  const char* keys[5] = {"fields", "type", "name", "toNode", "nodeFields"};
  for (int k = 0; k < 5; k++) {
    Napi::Value v = layout_object.Get(keys[k]);
    if (!v.IsNumber()) return fail();
    fields[k] = v.As<Napi::Number>().DoubleValue();
    if (!(fields[k] >= 0 && fields[k] < 64)) return fail();
  }
  EdgeLayout layout{static_cast<size_t>(fields[0]), static_cast<size_t>(fields[1]), static_cast<size_t>(fields[2]),
                    static_cast<size_t>(fields[3]), static_cast<uint32_t>(fields[4])};
  size_t edge_count = target_array.ElementLength();
  if (layout.fields == 0 || layout.node_fields == 0 || layout.type_offset >= layout.fields ||
      layout.name_offset >= layout.fields || layout.target_offset >= layout.fields || type_array.ElementLength() != edge_count ||
      name_array.ElementLength() != edge_count) {
    return fail();
  }
  NumbersResult result = parse_snapshot_edges(bytes.data, bytes.length, bytes.start, layout,
                                               type_array.As<Napi::Uint8Array>().Data(),
                                               name_array.As<Napi::Uint32Array>().Data(),
                                               target_array.As<Napi::Uint32Array>().Data(), edge_count);
  return result_object(env, result);
}

}  // namespace

void register_snapshot_exports(Napi::Env env, Napi::Object exports) {
  exports.Set("parseSnapshotNumbers", Napi::Function::New(env, ParseSnapshotNumbers, "parseSnapshotNumbers"));
  exports.Set("parseSnapshotEdges", Napi::Function::New(env, ParseSnapshotEdges, "parseSnapshotEdges"));
}

}  // namespace leakproof
