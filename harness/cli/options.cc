#include "harness/cli/options.h"

#include <cstdio>

#include "harness/cli/cli.h"
#include "harness/model/values.h"

namespace mtulab {

Options& Options::Flag(std::initializer_list<const char*> names, bool* out) {
  specs_.push_back({{names.begin(), names.end()}, Kind::kFlag, out});
  return *this;
}

Options& Options::String(std::initializer_list<const char*> names, std::string* out) {
  specs_.push_back({{names.begin(), names.end()}, Kind::kString, out});
  return *this;
}

Options& Options::StringList(std::initializer_list<const char*> names,
                             std::vector<std::string>* out) {
  specs_.push_back({{names.begin(), names.end()}, Kind::kStringList, out});
  return *this;
}

Options& Options::Int(std::initializer_list<const char*> names, int* out, int min, int max) {
  specs_.push_back({{names.begin(), names.end()}, Kind::kInt, out, min, max});
  return *this;
}

Options& Options::Choice(std::initializer_list<const char*> names, std::string* out,
                         std::initializer_list<const char*> values) {
  specs_.push_back({{names.begin(), names.end()}, Kind::kChoice, out});
  specs_.back().values.assign(values.begin(), values.end());
  return *this;
}

const Options::Spec* Options::Find(const std::string& name) const {
  for (const Spec& s : specs_) {
    for (const std::string& n : s.names) {
      if (n == name) return &s;
    }
  }
  return nullptr;
}

namespace {

int Usage(const std::string& command, const std::string& msg) {
  std::fprintf(stderr, "mtulab %s: %s\n(see `mtulab %s --help`)\n", command.c_str(), msg.c_str(),
               command.c_str());
  return kExitUsage;
}

}  // namespace

std::string Options::Suggestion(const std::string& name) const {
  std::vector<std::string> names = {"--help"};
  for (const Spec& s : specs_) names.insert(names.end(), s.names.begin(), s.names.end());
  std::optional<std::string> close = ClosestName(name, names);
  return close ? "; did you mean '" + *close + "'?" : "";
}

bool Options::SplitValue(std::string& a, std::string& value) const {
  if (size_t eq = a.find('='); a.rfind("--", 0) == 0 && eq != std::string::npos) {
    value = a.substr(eq + 1);
    a = a.substr(0, eq);
    return true;
  }
  if (a[1] != '-' && a.size() > 2 && Find(a.substr(0, 2)) != nullptr &&
      Find(a.substr(0, 2))->kind != Kind::kFlag) {
    value = a.substr(2);  // "-j4"
    a = a.substr(0, 2);
    return true;
  }
  return false;
}

std::string Options::StoreChoice(const Spec& s, const std::string& a, const std::string& value) {
  for (const std::string& v : s.values) {
    if (v == value) {
      *static_cast<std::string*>(s.out) = value;
      return "";
    }
  }
  std::optional<std::string> close = ClosestName(value, s.values);
  return "option '" + a + "' takes one of " + JoinNames(s.values) + ", got '" + value + "'" +
         (close ? "; did you mean '" + *close + "'?" : "");
}

std::string Options::Store(const Spec& s, const std::string& a, const std::string& value) {
  if (s.kind == Kind::kChoice) return StoreChoice(s, a, value);
  if (s.kind == Kind::kString) {
    *static_cast<std::string*>(s.out) = value;
    return "";
  }
  if (s.kind == Kind::kStringList) {
    static_cast<std::vector<std::string>*>(s.out)->push_back(value);
    return "";
  }
  size_t used = 0;
  long n = -1;
  try {
    n = std::stol(value, &used);
  } catch (...) {
    used = 0;
  }
  if (used != value.size() || value.empty() || n < s.min || n > s.max) {
    return "option '" + a + "' needs an integer in " + std::to_string(s.min) + ".." +
           std::to_string(s.max) + ", got '" + value + "'";
  }
  *static_cast<int*>(s.out) = static_cast<int>(n);
  return "";
}

int Options::Parse(const std::string& command, const char* help,
                   const std::vector<std::string>& args, std::vector<std::string>* positional) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    if (a == "-h" || a == "--help") {
      std::fputs(help, stdout);
      return kExitPass;
    }
    if (a == "--") {
      positional->insert(positional->end(), args.begin() + i + 1, args.end());
      break;
    }
    if (a.size() < 2 || a[0] != '-') {
      positional->push_back(a);
      continue;
    }
    std::string value;
    bool has_value = SplitValue(a, value);
    const Spec* s = Find(a);
    if (s == nullptr) return Usage(command, "unknown option '" + a + "'" + Suggestion(a));
    if (s->kind == Kind::kFlag) {
      if (has_value) return Usage(command, "option '" + a + "' takes no value");
      *static_cast<bool*>(s->out) = true;
      continue;
    }
    if (!has_value) {
      if (i + 1 >= args.size()) return Usage(command, "option '" + a + "' needs a value");
      value = args[++i];
    }
    if (std::string error = Store(*s, a, value); !error.empty()) return Usage(command, error);
  }
  return -1;
}

}  // namespace mtulab
