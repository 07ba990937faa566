"""Performance monitoring (issue 18): providers' quarterly returns, the indicators as
versioned data, and quartile benchmarking across the whole installation."""
