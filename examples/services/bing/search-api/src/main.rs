//! search-api: the Bing query endpoint (stands in for real service code; candor skips it).
fn main() {}
