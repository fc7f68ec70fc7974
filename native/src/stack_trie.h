#pragma once
#include <cstdint>
#include <vector>

namespace leakproof {

// Deduplicated call stacks: node = (parent, ip); a stack id is the id of its innermost node.
// Frames are inserted outermost first so common callers share nodes. Not thread-safe:
// callers hold the tracker lock. Ids stay valid for the process lifetime (never cleared).
class StackTrie {
 public:
  static constexpr uint32_t kUnknown = 0;  // root: empty / unknown stack
  // ips: innermost first. Returns kUnknown when n == 0 or the trie is full/out of memory.
  uint32_t insert(const uintptr_t* ips, int n);
  // Innermost first.
  void frames(uint32_t id, std::vector<uintptr_t>& out) const;
  uint32_t size() const { return count_; }

 private:
  struct Node {
    uintptr_t ip;
    uint32_t parent;
  };
  uint32_t child(uint32_t parent, uintptr_t ip);
  bool grow_nodes();
  bool grow_index();

  Node* nodes_ = nullptr;
  uint32_t count_ = 0, cap_ = 0;
  uint32_t* index_ = nullptr;  // open addressing: node ids (0 = empty)
  uint32_t index_cap_ = 0;     // power of two
  static constexpr uint32_t kMaxNodes = 1u << 24;
};

}  // namespace leakproof
