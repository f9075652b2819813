//! Feeds the parser text that is mostly wrong: random mixes of the
//! characters the scanner treats specially, and random bytes.
//!
//! A language server parses whatever is in the editor, so every input must
//! give a tree that covers it, without a crash or a hang.

mod common;

/// A small deterministic generator, so that a failure can be replayed.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
}

const PIECES: &[&[u8]] = &[
    b"\n",
    b"\r\n",
    b"\r",
    b" ",
    b"\t",
    b"\\",
    b"`",
    b"#",
    b"# escape=`\n",
    b"# syntax=x\n",
    b"<<",
    b"<<-",
    b"EOF",
    b"\nEOF\n",
    b"\"",
    b"'",
    b"[",
    b"]",
    b",",
    b"=",
    b":",
    b"@",
    b"-",
    b"--",
    b"$",
    b"${",
    b"}",
    b"0",
    b"RUN ",
    b"FROM ",
    b"COPY ",
    b"ENV ",
    b"LABEL ",
    b"ARG ",
    b"HEALTHCHECK ",
    b"CMD ",
    b"ONBUILD ",
    b"USER ",
    b"EXPOSE ",
    b"WORKDIR ",
    b"SHELL ",
    b"AS ",
    b"NONE",
    b"x",
    b"\0",
    b"\xff",
    b"\xc3",
    b"\xe2\x82\xac",
    b"\xef\xbb\xbf",
];

/// The start of an input, for failure messages.
fn describe(input: &[u8]) -> String {
    let text = String::from_utf8_lossy(&input[..input.len().min(120)]).into_owned();
    format!("{text:?} ({} bytes)", input.len())
}

fn assert_parses(parser: &mut tree_sitter::Parser, input: &[u8]) {
    let tree = parser
        .parse(input, None)
        .expect("the parser returns a tree");
    let root = tree.root_node();
    // Where nothing parses, tree-sitter makes the root itself an ERROR.
    assert!(
        matches!(root.kind(), "source_file" | "ERROR"),
        "root is {} for {}",
        root.kind(),
        describe(input)
    );
    assert!(
        root.end_byte() <= input.len(),
        "the tree overruns {}",
        describe(input)
    );
    // Every line of text is inside the tree, not dropped before it.
    let last_text = input
        .iter()
        .rposition(|b| !b" \t\r\n".contains(b))
        .map_or(0, |i| i + 1);
    assert!(
        root.end_byte() >= last_text,
        "the tree ends before the text of {}",
        describe(input)
    );
}

#[test]
fn random_mixes_of_special_characters_parse() {
    let mut parser = common::parser();
    let mut random = XorShift(0x2545_F491_4F6C_DD1D);
    for _ in 0..3000 {
        let mut input = Vec::new();
        for _ in 0..random.below(60) {
            input.extend_from_slice(PIECES[random.below(PIECES.len())]);
        }
        assert_parses(&mut parser, &input);
    }
}

#[test]
fn random_bytes_parse() {
    let mut parser = common::parser();
    let mut random = XorShift(0x9E6C_63D0_676A_9A99);
    for _ in 0..500 {
        let input: Vec<u8> = (0..random.below(400))
            .map(|_| random.next() as u8)
            .collect();
        assert_parses(&mut parser, &input);
    }
}

#[test]
fn long_and_deep_inputs_parse() {
    let mut parser = common::parser();
    let cases: Vec<Vec<u8>> = vec![
        format!("RUN {}\n", "a ".repeat(100_000)).into_bytes(),
        format!("CMD [{}\n", "\"a\", ".repeat(20_000)).into_bytes(),
        format!("RUN echo \\\n{}  done\n", "  # c\n  x \\\n".repeat(5_000)).into_bytes(),
        format!("RUN {}cat\n{}", "<<EOF ".repeat(20), "EOF\n".repeat(20)).into_bytes(),
        format!("COPY <<{} /x\nbody\n", "D".repeat(200)).into_bytes(),
        "ONBUILD ".repeat(2_000).into_bytes(),
    ];
    for input in cases {
        assert_parses(&mut parser, &input);
    }
}
