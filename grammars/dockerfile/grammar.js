/**
 * @file Dockerfile grammar for Bulwark.
 * @license MIT OR Apache-2.0
 *
 * Everything whose meaning depends on the escape character chosen by a
 * `# escape=` directive (line continuations, shell text, paths, values) and
 * everything that needs memory across lines (heredoc bodies, the directive
 * section at the top) is lexed by the external scanner in src/scanner.c.
 * The rules below only arrange those tokens.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

/**
 * Builds a case-insensitive pattern for an instruction keyword, because
 * Docker accepts `FROM`, `from` and `From` alike.
 *
 * @param {string} word
 * @returns {RegExp}
 */
function caseless(word) {
  const classes = [...word].map((c) =>
    /[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c,
  );
  return new RegExp(classes.join(''));
}

// A variable reference as Docker expands it in FROM, USER and similar
// arguments: `$NAME` or `${NAME}`, `${NAME:-default}`, `${NAME:+alt}`.
const VARIABLE = String.raw`\$[A-Za-z_][A-Za-z0-9_]*|\$\{[^}\s]*\}|\$`;

// A plain argument word for the instructions whose arguments never depend on
// the escape character. A backslash or backtick is accepted inside the word
// but never as its last character, so that an escape character directly
// before a line break is left to the scanner as a line continuation.
const PLAIN_WORD = /(?:[^\s\\`]|[\\`][^\s])+/;

// An image name may carry a registry host with a port (`registry:5000/x`),
// which is told apart from a tag by the slash that must follow the port.
// It never starts with `=` or `-`, which keeps `--platform=$X` a flag.
const IMAGE_NAME = new RegExp(
  String.raw`(?:[^\s:@$\\\`=\-]|${VARIABLE})(?:[^\s:@$\\\`]|${VARIABLE}|:[0-9]+\/)*`,
);
const IMAGE_TAG = new RegExp(String.raw`(?:[A-Za-z0-9_.\-]|${VARIABLE})+`);
const IMAGE_DIGEST = new RegExp(String.raw`(?:[A-Za-z0-9_.+:=\-]|${VARIABLE})+`);
const USER_PART = new RegExp(String.raw`(?:[^\s:$\\\`]|${VARIABLE})+`);

// Keys of ENV, LABEL and ARG pairs; LABEL keys are often quoted.
const KEY = choice(
  /[^\s="'\\`]+/,
  /"(?:[^"\\\r\n]|\\.)*"/,
  /'[^'\r\n]*'/,
);

// Keywords and unknown instruction names outrank every other token, so that
// while the parser recovers from an error (when any token may come) the next
// line's instruction is still seen as one and the error stays on its line.
// Both share one precedence so that the longest match still wins: `FROMAGE`
// is an unknown instruction, not `FROM` followed by `AGE`.
const KEYWORD_PRECEDENCE = 1;

const INSTRUCTIONS = [
  'from', 'run', 'cmd', 'label', 'maintainer', 'expose', 'env', 'add',
  'copy', 'entrypoint', 'volume', 'user', 'workdir', 'arg', 'onbuild',
  'stopsignal', 'healthcheck', 'shell',
];

/**
 * One or more `rule`. Written as `seq(rule, repeat(rule))` rather than
 * `repeat1(rule)` because tree-sitter then builds no repetition node for a
 * single item, and most lists here hold one.
 *
 * @param {RuleOrLiteral} rule
 */
function oneOrMore(rule) {
  return seq(rule, repeat(rule));
}

/**
 * Hidden keyword rules, one per keyword, so that every use of a keyword
 * refers to the same token.
 *
 * @returns {Record<string, ($: any) => any>}
 */
function keywordRules() {
  /** @type {Record<string, ($: any) => any>} */
  const rules = {};
  for (const word of [...INSTRUCTIONS, 'as', 'none']) {
    rules[`_kw_${word}`] = () => token(prec(KEYWORD_PRECEDENCE, caseless(word)));
  }
  return rules;
}

/**
 * The keyword token of `word`, shown in the tree as the upper-case keyword.
 *
 * @param {any} $
 * @param {string} word
 */
function kw($, word) {
  return alias($[`_kw_${word}`], word.toUpperCase());
}

