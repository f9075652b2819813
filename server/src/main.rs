//! The `bulwark` binary: `bulwark lsp` and `bulwark check`.

fn main() -> std::process::ExitCode {
    bulwark::cli::main()
}
