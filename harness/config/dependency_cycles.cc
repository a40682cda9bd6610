// Dependency cycles among the single-node links of a topology (`dev`, `parent`, `ports`),
// found in time linear in links + references: Tarjan's strongly connected components, run
// iteratively so that a chain of 16,000 macvlans cannot overflow the stack.
#include <algorithm>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "harness/config/loader_internal.h"
#include "harness/config/topology_index.h"

namespace mtulab {
namespace {

using Graph = std::vector<std::vector<size_t>>;  // device index -> indices it depends on

constexpr size_t kNone = SIZE_MAX;

Graph DependencyGraph(const Topology& t, const TopologyIndex& index) {
  Graph g(t.devices.size());
  for (size_t i = 0; i < t.devices.size(); ++i) {
    const Device& d = t.devices[i];
    for (const std::string& dep : d.DependsOn()) {
      const Device* next = index.FindDevice(d.end.node, dep);
      // A link naming itself is reported as "refers to itself"; veth ends have no deps.
      if (next != nullptr && next != &d) g[i].push_back(static_cast<size_t>(next - &t.devices[0]));
    }
  }
  return g;
}

// Tarjan's algorithm from `root`, appending the components of more than one device to `out`.
class Components {
 public:
  explicit Components(const Graph& g) : g_(g), order_(g.size(), kNone), low_(g.size()),
                                        on_stack_(g.size(), false) {}

  std::vector<std::vector<size_t>> All() {
    for (size_t root = 0; root < g_.size(); ++root) {
      if (order_[root] == kNone) From(root);
    }
    return std::move(out_);
  }

 private:
  void Enter(size_t v) {
    order_[v] = low_[v] = counter_++;
    stack_.push_back(v);
    on_stack_[v] = true;
    calls_.emplace_back(v, 0);
  }

  void From(size_t root) {
    Enter(root);
    while (!calls_.empty()) {
      const size_t v = calls_.back().first;
      size_t& edge = calls_.back().second;
      if (edge < g_[v].size()) {
        size_t w = g_[v][edge++];
        if (order_[w] == kNone) {
          Enter(w);
        } else if (on_stack_[w]) {
          low_[v] = std::min(low_[v], order_[w]);
        }
        continue;
      }
      calls_.pop_back();
      if (!calls_.empty()) low_[calls_.back().first] = std::min(low_[calls_.back().first], low_[v]);
      if (low_[v] != order_[v]) continue;
      std::vector<size_t> component;
      size_t w = kNone;
      do {
        w = stack_.back();
        stack_.pop_back();
        on_stack_[w] = false;
        component.push_back(w);
      } while (w != v);
      if (component.size() > 1) out_.push_back(std::move(component));
    }
  }

  const Graph& g_;
  std::vector<size_t> order_, low_;
  std::vector<bool> on_stack_;
  std::vector<size_t> stack_;
  std::vector<std::pair<size_t, size_t>> calls_;  // (device, next edge): the DFS path
  std::vector<std::vector<size_t>> out_;
  size_t counter_ = 0;
};

// One cycle through `start` inside its component (`member[v]` true for the component):
// start, ..., start's last dependency before start again. Breadth-first, so it is short.
std::vector<size_t> CycleThrough(const Graph& g, size_t start, const std::vector<bool>& member,
                                 std::vector<size_t>& parent) {
  std::deque<size_t> queue = {start};
  parent[start] = start;
  std::vector<size_t> visited = {start};
  size_t last = kNone;
  while (!queue.empty() && last == kNone) {
    size_t u = queue.front();
    queue.pop_front();
    for (size_t w : g[u]) {
      if (!member[w]) continue;
      if (w == start) {
        last = u;
        break;
      }
      if (parent[w] != kNone) continue;
      parent[w] = u;
      visited.push_back(w);
      queue.push_back(w);
    }
  }
  std::vector<size_t> cycle;
  for (size_t v = last; v != start; v = parent[v]) cycle.push_back(v);
  cycle.push_back(start);
  for (size_t v : visited) parent[v] = kNone;
  return {cycle.rbegin(), cycle.rend()};
}

// "b -> c -> a -> b" for `cycle` = a b c and `from` = 1; long cycles show their first three
// and last names only, so that a 16,000-link cycle gives short messages.
std::string CycleText(const Topology& t, const std::vector<size_t>& cycle, size_t from) {
  const size_t n = cycle.size();
  auto name = [&](size_t k) { return t.devices[cycle[(from + k) % n]].end.ifname; };
  std::string out = name(0);
  for (size_t k = 1; k < n; ++k) {
    if (n > 8 && k == 3) {
      out += " -> ... (" + std::to_string(n - 4) + " more)";
      k = n - 1;
    }
    out += " -> " + name(k);
  }
  return out + " -> " + name(0);
}

}  // namespace

void CheckDependencyCycles(const Topology& t, const TopologyIndex& index, Diagnostics& diags) {
  const Graph g = DependencyGraph(t, index);
  std::vector<bool> member(g.size(), false);
  std::vector<size_t> parent(g.size(), kNone), position(g.size(), kNone);
  for (std::vector<size_t>& component : Components(g).All()) {
    std::sort(component.begin(), component.end());  // document order
    for (size_t v : component) member[v] = true;
    std::vector<size_t> cycle = CycleThrough(g, component[0], member, parent);
    for (size_t k = 0; k < cycle.size(); ++k) position[cycle[k]] = k;
    for (size_t v : component) {
      const Device& d = t.devices[v];
      std::string what = d.kind + " '" + d.end.ifname + "' on node '" + d.end.node + "'";
      diags.Add(d.loc, what + " depends on itself through other links: " +
                           (position[v] != kNone
                                ? CycleText(t, cycle, position[v])
                                : "it is in the cycle " + CycleText(t, cycle, 0)));
    }
    for (size_t v : component) member[v] = false;
    for (size_t v : cycle) position[v] = kNone;
  }
}

}  // namespace mtulab
