paths --help
