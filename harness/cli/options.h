#ifndef MTULAB_CLI_OPTIONS_H_
#define MTULAB_CLI_OPTIONS_H_

#include <initializer_list>
#include <string>
#include <vector>

namespace mtulab {

/// A small option parser: "-j 4", "--jobs 4", "--jobs=4", flags, "--" ends options.
/// Unknown options are usage errors with a "did you mean".
class Options {
 public:
  Options& Flag(std::initializer_list<const char*> names, bool* out);
  Options& String(std::initializer_list<const char*> names, std::string* out);
  /// An option that may be given several times; each value is appended to `out`.
  Options& StringList(std::initializer_list<const char*> names, std::vector<std::string>* out);
  Options& Int(std::initializer_list<const char*> names, int* out, int min, int max);
  /// An option whose value must be one of `values` ("did you mean" for a near miss).
  Options& Choice(std::initializer_list<const char*> names, std::string* out,
                  std::initializer_list<const char*> values);

  /// Parses `args`; positional arguments go to `positional`. Returns -1 to go on, or the exit
  /// code to return now (0 after printing `help` for -h/--help, 2 after a usage error).
  int Parse(const std::string& command, const char* help, const std::vector<std::string>& args,
            std::vector<std::string>* positional);

 private:
  enum class Kind { kFlag, kString, kStringList, kInt, kChoice };
  struct Spec {
    std::vector<std::string> names;
    Kind kind;
    void* out;
    int min = 0, max = 0;
    std::vector<std::string> values;  // kChoice
  };
  const Spec* Find(const std::string& name) const;
  // "; did you mean '--jobs'?" for an unknown option close to a known one, else "".
  std::string Suggestion(const std::string& name) const;
  // "--name=value" or "-j4": `a` becomes the option's name, `value` its value; true if so.
  bool SplitValue(std::string& a, std::string& value) const;
  // Stores `value` for the non-flag option `s` (typed as `a`); else the usage error's text.
  static std::string Store(const Spec& s, const std::string& a, const std::string& value);
  static std::string StoreChoice(const Spec& s, const std::string& a, const std::string& value);
  std::vector<Spec> specs_;
};

}  // namespace mtulab

#endif  // MTULAB_CLI_OPTIONS_H_
