// What mtulab hands each CNI plugin and how it reads their answers (no plugin runs here).
#include "harness/runner/cni_chain.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace mtulab {
namespace {

using Json = nlohmann::json;

constexpr const char* kList = R"({
  "cniVersion": "1.0.0", "name": "podnet",
  "plugins": [
    {"type": "bridge", "bridge": "cni0", "mtu": 1400,
     "ipam": {"type": "host-local", "dataDir": "/var/lib/cni/networks"}},
    {"type": "tuning", "mtu": 1280, "prevResult": {"bogus": true}}
  ]
})";

TEST(CniChainTest, ConflistEntriesGetNameVersionAndPrivateDataDir) {
  ASSERT_EQ(ChainLength(kList), 2u);
  EXPECT_EQ(PluginType(kList, 0), "bridge");
  EXPECT_EQ(PluginType(kList, 1), "tuning");
  Json first = Json::parse(PluginStdin(kList, 0, std::nullopt, "/tmp/run.x"));
  EXPECT_EQ(first["cniVersion"], "1.0.0");
  EXPECT_EQ(first["name"], "podnet");
  EXPECT_EQ(first["mtu"], 1400);
  EXPECT_FALSE(first.contains("prevResult"));
  EXPECT_EQ(first["dataDir"], "/tmp/run.x");
  // The user's own state directory is overridden: nothing may land in /var/lib/cni.
  EXPECT_EQ(first["ipam"]["dataDir"], "/tmp/run.x");
  EXPECT_EQ(first["ipam"]["type"], "host-local");
}

TEST(CniChainTest, ChainPassesThePreviousResultOnly) {
  std::string prev = R"({"cniVersion":"1.0.0","ips":[{"address":"10.1.0.2/24"}]})";
  Json second = Json::parse(PluginStdin(kList, 1, prev, "/tmp/run.x"));
  EXPECT_EQ(second["prevResult"], Json::parse(prev));  // the config's own one is dropped
  EXPECT_EQ(second["type"], "tuning");
  EXPECT_EQ(second["name"], "podnet");
  EXPECT_FALSE(second.contains("ipam"));
  EXPECT_EQ(second["dataDir"], "/tmp/run.x");
}

TEST(CniChainTest, SingleConfIsItsOwnOnlyEntry) {
  std::string conf = R"({"cniVersion":"1.0.0","name":"n","type":"macvlan","master":"eth0"})";
  EXPECT_EQ(ChainLength(conf), 1u);
  EXPECT_EQ(PluginType(conf, 0), "macvlan");
  Json entry = Json::parse(PluginStdin(conf, 0, std::nullopt, "/d"));
  EXPECT_EQ(entry["master"], "eth0");
  EXPECT_FALSE(entry.contains("ipam"));
}

TEST(CniChainTest, EnvironmentIsCompleteAndNamesTheInheritedNamespace) {
  std::vector<std::string> env = PluginEnv("ADD", "mtulab-p1", 3, "eth0", "/usr/lib/cni");
  EXPECT_EQ(env, (std::vector<std::string>{
                     "CNI_COMMAND=ADD", "CNI_CONTAINERID=mtulab-p1", "CNI_NETNS=/proc/self/fd/3",
                     "CNI_IFNAME=eth0", "CNI_PATH=/usr/lib/cni",
                     "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}));
}

TEST(CniChainTest, PluginErrorMessage) {
  EXPECT_EQ(
      CniErrorMessage(R"({"code":7,"msg":"invalid MTU 9000, must be [0, master MTU(1450)]"})"),
      "invalid MTU 9000, must be [0, master MTU(1450)] [code 7]");
  EXPECT_EQ(CniErrorMessage(R"({"code":11,"msg":"failed","details":"no space"})"),
            "failed (no space) [code 11]");
  EXPECT_EQ(CniErrorMessage("panic: runtime error"), std::nullopt);
  EXPECT_EQ(CniErrorMessage(R"({"cniVersion":"1.0.0"})"), std::nullopt);
}

TEST(CniChainTest, ParsesAResult) {
  std::string error;
  std::optional<PodNetwork> n = ParseCniResult(R"({"cniVersion":"1.0.0",
    "interfaces":[{"name":"cni0","mac":"aa:bb:cc:00:00:01"},{"name":"veth1"},
                  {"name":"eth0","mac":"aa:bb:cc:00:00:02","sandbox":"/proc/self/fd/3"}],
    "ips":[{"address":"10.1.0.2/24","gateway":"10.1.0.1","interface":2},
           {"address":"fd00::2/64","interface":2}],
    "routes":[{"dst":"0.0.0.0/0"},{"dst":"10.9.0.0/16","gw":"10.1.0.254"}]})",
                                               error);
  ASSERT_TRUE(n) << error;
  ASSERT_EQ(n->interfaces.size(), 3u);
  EXPECT_FALSE(n->interfaces[1].in_pod);
  EXPECT_TRUE(n->interfaces[2].in_pod);
  EXPECT_EQ(n->interfaces[2].mac, "aa:bb:cc:00:00:02");
  ASSERT_NE(n->FirstIp(Family::kIpv6), nullptr);
  EXPECT_EQ(n->FirstIp(Family::kIpv6)->address, "fd00::2/64");
  EXPECT_EQ(n->FirstIp(Family::kIpv4)->gateway, "10.1.0.1");
  ASSERT_EQ(n->routes.size(), 2u);
  EXPECT_EQ(n->routes[1].gw, "10.1.0.254");
}

TEST(CniChainTest, RejectsMalformedResults) {
  std::string error;
  EXPECT_FALSE(ParseCniResult("not json", error));
  EXPECT_EQ(error, "the result is not a JSON object");
  EXPECT_FALSE(ParseCniResult(R"({"ips":[{"address":"10.0.0.2/24","interface":4}]})", error));
  EXPECT_EQ(error, "the result's address 10.0.0.2/24 names interface 4 of 0");
  EXPECT_FALSE(ParseCniResult(R"({"ips":[{"gateway":"10.0.0.1"}]})", error));
  EXPECT_NE(error.find("does not follow CNI 1.0.0"), std::string::npos) << error;
}

}  // namespace
}  // namespace mtulab
