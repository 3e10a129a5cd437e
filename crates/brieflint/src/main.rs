fn main() {
    // Fault isolation is tested through the real binary: `BRIEFLINT_FAULT_INJECT=BL101`
    // makes that rule panic (it becomes BL000); a method name is read by the server.
    if let Some(code) = std::env::var("BRIEFLINT_FAULT_INJECT")
        .ok()
        .filter(|code| code.starts_with("BL"))
    {
        brieflint_core::inject_rule_fault(&code);
    }
    std::process::exit(brieflint::cli::main());
}
