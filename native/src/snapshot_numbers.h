#pragma once

#include <napi.h>

#include <cstddef>
#include <cstdint>

namespace leakproof {

enum class NumbersStatus { kOk, kNoArray, kTooFew, kTooMany };

struct NumbersResult {
  NumbersStatus status;
  /** Numbers stored into target. */
  size_t parsed;
  /** Index after the array's closing ']' (kOk only). */
  size_t end;
};

/** Parses the unsigned integers of the first [..] at or after `from` into target[0..count). */
NumbersResult parse_snapshot_numbers(const uint8_t* bytes, size_t length, size_t from, uint32_t* target, size_t count);

/** Where the fields of one edge sit in the snapshot's `edges` array (`edge_fields`), and `node_fields`' length. */
struct EdgeLayout {
  size_t fields;
  size_t type_offset;
  size_t name_offset;
  size_t target_offset;
  uint32_t node_fields;
};

/**
 * Parses the `edges` array straight into per-field arrays of `edge_count` entries: type, name (string or element
 * index), and target as a node ordinal (`to_node` / node_fields).
 */
NumbersResult parse_snapshot_edges(const uint8_t* bytes, size_t length, size_t from, const EdgeLayout& layout,
                                   uint8_t* type, uint32_t* name, uint32_t* target, size_t edge_count);

void register_snapshot_exports(Napi::Env env, Napi::Object exports);

}  // namespace leakproof
