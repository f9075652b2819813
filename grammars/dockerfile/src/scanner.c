// External scanner for the Bulwark Dockerfile grammar.
//
// Docker reads a Dockerfile line by line before it splits words, so several
// things cannot be expressed as regular tokens:
//
// * The escape character is `\` unless a `# escape=` directive at the top
//   picks the backtick. It decides what a line continuation looks like and
//   whether a trailing `\` (as in `C:\app\`) is ordinary text. The scanner
//   keeps it in its serialized state and lexes every token in which it
//   matters: continuations, shell text, paths, values.
// * Comment lines are only comments at the start of a line, also in the
//   middle of a continued instruction, where Docker drops them.
// * Heredoc bodies follow the line that opened them and end at a line equal
//   to the delimiter. The pending delimiters live in the serialized state.
// * Parser directives are only recognised before anything else.

#include "tree_sitter/alloc.h"
#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

enum TokenType {
  LINE_CONTINUATION,
  COMMENT,
  COMMENT_NEWLINE,
  BLANK_LINE,
  EOL,
  HEREDOC_NEWLINE,
  SHELL_FRAGMENT,
  TEXT,
  WORD,
  VALUE,
  HEREDOC_MARKER,
  HEREDOC_LINE,
  HEREDOC_END,
  HEREDOC_UNTERMINATED,
  DIRECTIVE_START,
  DIRECTIVE_VALUE,
  JSON_OPEN,
  PARAM_START,
  ERROR_SENTINEL,
};

// Limits that keep the serialized state well below tree-sitter's 1 KiB
// buffer. A longer delimiter, or a ninth heredoc on one line, is left as
// plain text, which no real Dockerfile needs.
#define MAX_HEREDOCS 8
#define MAX_DELIMITER 64

enum DirectiveKind {
  DIRECTIVE_NONE = 0,
  DIRECTIVE_OTHER = 1,
  DIRECTIVE_ESCAPE = 2,
};

typedef struct {
  uint8_t length;
  bool chomp;
  char name[MAX_DELIMITER];
} Heredoc;

typedef struct {
  int32_t escape;
  // Set once something other than a directive has been seen at the top, so
  // that later `# name=value` lines are comments, as Docker treats them.
  bool directives_done;
  // Set right after a comment token: the newline that follows belongs to the
  // comment line, not to the instruction around it.
  bool after_comment;
  // Set while the lexer is inside the body of heredocs[0].
  bool in_body;
  uint8_t directive_kind;
  uint8_t heredoc_count;
  Heredoc heredocs[MAX_HEREDOCS];
} Scanner;

typedef enum {
  JSON_YES,
  JSON_NO_SAME_WORD,
  JSON_NO_SAME_LINE,
  JSON_NO_LATER_LINE,
} JsonVerdict;

typedef enum {
  MARKER_NONE,
  MARKER_FOUND,
} MarkerStart;

static inline void advance(TSLexer *lexer) { lexer->advance(lexer, false); }

static inline void skip(TSLexer *lexer) { lexer->advance(lexer, true); }

static inline bool is_space(int32_t c) { return c == ' ' || c == '\t' || c == '\r'; }

static inline bool at_newline(TSLexer *lexer) { return lexer->lookahead == '\n'; }

// The lexer reports the end of the input as a NUL lookahead; asking `eof` only
// then keeps the per-character cost down.
static inline bool at_eof(TSLexer *lexer) { return lexer->lookahead == 0 && lexer->eof(lexer); }

static inline bool at_line_end(TSLexer *lexer) { return lexer->lookahead == '\n' || at_eof(lexer); }

static inline bool is_digit(int32_t c) { return c >= '0' && c <= '9'; }

