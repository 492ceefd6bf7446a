suspects --help
