//! Times full and incremental parses of a 1,000-line Dockerfile.
//!
//! The language server reparses on every keystroke, so a full parse of a
//! large Dockerfile should take well under a millisecond. The bounds asserted
//! here are ten times looser than that, so that a loaded CI machine does not
//! fail the test; the measured times are printed (`--nocapture`) to be
//! compared with the target.

mod common;

use std::time::{Duration, Instant};

use tree_sitter::{InputEdit, Point};

/// A multi-stage Dockerfile of about 1,000 lines, shaped like the shared
/// benchmark workload: package installs over continuation lines, pairs,
/// copies, ports.
fn large_dockerfile() -> String {
    let bases = [
        "ubuntu:22.04",
        "debian:bookworm-slim",
        "python:3.12",
        "node:20",
        "alpine:3.19",
    ];
    let packages = [
        "curl",
        "wget",
        "git",
        "gcc",
        "make",
        "ca-certificates",
        "openssl",
        "jq",
    ];
    let mut text = String::new();
    let mut stage = 0;
    while text.lines().count() < 1000 {
        let base = bases[stage % bases.len()];
        text.push_str(&format!("FROM {base} AS s{stage}\n"));
        text.push_str(&format!("ARG VERSION_{stage}=1.{stage}.0\n"));
        text.push_str(&format!("ENV APP_HOME=/opt/app{stage} LOG_LEVEL=info\n"));
        text.push_str("RUN apt-get update && apt-get install -y \\\n");
        for offset in 0..5 {
            text.push_str(&format!(
                "    {} \\\n",
                packages[(stage + offset) % packages.len()]
            ));
        }
        text.push_str("    && rm -rf /var/lib/apt/lists/*\n");
        text.push_str(&format!("WORKDIR /opt/app{stage}\n"));
        text.push_str(&format!("COPY --chown=1:1 src/{stage} ./src\n"));
        text.push_str(&format!("RUN pip install -r requirements-{stage}.txt\n"));
        if stage % 5 == 0 {
            text.push_str(
                "RUN <<EOF\nset -eu\ncurl -fsSL https://example.invalid/install.sh | sh\nEOF\n",
            );
        }
        text.push_str(&format!("EXPOSE {}\n\n", 8000 + stage));
        stage += 1;
    }
    text.push_str("USER 10001\nCMD [\"python3\", \"app.py\"]\n");
    text
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

#[test]
fn a_thousand_line_dockerfile_parses_quickly() {
    let text = large_dockerfile();
    let mut parser = common::parser();
    let tree = parser
        .parse(&text, None)
        .expect("the parser returns a tree");
    assert!(
        !tree.root_node().has_error(),
        "the generated Dockerfile has a syntax error"
    );

    let full = median(
        (0..31)
            .map(|_| {
                let start = Instant::now();
                let tree = parser.parse(&text, None);
                let elapsed = start.elapsed();
                assert!(tree.is_some());
                elapsed
            })
            .collect(),
    );

    // Retype one character in the middle of the file and reparse.
    let middle = text.find("s50").expect("the file has a stage s50") + 1;
    let position = Point::new(
        text[..middle].lines().count() - 1,
        middle - text[..middle].rfind('\n').map_or(0, |i| i + 1),
    );
    let edit = InputEdit {
        start_byte: middle,
        old_end_byte: middle + 1,
        new_end_byte: middle + 1,
        start_position: position,
        old_end_position: Point::new(position.row, position.column + 1),
        new_end_position: Point::new(position.row, position.column + 1),
    };
    let incremental = median(
        (0..31)
            .map(|_| {
                let mut old = tree.clone();
                old.edit(&edit);
                let start = Instant::now();
                let new = parser.parse(&text, Some(&old));
                let elapsed = start.elapsed();
                assert!(new.is_some());
                elapsed
            })
            .collect(),
    );

    println!(
        "{} lines, {} bytes: full parse {full:?}, incremental reparse {incremental:?}",
        text.lines().count(),
        text.len()
    );
    assert!(
        full < Duration::from_millis(10),
        "a full parse took {full:?}"
    );
    assert!(
        incremental < Duration::from_millis(5),
        "an incremental reparse took {incremental:?}"
    );
}