static inline bool is_alpha(int32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static inline int32_t to_lower(int32_t c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

static void reset(Scanner *s) {
  s->escape = '\\';
  s->directives_done = false;
  s->after_comment = false;
  s->in_body = false;
  s->directive_kind = DIRECTIVE_NONE;
  s->heredoc_count = 0;
}

// Writes the UTF-8 encoding of `c` into `out` and returns its length. Invalid
// code points (tree-sitter reports undecodable bytes as negative values) are
// encoded as U+FFFD so that they still compare consistently.
static unsigned encode_utf8(int32_t c, char out[4]) {
  if (c < 0 || c > 0x10FFFF) c = 0xFFFD;
  if (c < 0x80) {
    out[0] = (char)c;
    return 1;
  }
  if (c < 0x800) {
    out[0] = (char)(0xC0 | (c >> 6));
    out[1] = (char)(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = (char)(0xE0 | (c >> 12));
    out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[2] = (char)(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (c >> 18));
  out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
  out[3] = (char)(0x80 | (c & 0x3F));
  return 4;
}

// Consumes the rest of the current line and its newline, if any.
static void consume_line(TSLexer *lexer) {
  while (!at_line_end(lexer)) advance(lexer);
  if (at_newline(lexer)) advance(lexer);
}

// After the newline of a line continuation Docker drops empty lines and
// comment lines until the instruction goes on. This consumes them; it is
// used only while looking ahead, never to form a token.
static void consume_continuation_filler(TSLexer *lexer) {
  for (;;) {
    while (is_space(lexer->lookahead)) advance(lexer);
    if (at_newline(lexer)) {
      advance(lexer);
    } else if (lexer->lookahead == '#') {
      consume_line(lexer);
      if (at_eof(lexer)) return;
    } else {
      return;
    }
  }
}

// Tries to match the terminator of `doc` at the start of a line. On a match
// the lexer stands just after the delimiter (before any `\r`).
static bool match_terminator(TSLexer *lexer, const Heredoc *doc) {
  if (doc->chomp) {
    while (lexer->lookahead == '\t') advance(lexer);
  }
  unsigned i = 0;
  while (i < doc->length) {
    if (at_eof(lexer)) return false;
    char bytes[4];
    unsigned n = encode_utf8(lexer->lookahead, bytes);
    if (i + n > doc->length || memcmp(doc->name + i, bytes, n) != 0) return false;
    i += n;
    advance(lexer);
  }
  return true;
}

// Whether the rest of a line, after a matched delimiter, leaves the line
// equal to the delimiter. Docker strips only the line break itself.
static bool rest_is_line_end(TSLexer *lexer) {
  if (lexer->lookahead == '\r') advance(lexer);
  return at_line_end(lexer);
}

// Consumes a heredoc body up to and including its terminator line, while
// looking ahead. Returns false when the input ends first.
static bool consume_body(TSLexer *lexer, const Heredoc *doc) {
  for (;;) {
    if (at_eof(lexer)) return false;
    if (match_terminator(lexer, doc) && rest_is_line_end(lexer)) {
      if (at_newline(lexer)) advance(lexer);
      return true;
    }
    consume_line(lexer);
  }
}

// Looks ahead from just after a heredoc marker to check that the heredoc is
// terminated: the rest of the logical line, then the bodies of the heredocs
// opened before this one on the same line, then this one's body.
// `continued` says that the marker was directly followed by a line
// continuation whose escape character and spaces were already consumed.
static bool heredoc_is_terminated(Scanner *s, TSLexer *lexer, const Heredoc *doc, bool continued) {
  if (continued) {
    advance(lexer);
    consume_continuation_filler(lexer);
  }
  for (;;) {
    if (at_eof(lexer)) return false;
    if (at_newline(lexer)) {
      advance(lexer);
      break;
    }
    if (lexer->lookahead == s->escape) {
      advance(lexer);
      while (is_space(lexer->lookahead)) advance(lexer);
      if (at_newline(lexer)) {
        advance(lexer);
        consume_continuation_filler(lexer);
      }
      continue;
    }
    advance(lexer);
  }
  for (unsigned i = 0; i < s->heredoc_count; i++) {
    if (!consume_body(lexer, &s->heredocs[i])) return false;
  }
  return consume_body(lexer, doc);
}

// Having seen a possible heredoc start (`<` or a digit at the start of a
// shell word), consumes `[0-9]*<<-?` and reports whether a delimiter word
// follows. On MARKER_NONE the consumed characters are ordinary text and the
// token end has been moved past them.
static MarkerStart start_marker(TSLexer *lexer, bool *chomp) {
  while (is_digit(lexer->lookahead)) advance(lexer);
  for (int i = 0; i < 2; i++) {
    if (lexer->lookahead != '<') {
      lexer->mark_end(lexer);
      return MARKER_NONE;
    }
    advance(lexer);
  }
  *chomp = false;
  if (lexer->lookahead == '-') {
    *chomp = true;
    advance(lexer);
  }
  int32_t c = lexer->lookahead;
  if (at_eof(lexer) || is_space(c) || c == '\n' || c == '<') {
    lexer->mark_end(lexer);
    return MARKER_NONE;
  }
  return MARKER_FOUND;
}

// Lexes the delimiter word of a heredoc marker whose `<<` has been consumed,
// then checks that the body is terminated. Produces HEREDOC_MARKER, or
// HEREDOC_UNTERMINATED, which no rule accepts, so that the parser reports the
// error at the marker. Returns false when the word is not a usable delimiter;
// the caller then treats the text as ordinary text.
static bool finish_marker(Scanner *s, TSLexer *lexer, bool chomp) {
  Heredoc doc = {.length = 0, .chomp = chomp};
  int32_t quote = 0;
  bool continued = false;
  for (;;) {
    int32_t c = lexer->lookahead;
    if (at_eof(lexer) || c == '\n') break;
    if (quote == 0 && is_space(c)) break;
    if (c == s->escape && quote == 0) {
      advance(lexer);
      while (is_space(lexer->lookahead)) advance(lexer);
      if (at_newline(lexer)) {
        continued = true;
        break;
      }
      // An escape character inside the delimiter is not worth supporting;
      // the word is then plain shell text.
      return false;
    }
    if (c == '<') return false;
    advance(lexer);
    if (quote == 0 && (c == '"' || c == '\'')) {
      quote = c;
    } else if (quote != 0 && c == quote) {
      quote = 0;
    } else {
      char bytes[4];
      unsigned n = encode_utf8(c, bytes);
      if (doc.length + n > MAX_DELIMITER) return false;
      memcpy(doc.name + doc.length, bytes, n);
      doc.length += (uint8_t)n;
    }
    lexer->mark_end(lexer);
  }
  if (doc.length == 0 || quote != 0 || s->heredoc_count >= MAX_HEREDOCS) return false;
  if (!heredoc_is_terminated(s, lexer, &doc, continued)) {
    lexer->result_symbol = HEREDOC_UNTERMINATED;
    return true;
  }
  s->heredocs[s->heredoc_count++] = doc;
  lexer->result_symbol = HEREDOC_MARKER;
  return true;
}

// Shell text, or the rest-of-line text of WORKDIR, MAINTAINER and the like:
// one physical line, without leading and trailing blanks, ending before a
// line continuation. With `heredocs`, it also ends before a word that opens
// a heredoc, and such a word at its start becomes a HEREDOC_MARKER.
// `started` says that the caller has already consumed some of the text, and
// `unmarked` that the token end has not been moved past all of it yet.
//
// The token end is moved only when blanks or the end of the text follow
// some content, because calling mark_end for every character is measurably
// slower on large files.
static bool lex_fragment(Scanner *s, TSLexer *lexer, enum TokenType type, bool heredocs,
                         bool started, bool unmarked) {
  bool content = started;
  bool word_start = !started;
  // Quotes are followed only so that `"<<EOF"` opens no heredoc, as Docker
  // sees a quoted word; a quote left open at the end of the line is
  // forgotten, which only matters for a heredoc marker inside such a quote.
  int32_t quote = 0;
  for (;;) {
    int32_t c = lexer->lookahead;
    if (c == '\n' || at_eof(lexer)) break;
    if (is_space(c)) {
      if (unmarked) lexer->mark_end(lexer);
      unmarked = false;
      advance(lexer);
      word_start = true;
      continue;
    }
    if (c == s->escape) {
      if (unmarked) lexer->mark_end(lexer);
      unmarked = false;
      advance(lexer);
      unsigned spaces = 0;
      while (is_space(lexer->lookahead)) {
        advance(lexer);
        spaces++;
      }
      if (at_newline(lexer)) break;
      content = true;
      if (spaces > 0) {
        // The escape character is text; behind blanks it can no longer end
        // the token, which the following text will do instead.
        word_start = true;
        continue;
      }
      // The escaped character is text too, even a quote, except inside
      // single quotes, where nothing is escaped.
      if (quote != '\'' && !at_eof(lexer)) advance(lexer);
      unmarked = true;
      word_start = false;
      continue;
    }
    if (c == '"' || c == '\'') {
      if (quote == 0) {
        quote = c;
      } else if (quote == c) {
        quote = 0;
      }
    }
    if (heredocs && word_start && quote == 0 && (c == '<' || is_digit(c))) {
      bool chomp = false;
      if (start_marker(lexer, &chomp) == MARKER_FOUND) {
        if (content) break;
        if (finish_marker(s, lexer, chomp)) return true;
        // The word was not a delimiter after all: go on with it as text.
        lexer->mark_end(lexer);
      }
      unmarked = false;
      content = true;
      word_start = false;
      continue;
    }
    advance(lexer);
    unmarked = true;
    content = true;
    word_start = false;
  }
  if (!content) return false;
  if (unmarked) lexer->mark_end(lexer);
  lexer->result_symbol = type;
  return true;
}

// One shell word as Docker splits COPY sources and ENV values: it ends at an
// unquoted blank, quotes group blanks, and the escape character escapes the
// next character. A line continuation inside quotes stays inside the word.
// `started` and `unmarked` are as for lex_fragment.
static bool lex_word(Scanner *s, TSLexer *lexer, enum TokenType type, bool heredocs, bool started,
                     bool unmarked) {
  int32_t quote = 0;
  bool content = started;
  for (;;) {
    int32_t c = lexer->lookahead;
    if (c == '\n' || at_eof(lexer)) break;
    if (is_space(c)) {
      if (quote == 0) break;
      if (unmarked) lexer->mark_end(lexer);
      unmarked = false;
      advance(lexer);
      continue;
    }
    if (c == s->escape) {
      if (unmarked) lexer->mark_end(lexer);
      unmarked = false;
      advance(lexer);
      unsigned spaces = 0;
      while (is_space(lexer->lookahead)) {
        advance(lexer);
        spaces++;
      }
      if (at_newline(lexer)) {
        if (quote == 0) break;
        advance(lexer);
        continue;
      }
      content = true;
      if (at_eof(lexer)) {
        unmarked = spaces == 0;
        break;
      }
      // An escaped blank belongs to the word; a second blank ends it.
      if (spaces > 1 && quote == 0) break;
      if (spaces == 0 && quote != '\'') {
        // The escaped character is taken as it is, even a quote.
        advance(lexer);
      }
      unmarked = true;
      continue;
    }
    if (heredocs && !content && quote == 0 && (c == '<' || is_digit(c))) {
      bool chomp = false;
      if (start_marker(lexer, &chomp) == MARKER_FOUND) {
        if (finish_marker(s, lexer, chomp)) return true;
        lexer->mark_end(lexer);
      }
      unmarked = false;
      content = true;
      continue;
    }
    if (c == '"' || c == '\'') {
      if (quote == 0) {
        quote = c;
      } else if (quote == c) {
        quote = 0;
      }
    }
    advance(lexer);
    unmarked = true;
    content = true;
  }
  if (!content) return false;
  if (unmarked) lexer->mark_end(lexer);
  lexer->result_symbol = type;
  return true;
}

// Skips blanks and line continuations while looking ahead inside a JSON
// array. Returns true when a continuation was crossed.
static bool json_skip_blanks(Scanner *s, TSLexer *lexer, bool *crossed_space) {
  bool crossed_line = false;
  for (;;) {
    if (is_space(lexer->lookahead)) {
      advance(lexer);
      *crossed_space = true;
    } else if (lexer->lookahead == s->escape) {
      advance(lexer);
      while (is_space(lexer->lookahead)) advance(lexer);
      if (!at_newline(lexer)) {
        // Not a continuation: a stray character that JSON does not allow.
        // The caller sees the character after it and gives up.
        *crossed_space = true;
        return crossed_line;
      }
      advance(lexer);
      consume_continuation_filler(lexer);
      crossed_line = true;
      *crossed_space = true;
    } else {
      return crossed_line;
    }
  }
}

// The verdict for text that is not exec form, by how far the look-ahead got:
// the caller can only lex the fallback token up to where it may still mark
// the token end.
static JsonVerdict json_no(bool crossed_line, bool crossed_space) {
  if (crossed_line) return JSON_NO_LATER_LINE;
  return crossed_space ? JSON_NO_SAME_LINE : JSON_NO_SAME_WORD;
}

// Decides, after the `[` of RUN, CMD, COPY and the like, whether the
// arguments are Docker's exec form: a JSON array of strings filling the rest
// of the instruction. An array cut short by the end of the line also counts,
// so that a half-typed `CMD ["a",` is reported as an unclosed array; anything
// else makes Docker fall back to shell form, as in `RUN [ -f x ] && y`.
static JsonVerdict check_json(Scanner *s, TSLexer *lexer) {
  bool crossed_space = false;
  bool crossed_line = false;
  bool expect_string = true;
  bool first = true;
  for (;;) {
    crossed_line |= json_skip_blanks(s, lexer, &crossed_space);
    if (at_line_end(lexer)) return JSON_YES;
    int32_t c = lexer->lookahead;
    if (c == ']' && (first || !expect_string)) {
      advance(lexer);
      crossed_line |= json_skip_blanks(s, lexer, &crossed_space);
      return at_line_end(lexer) ? JSON_YES : json_no(crossed_line, crossed_space);
    }
    if (expect_string) {
      if (c != '"') return json_no(crossed_line, crossed_space);
      advance(lexer);
      for (;;) {
        if (at_line_end(lexer)) return JSON_YES;
        int32_t d = lexer->lookahead;
        advance(lexer);
        if (d == '"') break;
        if (d == '\\') {
          if (at_line_end(lexer)) return JSON_YES;
          advance(lexer);
        } else if (d == ' ' || d == '\t') {
          crossed_space = true;
        }
      }
      expect_string = false;
      first = false;
    } else {
      if (c != ',') return json_no(crossed_line, crossed_space);
      advance(lexer);
      expect_string = true;
    }
  }
}

// The value of a parser directive: the rest of the line without trailing
// blanks. The escape directive changes the escape character from here on.
static bool lex_directive_value(Scanner *s, TSLexer *lexer) {
  int32_t first = 0;
  unsigned length = 0;
  while (!at_line_end(lexer)) {
    int32_t c = lexer->lookahead;
    advance(lexer);
    if (!is_space(c)) {
      lexer->mark_end(lexer);
      if (length == 0) first = c;
      length++;
    }
  }
  if (length == 0) return false;
  if (s->directive_kind == DIRECTIVE_ESCAPE && length == 1 && (first == '\\' || first == '`')) {
    s->escape = first;
  }
  s->directive_kind = DIRECTIVE_NONE;
  lexer->result_symbol = DIRECTIVE_VALUE;
  return true;
}

// Reads the directive name of a `#` line and tells which known directive it
// is. Docker knows `syntax`, `escape` and `check`; any other name makes the
// line an ordinary comment.
static enum DirectiveKind read_directive_name(TSLexer *lexer) {
  static const char *const names[] = {"syntax", "escape", "check"};
  char name[8];
  unsigned length = 0;
  if (!is_alpha(lexer->lookahead)) return DIRECTIVE_NONE;
  while (is_alpha(lexer->lookahead) || is_digit(lexer->lookahead)) {
    if (length == sizeof name) return DIRECTIVE_NONE;
    name[length++] = (char)to_lower(lexer->lookahead);
    advance(lexer);
  }
  for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (strlen(names[i]) == length && memcmp(names[i], name, length) == 0) {
      return i == 1 ? DIRECTIVE_ESCAPE : DIRECTIVE_OTHER;
    }
  }
  return DIRECTIVE_NONE;
}

// Lexes a line that starts with `#` (after blanks): a parser directive's `#`
// when the line has the form `# name=value` with a known name and directives
// are still allowed, else a comment up to the end of the line.
static bool lex_hash_line(Scanner *s, TSLexer *lexer, bool directive_allowed) {
  advance(lexer);
  lexer->mark_end(lexer);
  if (directive_allowed) {
    while (lexer->lookahead == ' ' || lexer->lookahead == '\t') advance(lexer);
    enum DirectiveKind kind = read_directive_name(lexer);
    if (kind != DIRECTIVE_NONE) {
      while (lexer->lookahead == ' ' || lexer->lookahead == '\t') advance(lexer);
      if (lexer->lookahead == '=') {
        advance(lexer);
        while (is_space(lexer->lookahead)) advance(lexer);
        if (!at_line_end(lexer)) {
          s->directive_kind = (uint8_t)kind;
          lexer->result_symbol = DIRECTIVE_START;
          return true;
        }
      }
    }
    lexer->mark_end(lexer);
  }
  // The comment ends before a `\r` of a CRLF line break.
  bool unmarked = false;
  while (!at_line_end(lexer)) {
    if (lexer->lookahead == '\r' && unmarked) {
      lexer->mark_end(lexer);
      unmarked = false;
    } else if (lexer->lookahead != '\r') {
      unmarked = true;
    }
    advance(lexer);
  }
  if (unmarked) lexer->mark_end(lexer);
  s->directives_done = true;
  s->after_comment = true;
  lexer->result_symbol = COMMENT;
  return true;
}

// Consumes the newline under the lexer and any blank lines after it.
static void consume_newline_and_blank_lines(TSLexer *lexer) {
  advance(lexer);
  lexer->mark_end(lexer);
  for (;;) {
    while (is_space(lexer->lookahead)) advance(lexer);
    if (!at_newline(lexer)) return;
    advance(lexer);
    lexer->mark_end(lexer);
  }
}

// A newline: after a comment it belongs to the comment line; after a line
// that opened heredocs it leads into the first body; on a line holding only
// blanks it is a blank line; otherwise it ends an instruction.
static bool lex_newline(Scanner *s, TSLexer *lexer, const bool *valid, uint32_t blanks,
                        bool after_comment) {
  if (after_comment) {
    consume_newline_and_blank_lines(lexer);
    lexer->result_symbol = COMMENT_NEWLINE;
    return true;
  }
  if (s->heredoc_count > 0 && !s->in_body) {
    advance(lexer);
    lexer->mark_end(lexer);
    s->in_body = true;
    lexer->result_symbol = HEREDOC_NEWLINE;
    return true;
  }
  if (!valid[EOL] && lexer->get_column(lexer) == blanks) {
    consume_newline_and_blank_lines(lexer);
    s->directives_done = true;
    lexer->result_symbol = BLANK_LINE;
    return true;
  }
  // The end of an instruction is produced even where the parser does not
  // expect it, so that a half-typed instruction stays an error on its own
  // line instead of swallowing the next one.
  advance(lexer);
  lexer->mark_end(lexer);
  lexer->result_symbol = EOL;
  return true;
}

// One line of the body of heredocs[0]: either its terminator or a content
// line including its newline.
static bool lex_heredoc_body(Scanner *s, TSLexer *lexer) {
  if (at_eof(lexer)) return false;
  const Heredoc *doc = &s->heredocs[0];
  if (match_terminator(lexer, doc)) {
    lexer->mark_end(lexer);
    if (rest_is_line_end(lexer)) {
      s->heredoc_count--;
      memmove(&s->heredocs[0], &s->heredocs[1], s->heredoc_count * sizeof(Heredoc));
      s->in_body = false;
      lexer->result_symbol = HEREDOC_END;
      return true;
    }
  }
  consume_line(lexer);
  lexer->mark_end(lexer);
  lexer->result_symbol = HEREDOC_LINE;
  return true;
}

static bool scan(Scanner *s, TSLexer *lexer, const bool *valid) {
  bool recovering = valid[ERROR_SENTINEL];
  // The flag describes only the token right after a comment.
  bool after_comment = s->after_comment;
  s->after_comment = false;

  // Heredoc bodies are raw text, whatever the parser would like to see.
  if (s->in_body && s->heredoc_count > 0) return lex_heredoc_body(s, lexer);

  uint32_t blanks = 0;
  // A byte order mark does not count as a column, so it is not counted
  // among the blanks either.
  while (is_space(lexer->lookahead) || lexer->lookahead == 0xFEFF) {
    if (lexer->lookahead != 0xFEFF) blanks++;
    skip(lexer);
  }

  if (at_newline(lexer)) {
    s->directive_kind = DIRECTIVE_NONE;
    return lex_newline(s, lexer, valid, blanks, after_comment);
  }
  if (at_eof(lexer)) {
    // The last instruction may end without a newline.
    if (valid[EOL] && !recovering) {
      lexer->mark_end(lexer);
      lexer->result_symbol = EOL;
      return true;
    }
    return false;
  }

  // Inside a directive line the escape character is still being decided, so
  // nothing on it is a line continuation.
  if (s->directive_kind != DIRECTIVE_NONE) {
    if (valid[DIRECTIVE_VALUE]) return lex_directive_value(s, lexer);
    return false;
  }

  int32_t c = lexer->lookahead;
  if (c == '#' && lexer->get_column(lexer) == blanks) {
    bool directive_allowed = valid[DIRECTIVE_START] && !s->directives_done && !recovering;
    return lex_hash_line(s, lexer, directive_allowed);
  }

  // Whether text was consumed before the token's main lexer runs, and
  // whether the token end still lags behind that text.
  bool started = false;
  bool unmarked = false;
  if (c == s->escape) {
    advance(lexer);
    lexer->mark_end(lexer);
    bool spaces = false;
    while (is_space(lexer->lookahead)) {
      advance(lexer);
      spaces = true;
    }
    if (at_newline(lexer)) {
      consume_newline_and_blank_lines(lexer);
      s->directives_done = true;
      lexer->result_symbol = LINE_CONTINUATION;
      return true;
    }
    // An escape character that does not end the line is ordinary text, and
    // so is the character it escapes, even a quote.
    if (!spaces && !at_eof(lexer)) {
      advance(lexer);
      lexer->mark_end(lexer);
    }
    started = true;
  }
  if (recovering) return false;

  // Shell text, paths and rest-of-line text always stand apart from the
  // token before them, by blanks or by a line break; what touches a token
  // (the `=deps` of `--from=deps`) belongs to that token.
  bool content = valid[SHELL_FRAGMENT] || valid[TEXT] || valid[WORD];
  bool separated = content && (blanks > 0 || started || lexer->get_column(lexer) == 0);
  bool shell = valid[SHELL_FRAGMENT] && separated;
  bool text = valid[TEXT] && separated;
  bool word = valid[WORD] && separated;
  bool value = valid[VALUE] && blanks == 0;

  if (!started && c == '-' && valid[PARAM_START]) {
    advance(lexer);
    if (lexer->lookahead == '-') {
      advance(lexer);
      if (is_alpha(lexer->lookahead)) {
        lexer->mark_end(lexer);
        lexer->result_symbol = PARAM_START;
        return true;
      }
    }
    lexer->mark_end(lexer);
    started = true;
  }

  if (!started && c == '[' && valid[JSON_OPEN]) {
    advance(lexer);
    lexer->mark_end(lexer);
    if (!shell && !word) {
      lexer->result_symbol = JSON_OPEN;
      return true;
    }
    switch (check_json(s, lexer)) {
      case JSON_YES:
        lexer->result_symbol = JSON_OPEN;
        return true;
      case JSON_NO_LATER_LINE:
        lexer->result_symbol = shell ? SHELL_FRAGMENT : WORD;
        return true;
      case JSON_NO_SAME_LINE:
        if (!shell) {
          lexer->result_symbol = WORD;
          return true;
        }
        break;
      case JSON_NO_SAME_WORD:
        break;
    }
    started = true;
    unmarked = true;
  }

  if (shell) return lex_fragment(s, lexer, SHELL_FRAGMENT, valid[HEREDOC_MARKER], started, unmarked);
  if (text) return lex_fragment(s, lexer, TEXT, false, started, unmarked);
  if (word) return lex_word(s, lexer, WORD, valid[HEREDOC_MARKER], started, unmarked);
  if (value) return lex_word(s, lexer, VALUE, false, started, unmarked);
  return false;
}

void *tree_sitter_bulwark_dockerfile_external_scanner_create(void) {
  Scanner *s = ts_calloc(1, sizeof(Scanner));
  if (s == NULL) return NULL;
  reset(s);
  return s;
}

void tree_sitter_bulwark_dockerfile_external_scanner_destroy(void *payload) { ts_free(payload); }

unsigned tree_sitter_bulwark_dockerfile_external_scanner_serialize(void *payload, char *buffer) {
  Scanner *s = payload;
  unsigned n = 0;
  buffer[n++] = (char)s->escape;
  buffer[n++] = (char)((s->directives_done ? 1 : 0) | (s->after_comment ? 2 : 0) |
                       (s->in_body ? 4 : 0) | (s->directive_kind << 3));
  buffer[n++] = (char)s->heredoc_count;
  for (unsigned i = 0; i < s->heredoc_count; i++) {
    const Heredoc *doc = &s->heredocs[i];
    buffer[n++] = (char)doc->length;
    buffer[n++] = (char)doc->chomp;
    memcpy(buffer + n, doc->name, doc->length);
    n += doc->length;
  }
  return n;
}

void tree_sitter_bulwark_dockerfile_external_scanner_deserialize(void *payload, const char *buffer,
                                                                 unsigned length) {
  Scanner *s = payload;
  reset(s);
  if (length < 3) return;
  unsigned n = 0;
  s->escape = (unsigned char)buffer[n++];
  uint8_t flags = (uint8_t)buffer[n++];
  s->directives_done = flags & 1;
  s->after_comment = flags & 2;
  s->in_body = flags & 4;
  s->directive_kind = (flags >> 3) & 3;
  uint8_t count = (uint8_t)buffer[n++];
  for (unsigned i = 0; i < count && i < MAX_HEREDOCS && n + 2 <= length; i++) {
    Heredoc *doc = &s->heredocs[i];
    doc->length = (uint8_t)buffer[n++];
    doc->chomp = buffer[n++] != 0;
    if (doc->length > MAX_DELIMITER || n + doc->length > length) break;
    memcpy(doc->name, buffer + n, doc->length);
    n += doc->length;
    s->heredoc_count = (uint8_t)(i + 1);
  }
}

bool tree_sitter_bulwark_dockerfile_external_scanner_scan(void *payload, TSLexer *lexer,
                                                          const bool *valid_symbols) {
  return scan(payload, lexer, valid_symbols);
}
