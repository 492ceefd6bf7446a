dominators --help
