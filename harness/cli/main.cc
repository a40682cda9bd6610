#include "harness/cli/cli.h"

int main(int argc, char** argv) { return mtulab::RunCli(argc, argv); }
