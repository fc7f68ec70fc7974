#include "stack_trie.h"

#include "raw_alloc.h"

namespace leakproof {
namespace {
inline uint64_t key_hash(uint32_t parent, uintptr_t ip) {
  return mix64(static_cast<uint64_t>(ip) * 31 + parent);
}
}  // namespace

bool StackTrie::grow_nodes() {
  uint32_t ncap = cap_ ? cap_ * 2 : 4096;
  Node* n = static_cast<Node*>(g_orig.realloc(nodes_, sizeof(Node) * ncap));
  if (!n) return false;
  nodes_ = n;
  cap_ = ncap;
  if (count_ == 0) {  // root
    nodes_[0] = Node{0, 0};
    count_ = 1;
  }
  return true;
}

bool StackTrie::grow_index() {
  uint32_t ncap = index_cap_ ? index_cap_ * 2 : 8192;
  uint32_t* idx = raw_alloc_zeroed<uint32_t>(ncap);
  if (!idx) return false;
  for (uint32_t id = 1; id < count_; ++id) {
    uint64_t h = key_hash(nodes_[id].parent, nodes_[id].ip) & (ncap - 1);
    while (idx[h]) h = (h + 1) & (ncap - 1);
    idx[h] = id;
  }
  raw_free(index_);
  index_ = idx;
  index_cap_ = ncap;
  return true;
}

uint32_t StackTrie::child(uint32_t parent, uintptr_t ip) {
  if (!index_ && !grow_index()) return kUnknown;
  uint64_t mask = index_cap_ - 1;
  uint64_t h = key_hash(parent, ip) & mask;
  while (uint32_t id = index_[h]) {
    if (nodes_[id].parent == parent && nodes_[id].ip == ip) return id;
    h = (h + 1) & mask;
  }
  if (count_ >= kMaxNodes) return kUnknown;
  if (count_ >= cap_ && !grow_nodes()) return kUnknown;
  if ((count_ + 1) * 2 > index_cap_) {
    if (!grow_index()) return kUnknown;
    return child(parent, ip);  // rehashed: probe again (the node is not there yet)
  }
  uint32_t id = count_++;
  nodes_[id] = Node{ip, parent};
  index_[h] = id;
  return id;
}

uint32_t StackTrie::insert(const uintptr_t* ips, int n) {
  if (n <= 0) return kUnknown;
  if (!nodes_ && !grow_nodes()) return kUnknown;
  uint32_t node = 0;
  for (int i = n - 1; i >= 0; --i) {
    uint32_t next = child(node, ips[i]);
    if (next == kUnknown) return node;  // truncated (out of memory / full): keep the outer part
    node = next;
  }
  return node;
}

void StackTrie::frames(uint32_t id, std::vector<uintptr_t>& out) const {
  out.clear();
  if (id >= count_) return;
  while (id != 0) {
    out.push_back(nodes_[id].ip);
    id = nodes_[id].parent;
  }
}

}  // namespace leakproof