module.exports = grammar({
  name: 'bulwark_dockerfile',

  externals: ($) => [
    $.line_continuation,
    $.comment,
    $._comment_newline,
    $._blank_line,
    $._eol,
    $._heredoc_newline,
    // The content tokens come before the heredoc marker, so that where a
    // command is missing the parser reports a missing shell_fragment.
    $.shell_fragment,
    $._text,
    $._word,
    $._value,
    $.heredoc_marker,
    $.heredoc_line,
    $.heredoc_end,
    // Never used by a rule: the scanner returns it for a heredoc whose
    // terminator line never comes, so that the parser reports an error at
    // the heredoc's opening line.
    $._heredoc_unterminated,
    $._directive_start,
    $.directive_value,
    $._json_open,
    $._param_start,
    // Valid in no parse state; the scanner sees it as valid only while the
    // parser is recovering from an error.
    $._error_sentinel,
  ],

  // Hidden rules that only choose between alternatives are inlined, so that
  // they cost the parser no reduction of their own.
  inline: ($) => [$._instruction, $._onbuild_target, $._command, $._sources_and_destination],

  extras: ($) => [
    /[ \t\r\uFEFF]/,
    $.line_continuation,
    $.comment,
    $._comment_newline,
    $._blank_line,
  ],

  rules: {
    source_file: ($) => seq(
      repeat(seq($.parser_directive, $._eol)),
      repeat(seq($._instruction, $._eol)),
    ),

    parser_directive: ($) => seq(
      alias($._directive_start, '#'),
      field('name', $.directive_name),
      '=',
      field('value', $.directive_value),
    ),

    directive_name: (_) => /[A-Za-z][A-Za-z0-9]*/,

    _instruction: ($) => choice($.onbuild_instruction, $._onbuild_target),

    // Docker refuses `ONBUILD ONBUILD`; leaving it out also bounds how deep
    // instructions nest, for code that walks the tree recursively.
    _onbuild_target: ($) => choice(
      $.from_instruction,
      $.run_instruction,
      $.cmd_instruction,
      $.label_instruction,
      $.maintainer_instruction,
      $.expose_instruction,
      $.env_instruction,
      $.add_instruction,
      $.copy_instruction,
      $.entrypoint_instruction,
      $.volume_instruction,
      $.user_instruction,
      $.workdir_instruction,
      $.arg_instruction,
      $.stopsignal_instruction,
      $.healthcheck_instruction,
      $.shell_instruction,
      $.unknown_instruction,
    ),

    ...keywordRules(),

    from_instruction: ($) => seq(
      kw($, 'from'),
      repeat($.param),
      field('image', $.image_spec),
      optional(seq(kw($, 'as'), field('alias', alias($._plain_word, $.image_alias)))),
    ),

    image_spec: ($) => seq(
      field('name', $.image_name),
      optional(seq(token.immediate(':'), field('tag', $.image_tag))),
      optional(seq(token.immediate('@'), field('digest', $.image_digest))),
    ),

    image_name: (_) => IMAGE_NAME,
    image_tag: (_) => token.immediate(IMAGE_TAG),
    image_digest: (_) => token.immediate(IMAGE_DIGEST),

    run_instruction: ($) => seq(
      kw($, 'run'),
      repeat($.param),
      choice($.json_string_array, $.shell_command),
      repeat($._heredoc),
    ),

    cmd_instruction: ($) => seq(kw($, 'cmd'), $._command),

    entrypoint_instruction: ($) => seq(kw($, 'entrypoint'), $._command),

    shell_instruction: ($) => seq(kw($, 'shell'), $.json_string_array),

    healthcheck_instruction: ($) => seq(
      kw($, 'healthcheck'),
      repeat($.param),
      choice(kw($, 'none'), seq(kw($, 'cmd'), $._command)),
    ),

    // CMD, ENTRYPOINT and HEALTHCHECK CMD take no heredocs.
    _command: ($) => choice(
      $.json_string_array,
      alias($._plain_shell_command, $.shell_command),
    ),

    shell_command: ($) => oneOrMore(choice($.shell_fragment, $.heredoc_marker)),

    _plain_shell_command: ($) => oneOrMore($.shell_fragment),

    // The scanner hands over only arrays that are well formed or cut short
    // by the end of the line (Docker runs anything else as shell form). The
    // trailing comma and the unclosed string accepted here therefore occur
    // only in a cut-short array, where they leave one missing `]` for the
    // parser to report, on the array's own line.
    json_string_array: ($) => seq(
      alias($._json_open, '['),
      optional(seq(
        $.json_string,
        repeat(seq(',', $.json_string)),
        optional(','),
      )),
      ']',
    ),

    json_string: (_) => /"(?:[^"\\\r\n]|\\.)*"?/,

    param: ($) => seq(
      alias($._param_start, '--'),
      field('name', $.param_name),
      optional(seq(token.immediate('='), field('value', $.param_value))),
    ),

    param_name: (_) => token.immediate(/[A-Za-z][A-Za-z0-9_-]*/),
    param_value: (_) => token.immediate(PLAIN_WORD),

    copy_instruction: ($) => seq(
      kw($, 'copy'),
      repeat($.param),
      $._sources_and_destination,
      repeat($._heredoc),
    ),

    add_instruction: ($) => seq(
      kw($, 'add'),
      repeat($.param),
      $._sources_and_destination,
      repeat($._heredoc),
    ),

    _sources_and_destination: ($) => choice(
      $.json_string_array,
      oneOrMore(choice(alias($._word, $.path), $.heredoc_marker)),
    ),

    // The newline that ends the instruction's line (or the previous heredoc's
    // terminator) comes before each body, so the body starts on its own line.
    _heredoc: ($) => seq($._heredoc_newline, $.heredoc_block),

    heredoc_block: ($) => seq(repeat($.heredoc_line), $.heredoc_end),

    volume_instruction: ($) => seq(
      kw($, 'volume'),
      choice($.json_string_array, oneOrMore(alias($._word, $.path))),
    ),

    workdir_instruction: ($) => seq(
      kw($, 'workdir'),
      field('path', alias($._text_run, $.path)),
    ),

    env_instruction: ($) => seq(
      kw($, 'env'),
      choice(oneOrMore($.env_pair), alias($._legacy_pair, $.env_pair)),
    ),

    label_instruction: ($) => seq(
      kw($, 'label'),
      choice(oneOrMore($.label_pair), alias($._legacy_pair, $.label_pair)),
    ),

    arg_instruction: ($) => seq(kw($, 'arg'), oneOrMore($.arg_pair)),

    env_pair: ($) => seq(
      field('key', $.key),
      token.immediate('='),
      optional(field('value', alias($._value, $.value))),
    ),

    label_pair: ($) => seq(
      field('key', $.key),
      token.immediate('='),
      optional(field('value', alias($._value, $.value))),
    ),

    arg_pair: ($) => seq(
      field('key', $.key),
      optional(seq(token.immediate('='), optional(field('value', alias($._value, $.value))))),
    ),

    // The old `ENV NAME value with spaces` form: the value is the rest of the
    // instruction.
    _legacy_pair: ($) => seq(
      field('key', $.key),
      field('value', alias($._text_run, $.value)),
    ),

    key: (_) => token(KEY),

    expose_instruction: ($) => seq(
      kw($, 'expose'),
      oneOrMore(alias($._plain_word, $.expose_port)),
    ),

    user_instruction: ($) => seq(
      kw($, 'user'),
      field('user', $.user_name),
      optional(seq(token.immediate(':'), field('group', $.group_name))),
    ),

    user_name: (_) => USER_PART,
    group_name: (_) => token.immediate(USER_PART),

    stopsignal_instruction: ($) => seq(
      kw($, 'stopsignal'),
      alias($._plain_word, $.signal),
    ),

    // One token for every plain word, so that each use is a leaf of its own
    // name rather than a node wrapping a shared token.
    _plain_word: (_) => PLAIN_WORD,

    maintainer_instruction: ($) => seq(
      kw($, 'maintainer'),
      alias($._text_run, $.text),
    ),

    onbuild_instruction: ($) => seq(kw($, 'onbuild'), $._onbuild_target),

    unknown_instruction: ($) => seq(
      field('name', $.instruction_name),
      optional(alias($._text_run, $.text)),
    ),

    instruction_name: (_) => token(prec(KEYWORD_PRECEDENCE, /[^\s#\\`][^\s\\`]*/)),

    _text_run: ($) => oneOrMore($._text),
  },
});
