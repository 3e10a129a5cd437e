fn main() {
    std::process::exit(brieflint::cli::main());
}
