#include "harness/runner/cni_chain.h"

#include <nlohmann/json.hpp>

namespace mtulab {
namespace {

using Json = nlohmann::json;

// The entry `index` of a checked configuration (a copy).
Json Entry(const Json& conf, size_t index) {
  if (conf.contains("plugins")) return conf.at("plugins").at(index);
  return conf;
}

std::optional<std::string> OptionalString(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

void ReadIps(const Json& ips, PodNetwork& out) {
  for (const Json& ip : ips) {
    CniIp one;
    one.address = ip.at("address").get<std::string>();
    one.family = one.address.find(':') != std::string::npos ? Family::kIpv6 : Family::kIpv4;
    one.gateway = OptionalString(ip, "gateway");
    if (ip.contains("interface")) one.interface = ip.at("interface").get<size_t>();
    out.ips.push_back(std::move(one));
  }
}

}  // namespace

size_t ChainLength(const std::string& config_text) {
  Json conf = Json::parse(config_text);
  return conf.contains("plugins") ? conf.at("plugins").size() : 1;
}

std::string PluginType(const std::string& config_text, size_t index) {
  return Entry(Json::parse(config_text), index).at("type").get<std::string>();
}

std::string PluginStdin(const std::string& config_text, size_t index,
                        const std::optional<std::string>& prev_result,
                        const std::string& data_dir) {
  Json conf = Json::parse(config_text);
  Json entry = Entry(conf, index);
  entry["cniVersion"] = conf.at("cniVersion");
  entry["name"] = conf.at("name");
  entry.erase("prevResult");  // only the runtime passes one
  if (prev_result) entry["prevResult"] = Json::parse(*prev_result);
  entry["dataDir"] = data_dir;
  if (entry.contains("ipam") && entry["ipam"].is_object() && !entry["ipam"].empty()) {
    entry["ipam"]["dataDir"] = data_dir;
  }
  return entry.dump();
}

std::vector<std::string> PluginEnv(const std::string& command, const std::string& container_id,
                                   int netns_fd, const std::string& ifname,
                                   const std::string& cni_path) {
  return {"CNI_COMMAND=" + command, "CNI_CONTAINERID=" + container_id,
          "CNI_NETNS=/proc/self/fd/" + std::to_string(netns_fd), "CNI_IFNAME=" + ifname,
          "CNI_PATH=" + cni_path,
          // ipMasq and portmap run iptables; nothing else is inherited.
          "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"};
}

std::optional<std::string> CniErrorMessage(const std::string& stdout_text) {
  Json error = Json::parse(stdout_text, nullptr, false);
  if (!error.is_object() || !error.contains("msg") || !error["msg"].is_string()) {
    return std::nullopt;
  }
  std::string text = error["msg"].get<std::string>();
  std::optional<std::string> details = OptionalString(error, "details");
  if (details && !details->empty()) text += " (" + *details + ")";
  if (error.contains("code") && error["code"].is_number_integer()) {
    text += " [code " + std::to_string(error["code"].get<int64_t>()) + "]";
  }
  return text;
}

std::optional<PodNetwork> ParseCniResult(const std::string& stdout_text, std::string& error) {
  Json result = Json::parse(stdout_text, nullptr, false);
  if (!result.is_object()) {
    error = "the result is not a JSON object";
    return std::nullopt;
  }
  PodNetwork out;
  try {
    for (const Json& i : result.value("interfaces", Json::array())) {
      out.interfaces.push_back(CniInterface{i.at("name").get<std::string>(),
                                            OptionalString(i, "mac").value_or(""),
                                            !OptionalString(i, "sandbox").value_or("").empty()});
    }
    ReadIps(result.value("ips", Json::array()), out);
    for (const Json& r : result.value("routes", Json::array())) {
      out.routes.push_back(CniRoute{r.at("dst").get<std::string>(), OptionalString(r, "gw")});
    }
  } catch (const Json::exception& e) {
    error = std::string("the result does not follow CNI 1.0.0: ") + e.what();
    return std::nullopt;
  }
  for (const CniIp& ip : out.ips) {
    if (ip.interface && *ip.interface >= out.interfaces.size()) {
      error = "the result's address " + ip.address + " names interface " +
              std::to_string(*ip.interface) + " of " + std::to_string(out.interfaces.size());
      return std::nullopt;
    }
  }
  return out;
}

}  // namespace mtulab
